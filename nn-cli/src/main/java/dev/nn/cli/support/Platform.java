package dev.nn.cli.support;

import com.google.inject.Injector;
import dev.nn.platform.PlatformInjector;
import dev.nn.plugins.PluginFailure;
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
        return PlatformInjector.builtIns();
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
        PlatformInjector.Started started = PlatformInjector.start(pluginLocations(pluginFolders, System.getenv()));
        for (PluginFailure failure : started.skipped()) {
            warnings.println("warning: plugin " + failure);
            if (verbose) {
                failure.cause().ifPresent(cause -> StackTraces.print(cause, warnings));
            }
        }
        warnings.flush();
        return started.injector();
    }

    /**
     * The plugin locations, in order: the distribution's {@code plugins/}, {@code NN_PLUGINS}' folders, then
     * {@code pluginFolders}, each of which must be a folder.
     */
    static List<Path> pluginLocations(List<Path> pluginFolders, Map<String, String> environment) {
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
        return locations;
    }
}
