package dev.nn.registry;

import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.InitializerProvider;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.LossProvider;
import dev.nn.spi.OptimizerProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every component the platform knows, by kind and name. */
public final class ComponentRegistry {
    private final Map<ComponentKind, Map<String, ComponentProvider<?>>> providers = new EnumMap<>(ComponentKind.class);
    private final List<DiscoveredComponent> components;
    private final List<String> skippedPlugins;

    @Inject
    public ComponentRegistry(
            Map<String, ActivationProvider> activations,
            Map<String, LossProvider> losses,
            Map<String, LayerProvider> layers,
            Map<String, OptimizerProvider> optimizers,
            Map<String, InitializerProvider> initializers,
            Map<String, DataSourceProvider> dataSources,
            ComponentModule.DiscoveredComponents discovered) {
        providers.put(ComponentKind.ACTIVATION, new TreeMap<>(activations));
        providers.put(ComponentKind.LOSS, new TreeMap<>(losses));
        providers.put(ComponentKind.LAYER, new TreeMap<>(layers));
        providers.put(ComponentKind.OPTIMIZER, new TreeMap<>(optimizers));
        providers.put(ComponentKind.INITIALIZER, new TreeMap<>(initializers));
        providers.put(ComponentKind.DATA_SOURCE, new TreeMap<>(dataSources));
        List<DiscoveredComponent> sorted = new ArrayList<>(discovered.all());
        sorted.sort(Comparator.comparing(DiscoveredComponent::kind).thenComparing(DiscoveredComponent::name));
        this.components = List.copyOf(sorted);
        this.skippedPlugins = discovered.skippedPlugins();
    }

    public ActivationProvider activation(String name) {
        return (ActivationProvider) provider(ComponentKind.ACTIVATION, name);
    }

    public LossProvider loss(String name) {
        return (LossProvider) provider(ComponentKind.LOSS, name);
    }

    public LayerProvider layer(String name) {
        return (LayerProvider) provider(ComponentKind.LAYER, name);
    }

    public OptimizerProvider optimizer(String name) {
        return (OptimizerProvider) provider(ComponentKind.OPTIMIZER, name);
    }

    public InitializerProvider initializer(String name) {
        return (InitializerProvider) provider(ComponentKind.INITIALIZER, name);
    }

    public DataSourceProvider dataSource(String name) {
        return (DataSourceProvider) provider(ComponentKind.DATA_SOURCE, name);
    }

    /**
     * The provider of {@code kind} called {@code name}.
     *
     * @throws UnknownComponentException listing the available names when there is none
     */
    public ComponentProvider<?> provider(ComponentKind kind, String name) {
        ComponentProvider<?> provider = providers.get(kind).get(name);
        if (provider == null) {
            throw new UnknownComponentException(kind, name, names(kind), skippedPlugins);
        }
        return provider;
    }

    /** Whether a provider of {@code kind} is called {@code name}. */
    public boolean contains(ComponentKind kind, String name) {
        return providers.get(kind).containsKey(name);
    }

    /** The names of {@code kind}, sorted, aliases included. */
    public List<String> names(ComponentKind kind) {
        return List.copyOf(providers.get(kind).keySet());
    }

    /** Every discovered component, sorted by kind and name. */
    public List<DiscoveredComponent> components() {
        return components;
    }

    /** Plugins that failed to load, each as "jar: reason". */
    public List<String> skippedPlugins() {
        return skippedPlugins;
    }

    /** The discovery record for a component, e.g. to report where it came from. */
    public Optional<DiscoveredComponent> component(ComponentKind kind, String name) {
        return components.stream().filter(c -> c.kind() == kind && c.name().equals(name)).findFirst();
    }
}
