package dev.nn.cli.commands;

import dev.nn.cli.support.VersionInfo;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn}: the top-level command; prints help when run without a subcommand.
 *
 * <p>The subcommands are registered by {@link dev.nn.cli.Main}, not in the annotation, so that a run builds the
 * command model of the one subcommand it runs only (picocli reflects over every registered command up front).
 */
@Command(name = "nn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Train, check and use fully-connected neural networks described in YAML.",
        footer = {"", "Exit codes: 0 success; 1 a failure while running; 2 bad usage, spec or data; 130 interrupted (SIGINT, "
                + "SIGTERM or SIGHUP)."})
public final class NnCommand implements Runnable {
    /** Every subcommand, in the order help lists them. */
    public static final List<Class<?>> SUBCOMMANDS = List.of(
            TrainCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            ExportCommand.class,
            ValidateCommand.class,
            SummaryCommand.class,
            ConfigCommand.class,
            GradcheckCommand.class,
            PluginsCommand.class,
            PlotCommand.class,
            CompletionCommand.class,
            HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = VersionInfo.VERBOSE,
            description = "With --version: also the matrix-product kernel (tile, vector width) and threads.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
