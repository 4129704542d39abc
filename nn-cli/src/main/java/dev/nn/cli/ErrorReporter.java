package dev.nn.cli;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.StackTraces;
import dev.nn.cli.support.UserInputException;
import dev.nn.input.UserText;
import dev.nn.io.WriteFailedException;
import dev.nn.modelfile.ModelFileException;
import dev.nn.registry.DuplicateComponentException;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecProblem;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns a command's exception into one clear message and an exit code: 2 for input the user can fix (a spec, a
 * file, a plugin conflict), 1 for anything else, running out of memory included ({@link OutOfMemory}). Stack traces
 * only with {@code --verbose}, capped ({@link StackTraces}), with the cause chain: for a plugin failure, the
 * plugin's own exception and its causes. A file that could not be written (a full disk) is one line without the
 * offer of a stack trace.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = isVerbose(parseResult);
        Throwable cause = unwrap(exception);
        int code;
        if (OutOfMemory.isCause(exception)) {
            err.println(OutOfMemory.message());
            code = ExitCodes.FAILURE;
        } else if (cause instanceof SpecException spec) {
            for (SpecProblem problem : spec.problems()) {
                err.println("error: " + problem);
            }
            if (spec.problems().size() > 1) {
                err.println(spec.problems().size() + " problems found");
            }
            code = ExitCodes.BAD_INPUT;
        } else if (cause instanceof UserInputException || cause instanceof DuplicateComponentException
                || cause instanceof ModelFileException) {
            err.println("error: " + UserText.escape(cause.getMessage()));
            code = ExitCodes.BAD_INPUT;
        } else if (writeFailure(cause) != null) {
            err.println("error: " + writeFailure(cause).getMessage());
            code = ExitCodes.FAILURE;
        } else {
            err.println("error: " + UserText.escape(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            if (!verbose) {
                err.println("(run with --verbose for the stack trace)");
            }
            code = ExitCodes.FAILURE;
        }
        if (verbose) {
            StackTraces.print(exception, err);
        }
        err.flush();
        return code;
    }

    /**
     * The {@link WriteFailedException} {@code cause} is or wraps (a listener's {@code UncheckedIOException}): its
     * message says all there is, so no stack trace is offered.
     */
    private static WriteFailedException writeFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WriteFailedException failure) {
                return failure;
            }
            if (!(t instanceof java.io.UncheckedIOException)) {
                return null;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable exception) {
        if (exception instanceof CreationException creation) {
            for (Message message : creation.getErrorMessages()) {
                if (message.getCause() != null) {
                    return unwrap(message.getCause());
                }
            }
        }
        return exception;
    }

    static boolean isVerbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
