package dev.nn.registry;

import dev.nn.spi.ComponentProvider;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A provider found by discovery, under one of its names.
 *
 * @param kind what it provides
 * @param name the name a spec uses (its own name or an alias)
 * @param provider the provider instance (for plugins, a wrapper that names the plugin when its code fails)
 * @param implementation the provider's own class
 * @param origin where its class came from
 */
public record DiscoveredComponent(
        ComponentKind kind, String name, ComponentProvider<?> provider, Class<?> implementation,
        ComponentOrigin origin) {
    public DiscoveredComponent {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(implementation, "implementation is null");
        Objects.requireNonNull(origin, "origin is null");
    }

    /** A component whose provider is its own implementation (not wrapped). */
    public DiscoveredComponent(ComponentKind kind, String name, ComponentProvider<?> provider, ComponentOrigin origin) {
        this(kind, name, provider, provider.getClass(), origin);
    }

    /** Whether {@link #name} is an alias rather than the provider's own name. */
    public boolean alias() {
        return !name.equals(provider.name());
    }

    /**
     * How messages name it: {@code activation 'swish' (plugin nn-example-plugin.jar)} or
     * {@code activation 'relu' (built-in)}.
     */
    public String label() {
        return kind.displayName() + " '" + name + "' (" + originLabel() + ")";
    }

    /** {@code plugin nn-example-plugin.jar} (the jar's or folder's file name) or {@code built-in}. */
    public String originLabel() {
        if (origin.builtIn()) {
            return ComponentOrigin.BUILT_IN;
        }
        Path location = Path.of(origin.location()).getFileName();
        return "plugin " + (location == null ? origin.location() : location.toString());
    }

    /** The implementing class's name. */
    public String className() {
        return implementation.getName();
    }
}
