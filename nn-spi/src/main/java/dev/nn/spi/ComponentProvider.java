package dev.nn.spi;

import java.util.List;

/**
 * Creates one kind of component from the parameters a spec writes beside its name.
 *
 * <p>Implementations need a public no-argument constructor (for {@link java.util.ServiceLoader}) and should be
 * cheap to construct: the platform instantiates every provider it discovers.
 *
 * @param <T> the component type
 */
public interface ComponentProvider<T> {
    /** The name a spec uses, e.g. {@code "relu"}: lower case, digits and underscores, unique within the kind. */
    String name();

    /** Other names for the same component, e.g. {@code "linear"} for {@code "identity"}; empty by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line saying what the component is, shown by {@code nn plugins}; empty by default. */
    default String description() {
        return "";
    }

    /**
     * Creates the component.
     *
     * @param parameters the parameters written beside the name; read each one the component accepts. Parameters
     *     that are never read are reported to the user as unknown, so a provider need not check for them.
     * @throws ParameterException when a parameter has the wrong type or an invalid value
     */
    T create(ComponentParameters parameters);
}
