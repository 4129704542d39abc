package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.cli.support.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command takes, and the platform they start. */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--verbose", description = "Print stack traces and extra detail on errors.")
    boolean verbose;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Also load plugins from DIR (repeatable); besides the distribution's plugins/ folder and "
                    + "the folders in NN_PLUGINS.")
    List<Path> pluginFolders = new ArrayList<>();

    /** The platform with every plugin loaded; skipped plugins are reported on standard error. */
    Injector startPlatform() {
        return Platform.start(pluginFolders, mixee.commandLine().getErr(), verbose);
    }
}
