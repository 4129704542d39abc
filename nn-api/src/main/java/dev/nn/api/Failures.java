package dev.nn.api;

import dev.nn.input.UserText;
import dev.nn.io.WriteFailedException;
import dev.nn.model.UnusableModelException;
import dev.nn.modelfile.ModelFileException;
import dev.nn.registry.DuplicateComponentException;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecProblem;
import dev.nn.spi.DataException;
import dev.nn.train.NonFiniteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Turns the platform's exceptions into {@link NnException}s with the messages the command line prints
 * ({@code dev.nn.cli.ErrorReporter}); anything else (a bug, a listener's own exception) passes unchanged.
 */
final class Failures {
    private Failures() {
    }

    /** Runs {@code action}, translating the platform's exceptions. */
    static <T> T translate(Supplier<T> action) {
        try {
            return action.get();
        } catch (SpecException e) {
            throw new NnException(e.problems().stream().map(SpecProblem::toString).toList(), true, e);
        } catch (UnusableModelException | ModelFileException | DuplicateComponentException | DataException e) {
            throw new NnException(UserText.escape(e.getMessage()), true, e);
        } catch (NonFiniteException e) {
            throw new NnException(UserText.escape(e.getMessage()), false, e);
        } catch (UncheckedIOException e) {
            throw io(e.getCause());
        }
    }

    /** A file that could not be read or written. */
    static NnException io(IOException e) {
        return e instanceof WriteFailedException ? new NnException(e.getMessage(), false, e)
                : new NnException(UserText.escape(String.valueOf(e.getMessage())), false, e);
    }
}
