package dev.nn.registry;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.nn.spi.ComponentProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Binds discovered components into Guice: one {@code Map<String, ComponentProvider<?>>} keyed by kind and name
 * ({@link #key}), the same for every kind, plus the list of everything discovered for {@link ComponentRegistry}.
 *
 * <p>When several components of one kind share a name, only the first is bound into the map, and
 * {@link ComponentRegistry} refuses that name when it is asked for (naming every claimant); every other name works,
 * and every component is still listed.
 */
public final class ComponentModule extends AbstractModule {
    private final List<DiscoveredComponent> components;
    private final List<String> skippedPlugins;

    public ComponentModule(List<DiscoveredComponent> components) {
        this(components, List.of());
    }

    /**
     * @param components every component to bind
     * @param skippedPlugins plugins that failed to load, each as "jar: reason", mentioned when a name is unknown
     */
    public ComponentModule(List<DiscoveredComponent> components, List<String> skippedPlugins) {
        this.components = List.copyOf(Objects.requireNonNull(components, "components is null"));
        this.skippedPlugins = List.copyOf(Objects.requireNonNull(skippedPlugins, "skippedPlugins is null"));
    }

    @Override
    protected void configure() {
        // Declared even when empty, so that no provider at all is an empty map rather than a missing binding.
        MapBinder<String, ComponentProvider<?>> providers = MapBinder.newMapBinder(binder(),
                new TypeLiteral<String>() { }, new TypeLiteral<ComponentProvider<?>>() { });
        Set<String> bound = new HashSet<>();
        for (DiscoveredComponent component : components) {
            String key = key(component.kind(), component.name());
            if (bound.add(key)) {
                providers.addBinding(key).toInstance(component.provider());
            }
        }
        bind(DiscoveredComponents.class).toInstance(new DiscoveredComponents(components, skippedPlugins));
        bind(ComponentRegistry.class).asEagerSingleton();
    }

    /** The key of a provider in the bound map: {@code kind/name}, e.g. {@code ACTIVATION/relu}. */
    static String key(ComponentKind kind, String name) {
        return kind.name() + "/" + name;
    }

    /**
     * The discovered components, bound as one value.
     *
     * @param all every component
     * @param skippedPlugins plugins that failed to load, each as "jar: reason"
     */
    public record DiscoveredComponents(List<DiscoveredComponent> all, List<String> skippedPlugins) {
        public DiscoveredComponents {
            all = List.copyOf(all);
            skippedPlugins = List.copyOf(skippedPlugins);
        }

        public DiscoveredComponents(List<DiscoveredComponent> all) {
            this(all, List.of());
        }
    }
}
