package dev.nn.registry;

import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.InitializerProvider;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.LearningRateScheduleProvider;
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

/**
 * Every component the platform knows, by kind and name.
 *
 * <p>A name that several components of one kind claim (two plugins, or a plugin and a built-in) is a clash: asking
 * for it throws {@link DuplicateComponentException} naming every claimant, while every other name resolves as usual
 * and {@link #components()} still lists them all.
 */
public final class ComponentRegistry {
    private final Map<ComponentKind, Map<String, ComponentProvider<?>>> providers = new EnumMap<>(ComponentKind.class);
    private final List<DiscoveredComponent> components;
    private final List<String> skippedPlugins;
    private final Map<ComponentKind, Map<String, List<DiscoveredComponent>>> clashes =
            new EnumMap<>(ComponentKind.class);

    /** @param byKindAndName every provider by {@link ComponentModule#key kind and name}, the first claimant of each */
    @Inject
    public ComponentRegistry(Map<String, ComponentProvider<?>> byKindAndName,
                             ComponentModule.DiscoveredComponents discovered) {
        for (ComponentKind kind : ComponentKind.values()) {
            Map<String, ComponentProvider<?>> named = new TreeMap<>();
            String prefix = ComponentModule.key(kind, "");
            byKindAndName.forEach((key, provider) -> {
                if (key.startsWith(prefix)) {
                    named.put(key.substring(prefix.length()), provider);
                }
            });
            providers.put(kind, named);
        }
        List<DiscoveredComponent> sorted = new ArrayList<>(discovered.all());
        sorted.sort(Comparator.comparing(DiscoveredComponent::kind).thenComparing(DiscoveredComponent::name));
        this.components = List.copyOf(sorted);
        this.skippedPlugins = discovered.skippedPlugins();
        Map<ComponentKind, Map<String, List<DiscoveredComponent>>> byName = new EnumMap<>(ComponentKind.class);
        for (DiscoveredComponent component : discovered.all()) {
            byName.computeIfAbsent(component.kind(), k -> new TreeMap<>())
                    .computeIfAbsent(component.name(), n -> new ArrayList<>()).add(component);
        }
        byName.forEach((kind, names) -> names.forEach((name, claimants) -> {
            if (claimants.stream().map(DiscoveredComponent::provider).distinct().count() > 1) {
                clashes.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, List.copyOf(claimants));
            }
        }));
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

    public LearningRateScheduleProvider schedule(String name) {
        return (LearningRateScheduleProvider) provider(ComponentKind.SCHEDULE, name);
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
     * @throws DuplicateComponentException naming every claimant when several components share the name
     */
    public ComponentProvider<?> provider(ComponentKind kind, String name) {
        List<DiscoveredComponent> claimants = clashes.getOrDefault(kind, Map.of()).get(name);
        if (claimants != null) {
            throw new DuplicateComponentException(claimants);
        }
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

    /**
     * Every name that several components of one kind claim, each as its claimants (in discovery order), by kind and
     * then name.
     */
    public List<List<DiscoveredComponent>> clashes() {
        List<List<DiscoveredComponent>> all = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            all.addAll(clashes.getOrDefault(kind, Map.of()).values());
        }
        return all;
    }

    /** Whether several components of {@code kind} claim {@code name}. */
    public boolean clashes(ComponentKind kind, String name) {
        return clashes.getOrDefault(kind, Map.of()).containsKey(name);
    }

    /** The discovery record for a component, e.g. to report where it came from. */
    public Optional<DiscoveredComponent> component(ComponentKind kind, String name) {
        return components.stream().filter(c -> c.kind() == kind && c.name().equals(name)).findFirst();
    }
}
