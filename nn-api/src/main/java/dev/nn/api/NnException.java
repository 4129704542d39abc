package dev.nn.api;

import java.util.List;
import java.util.Objects;

/**
 * A model, spec, plugin folder or data file that cannot be used, or a training run that failed, with the messages
 * {@code nn} prints for it: each problem is one line naming the file (with line and column when there is one), the
 * key, what was expected and what was found, e.g. {@code spec.yaml:7:13: layers[0].activation: unknown activation
 * 'relu2'; did you mean 'relu'?}. {@link #getMessage()} is every problem, one per line.
 *
 * <p>Unchecked, like the JDK's {@link java.io.UncheckedIOException}: most applications let it reach a single
 * handler that shows {@link #getMessage()}. {@link #badInput()} tells input the user can fix (what the command line
 * reports with exit code 2) from a failure while running (exit code 1). Programming errors (a row of the wrong width,
 * a null argument) are {@link IllegalArgumentException}s and {@link NullPointerException}s instead.
 */
public final class NnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problems, one line each. */
    private final List<String> problems;
    private final boolean badInput;

    NnException(List<String> problems, boolean badInput, Throwable cause) {
        super(String.join("\n", problems), cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        this.problems = List.copyOf(problems);
        this.badInput = badInput;
    }

    NnException(String problem, boolean badInput, Throwable cause) {
        this(List.of(Objects.requireNonNull(problem, "problem is null")), badInput, cause);
    }

    /** Every problem, one line each, as {@code nn} prints them after {@code error: }; never empty. */
    public List<String> problems() {
        return problems;
    }

    /** Whether the input can be fixed by the user (a spec, a model, a file, a plugin conflict): exit 2 for nn. */
    public boolean badInput() {
        return badInput;
    }
}
