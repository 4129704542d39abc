package dev.nn.platform;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.nn.plugins.PluginClassLoader;
import dev.nn.plugins.PluginFailure;
import dev.nn.plugins.PluginLoader;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentModule;
import dev.nn.registry.DiscoveredComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the platform's one Guice injector: the built-in components (every provider {@link java.util.ServiceLoader}
 * finds on the platform's class path) plus every plugin in the given folders, one {@code MapBinder} per kind
 * ({@link ComponentModule}). The command line and the Java API both start the platform here; they differ only in
 * which folders they pass and how they report skipped plugins.
 */
public final class PlatformInjector {
    private PlatformInjector() {
    }

    /**
     * A started platform.
     *
     * @param injector the injector, from which callers get the registry, the spec loader, the model assembler and
     *     the spec writer
     * @param skipped every plugin or provider that was skipped, with the reason, in the order found
     * @param pluginLoaders the plugins' class loaders, which hold their jars open until closed; the command line
     *     leaves them to the end of the process, the Java API closes them
     */
    public record Started(Injector injector, List<PluginFailure> skipped, List<PluginClassLoader> pluginLoaders) {
        public Started {
            Objects.requireNonNull(injector, "injector is null");
            skipped = List.copyOf(skipped);
            pluginLoaders = List.copyOf(pluginLoaders);
        }
    }

    /** The injector over the built-in components only. */
    public static Injector builtIns() {
        return Guice.createInjector(new ComponentModule(ComponentDiscovery.builtIns()));
    }

    /**
     * The injector over the built-ins and the plugins in {@code pluginLocations}, in order; locations that do not
     * exist are skipped (callers that require a folder check it first).
     */
    public static Started start(List<Path> pluginLocations) {
        PluginLoader.Result plugins = new PluginLoader(PlatformInjector.class.getClassLoader(),
                PlatformVersion.spiVersion()).load(pluginLocations);
        List<String> skipped = new ArrayList<>();
        for (PluginFailure failure : plugins.failures()) {
            skipped.add(failure.toString());
        }
        List<DiscoveredComponent> components = new ArrayList<>(ComponentDiscovery.builtIns());
        components.addAll(plugins.components());
        return new Started(Guice.createInjector(new ComponentModule(components, skipped)), plugins.failures(),
                plugins.loaders());
    }
}
