package dev.nn.cli.commands;

import dev.nn.cli.VersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nn}: the top-level command; prints help when run without a subcommand. */
@Command(name = "nn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Train, check and use fully-connected neural networks described in YAML.",
        subcommands = {
            TrainCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            ValidateCommand.class,
            GradcheckCommand.class,
            PluginsCommand.class,
            PlotCommand.class
        },
        footer = {"", "Exit codes: 0 success; 1 a failure while running; 2 bad usage, spec or data."})
public final class NnCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
