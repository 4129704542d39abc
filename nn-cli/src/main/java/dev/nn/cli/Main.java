package dev.nn.cli;

import dev.nn.cli.commands.CompletionCommand;
import dev.nn.cli.commands.HelpCommand;
import dev.nn.cli.commands.NnCommand;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.StopSignals;
import dev.nn.plugins.ExitWatch;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

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

    /**
     * Runs the command line and exits with its code; standard output is checked, so a failure to write it (a full
     * disk, {@code > /dev/full}, a closed pipe) is an error, exit 1.
     */
    public static void main(String[] args) {
        applyLeanStartUp();
        ExitWatch.install(System.err);
        CheckedOutput stdout = new CheckedOutput(new FileOutputStream(FileDescriptor.out));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        LauncherStderr.awaitAtExit(err);
        StopSignals.quitOnSignal(err);
        int code = stdout.check(run(args, out, err), out, err);
        err.flush();
        ExitWatch.platformExits();
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

    /**
     * Runs the command line with the given streams and returns the exit code. Picocli hands only exceptions to the
     * {@link ErrorReporter}; an {@link OutOfMemoryError} (also one a kernel worker thread passed on) ends here, as
     * one message and exit code 1.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err, args).execute(args);
        } catch (OutOfMemoryError e) {
            out.flush();
            err.println(OutOfMemory.message());
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    /**
     * The configured command line for {@code args}. When the first argument names a subcommand, only that one is
     * registered: picocli builds the model of every registered command by reflection before parsing, which would
     * cost each run the start-up of all of them. Otherwise (help, a mistyped name) every subcommand is registered,
     * so that help lists them all and a mistyped name gets suggestions; so are they for {@code nn help} and
     * {@code nn completion}, which describe them.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine commandLine = new CommandLine(new NnCommand());
        Class<?> invoked = null;
        for (Class<?> command : NnCommand.SUBCOMMANDS) {
            if (args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])) {
                invoked = command;
            }
        }
        // nn help COMMAND and nn completion describe the other commands: they need them all.
        boolean describesOthers = invoked == HelpCommand.class || invoked == CompletionCommand.class;
        for (Class<?> command : invoked == null || describesOthers ? NnCommand.SUBCOMMANDS
                : List.<Class<?>>of(invoked)) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
