package dev.nn.spi;

import java.nio.file.Path;
import java.util.Objects;

/** Data file content that cannot be used: names the file, where in it (a row or a byte offset) and what is wrong. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String where;

    /**
     * @param file the file
     * @param where e.g. {@code "line 17"} or {@code "byte offset 8"}; empty when the whole file is at fault
     * @param message what was expected and what was found
     */
    public DataException(Path file, String where, String message) {
        super(file + (where.isEmpty() ? "" : ": " + where) + ": " + message);
        this.file = Objects.requireNonNull(file, "file is null");
        this.where = Objects.requireNonNull(where, "where is null");
    }

    /**
     * A problem at one character of a text file, written {@code file:line:column: message} as spec problems are.
     *
     * @param line 1-based
     * @param column 1-based, counting characters from the start of the line
     */
    public DataException(Path file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.file = Objects.requireNonNull(file, "file is null");
        this.where = "line " + line + ", column " + column;
    }

    public Path file() {
        return file;
    }

    public String where() {
        return where;
    }
}
