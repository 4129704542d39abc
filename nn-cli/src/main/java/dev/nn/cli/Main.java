package dev.nn.cli;

import dev.nn.cli.commands.NnCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nn} executable. */
public final class Main {
    /**
     * Library settings that keep start-up lean, applied unless already set (for example in {@code NN_JAVA_OPTS}):
     * picocli neither searches every jar for Groovy's {@code Closure} class nor registers reflective converters for
     * {@code java.sql} and {@code java.time} types no option uses; Guice generates no bytecode (the platform uses no
     * method interception) and records no call-site stack traces for bindings.
     */
    static final Map<String, String> LEAN_START_UP = Map.of(
            "picocli.disable.closures", "true",
            "picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*",
            "guice_bytecode_gen_option", "DISABLED",
            "guice_include_stack_traces", "OFF");

    private Main() {
    }

    public static void main(String[] args) {
        applyLeanStartUp();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        LauncherStderr.awaitAtExit(err);
        StopSignals.quitOnSignal(err);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Applies {@link #LEAN_START_UP}'s settings that are not set already; before picocli or Guice is loaded. */
    public static void applyLeanStartUp() {
        for (Map.Entry<String, String> setting : LEAN_START_UP.entrySet()) {
            if (System.getProperty(setting.getKey()) == null) {
                System.setProperty(setting.getKey(), setting.getValue());
            }
        }
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err, args).execute(args);
    }

    /**
     * The configured command line for {@code args}. When the first argument names a subcommand, only that one is
     * registered: picocli builds the model of every registered command by reflection before parsing, which would
     * cost each run the start-up of all of them. Otherwise (help, a mistyped name) every subcommand is registered,
     * so that help lists them all and a mistyped name gets suggestions.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine commandLine = new CommandLine(new NnCommand());
        Class<?> invoked = null;
        for (Class<?> command : NnCommand.SUBCOMMANDS) {
            if (args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])) {
                invoked = command;
            }
        }
        for (Class<?> command : invoked == null ? NnCommand.SUBCOMMANDS : List.<Class<?>>of(invoked)) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
