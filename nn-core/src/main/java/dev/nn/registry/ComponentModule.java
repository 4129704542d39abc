package dev.nn.registry;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.InitializerProvider;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.LossProvider;
import dev.nn.spi.OptimizerProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Binds discovered components into Guice: a {@code Map<String, XProvider>} per kind, plus the list of everything
 * discovered for {@link ComponentRegistry}.
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
        // Declare every map, so that a kind with no provider is an empty map rather than a missing binding.
        activationBinder();
        lossBinder();
        layerBinder();
        optimizerBinder();
        initializerBinder();
        dataSourceBinder();
        Set<String> bound = new HashSet<>();
        for (DiscoveredComponent component : components) {
            if (bound.add(component.kind() + "/" + component.name())) {
                bind(component);
            }
        }
        bind(DiscoveredComponents.class).toInstance(new DiscoveredComponents(components, skippedPlugins));
        bind(ComponentRegistry.class).asEagerSingleton();
    }

    private void bind(DiscoveredComponent component) {
        ComponentProvider<?> provider = component.provider();
        switch (component.kind()) {
            case ACTIVATION -> activationBinder().addBinding(component.name()).toInstance((ActivationProvider) provider);
            case LOSS -> lossBinder().addBinding(component.name()).toInstance((LossProvider) provider);
            case LAYER -> layerBinder().addBinding(component.name()).toInstance((LayerProvider) provider);
            case OPTIMIZER -> optimizerBinder().addBinding(component.name()).toInstance((OptimizerProvider) provider);
            case INITIALIZER ->
                    initializerBinder().addBinding(component.name()).toInstance((InitializerProvider) provider);
            case DATA_SOURCE ->
                    dataSourceBinder().addBinding(component.name()).toInstance((DataSourceProvider) provider);
        }
    }

    private MapBinder<String, ActivationProvider> activationBinder() {
        return MapBinder.newMapBinder(binder(), String.class, ActivationProvider.class);
    }

    private MapBinder<String, LossProvider> lossBinder() {
        return MapBinder.newMapBinder(binder(), String.class, LossProvider.class);
    }

    private MapBinder<String, LayerProvider> layerBinder() {
        return MapBinder.newMapBinder(binder(), String.class, LayerProvider.class);
    }

    private MapBinder<String, OptimizerProvider> optimizerBinder() {
        return MapBinder.newMapBinder(binder(), String.class, OptimizerProvider.class);
    }

    private MapBinder<String, InitializerProvider> initializerBinder() {
        return MapBinder.newMapBinder(binder(), String.class, InitializerProvider.class);
    }

    private MapBinder<String, DataSourceProvider> dataSourceBinder() {
        return MapBinder.newMapBinder(binder(), String.class, DataSourceProvider.class);
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
