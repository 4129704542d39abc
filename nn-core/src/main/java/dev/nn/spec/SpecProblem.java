package dev.nn.spec;

import dev.nn.input.UserText;
import java.util.Objects;

/**
 * One thing wrong with a spec, placed in its file.
 *
 * @param file the spec file as the user named it
 * @param line 1-based line, or 0 when the problem has no position (a missing file)
 * @param column 1-based column, or 0
 * @param path the key path, e.g. {@code layers[1].activation}; empty for the whole document
 * @param message what was expected and what was found
 */
public record SpecProblem(String file, int line, int column, String path, String message) {
    public SpecProblem {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(message, "message is null");
    }

    /**
     * {@code file:line:column: path: message}, leaving out what is unknown; one line, whatever the file name or the
     * message quotes (control characters and line breaks escaped).
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return UserText.escape(text.append(message));
    }
}
