package dev.nn.cli;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.nn.input.UserText;
import dev.nn.registry.DuplicateComponentException;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecProblem;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns a command's exception into one clear message and an exit code: 2 for input the user can fix (a spec, a
 * file, a plugin conflict), 1 for anything else. Stack traces only with {@code --verbose}.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = isVerbose(parseResult);
        Throwable cause = unwrap(exception);
        int code;
        if (cause instanceof SpecException spec) {
            for (SpecProblem problem : spec.problems()) {
                err.println("error: " + problem);
            }
            if (spec.problems().size() > 1) {
                err.println(spec.problems().size() + " problems found");
            }
            code = ExitCodes.BAD_INPUT;
        } else if (cause instanceof UserInputException || cause instanceof DuplicateComponentException) {
            err.println("error: " + UserText.escape(cause.getMessage()));
            code = ExitCodes.BAD_INPUT;
        } else {
            err.println("error: " + UserText.escape(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            if (!verbose) {
                err.println("(run with --verbose for the stack trace)");
            }
            code = ExitCodes.FAILURE;
        }
        if (verbose) {
            exception.printStackTrace(err);
        }
        err.flush();
        return code;
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
