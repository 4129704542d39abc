package dev.nn.cli.support;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.nn.plugins.PluginFailure;
import dev.nn.plugins.PluginLoader;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentModule;
import dev.nn.registry.DiscoveredComponent;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the platform's one Guice injector: the built-in components plus every plugin found in the plugin locations
 * (one {@code MapBinder} per kind), from which commands get the services they use (the registry, the spec loader,
 * the model assembler, the spec writer).
 *
 * <p>Plugin locations, in order: the distribution's {@code plugins/} folder, each folder in the {@code NN_PLUGINS}
 * environment variable (a path list), and each {@code --plugins DIR}.
 */
public final class Platform {
    /** The environment variable holding extra plugin folders, separated like {@code PATH}. */
    public static final String PLUGINS_VARIABLE = "NN_PLUGINS";

    private Platform() {
    }

    /** The injector over the built-in components only. */
    public static Injector start() {
        return Guice.createInjector(new ComponentModule(ComponentDiscovery.builtIns()));
    }

    /**
     * The injector over the built-ins and the plugins in every location; a skipped plugin is reported on
     * {@code warnings} in one line.
     *
     * @param pluginFolders the {@code --plugins} folders; each must exist
     */
    public static Injector start(List<Path> pluginFolders, PrintWriter warnings) {
        return start(pluginFolders, warnings, false);
    }

    /**
     * {@link #start(List, PrintWriter)}; when {@code verbose}, each skipped plugin's exception follows its warning,
     * with its causes ({@link StackTraces}).
     */
    public static Injector start(List<Path> pluginFolders, PrintWriter warnings, boolean verbose) {
        PluginLoader.Result plugins = loadPlugins(pluginFolders, System.getenv());
        List<String> skipped = new ArrayList<>();
        for (PluginFailure failure : plugins.failures()) {
            warnings.println("warning: plugin " + failure);
            if (verbose) {
                failure.cause().ifPresent(cause -> StackTraces.print(cause, warnings));
            }
            skipped.add(failure.toString());
        }
        warnings.flush();
        List<DiscoveredComponent> components = new ArrayList<>(ComponentDiscovery.builtIns());
        components.addAll(plugins.components());
        return Guice.createInjector(new ComponentModule(components, skipped));
    }

    static PluginLoader.Result loadPlugins(List<Path> pluginFolders, Map<String, String> environment) {
        for (Path folder : pluginFolders) {
            if (!Files.isDirectory(folder)) {
                throw new UserInputException("--plugins " + folder + ": "
                        + (Files.exists(folder) ? "is not a folder" : "no such folder"));
            }
        }
        List<Path> locations = new ArrayList<>();
        String home = System.getProperty("nn.home");
        if (home != null) {
            locations.add(Path.of(home, "plugins"));
        }
        String variable = environment.get(PLUGINS_VARIABLE);
        if (variable != null) {
            for (String entry : variable.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    locations.add(Path.of(entry));
                }
            }
        }
        locations.addAll(pluginFolders);
        return new PluginLoader(Platform.class.getClassLoader(), VersionInfo.spiVersion()).load(locations);
    }
}
