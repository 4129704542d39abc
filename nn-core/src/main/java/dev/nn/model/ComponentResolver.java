package dev.nn.model;

import dev.nn.input.UserText;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.registry.DuplicateComponentException;
import dev.nn.registry.NameSuggestions;
import dev.nn.registry.PluginException;
import dev.nn.registry.UnknownComponentException;
import dev.nn.spec.ComponentRef;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.ParameterException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves component names through the registry and creates components from their parameters: an unknown name, a
 * bad or unknown parameter, a failing or wrong-typed provider each become a problem at the key that wrote it.
 * Remembers every discovered component used, for the model's provenance.
 */
final class ComponentResolver {
    private final ComponentRegistry registry;
    private final AssemblyProblems problems;
    private final Set<DiscoveredComponent> used = new LinkedHashSet<>();
    private final Map<String, ComponentRef> resolved = new java.util.LinkedHashMap<>();

    ComponentResolver(ComponentRegistry registry, AssemblyProblems problems) {
        this.registry = registry;
        this.problems = problems;
    }

    /** The discovered components resolved so far, in the order first used. */
    List<DiscoveredComponent> used() {
        return List.copyOf(used);
    }

    /**
     * Every component created so far by the key path that wrote it ({@code optimizer}, {@code layers[0].activation}),
     * with every parameter its provider read and the value it used, defaults included
     * ({@link ComponentParameters#resolved()}).
     */
    Map<String, ComponentRef> resolved() {
        return java.util.Collections.unmodifiableMap(resolved);
    }

    /** {@code activation 'swish' (plugin nn-example-plugin.jar)}. */
    String label(ComponentKind kind, String name) {
        return registry.component(kind, name).map(DiscoveredComponent::label)
                .orElse(kind.displayName() + " '" + name + "'");
    }

    <T> T lookup(ComponentKind kind, String path, String name, Class<T> type) {
        try {
            registry.component(kind, name).ifPresent(used::add);
            return type.cast(registry.provider(kind, name));
        } catch (UnknownComponentException | DuplicateComponentException e) {
            problem(path, e.getMessage());
            return null;
        }
    }

    <T> T create(ComponentKind kind, String path, ComponentRef ref, Class<T> type) {
        if (ref == null) {
            problem(path, "missing required key '" + path + "' (" + article(kind.displayName()) + " name, e.g. "
                    + String.join(", ", registry.names(kind).stream().limit(3).toList()) + ")");
            return null;
        }
        return create(kind, path, ref.parameters().isEmpty() ? path : path + ".name", ref.name(),
                new ComponentParameters(ref.parameters()), true, type);
    }

    <T> T create(ComponentKind kind, String path, String namePath, String name,
                         ComponentParameters parameters, boolean reportUnknown, Class<T> type) {
        ComponentRef ref = new ComponentRef(name, Map.of());
        ComponentProvider<?> provider;
        try {
            provider = registry.provider(kind, ref.name());
        } catch (UnknownComponentException | DuplicateComponentException e) {
            problem(namePath, e.getMessage());
            return null;
        }
        registry.component(kind, ref.name()).ifPresent(used::add);
        Object component;
        try {
            component = provider.create(parameters);
        } catch (ParameterException e) {
            problem(path + "." + e.parameter(), kind.displayName() + " '" + ref.name() + "': expected "
                    + e.expected() + " but found " + UserText.clip(e.found()));
            return null;
        } catch (PluginException e) {
            problem(path, e.getMessage());
            problems.pluginFailure(e);
            return null;
        } catch (RuntimeException | LinkageError e) {
            problem(path, kind.displayName() + " '" + ref.name() + "' (" + provider.getClass().getName()
                    + ") failed to initialise: " + e);
            return null;
        }
        Set<String> unknown = parameters.unread();
        if (reportUnknown && !unknown.isEmpty()) {
            Set<String> accepted = new TreeSet<>(parameters.requested());
            for (String key : unknown) {
                problem(path + "." + key, "unknown parameter '" + key + "' for " + kind.displayName() + " '"
                        + ref.name() + "'"
                        + NameSuggestions.didYouMean(key, accepted)
                        + (accepted.isEmpty() ? "; it takes no parameters"
                                : "; it takes: " + String.join(", ", accepted)));
            }
            return null;
        }
        resolved.put(path, new ComponentRef(name, parameters.resolved()));
        if (!type.isInstance(component)) {
            problem(path, kind.displayName() + " '" + ref.name() + "' (" + provider.getClass().getName()
                    + ") created " + (component == null ? "null" : component.getClass().getName())
                    + " instead of a " + type.getSimpleName());
            return null;
        }
        return type.cast(component);
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private void problem(String path, String message) {
        problems.add(path, message);
    }
}
