package dev.nn.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * Text that is not well-formed YAML, placed where the YAML parser saw the problem (SnakeYAML's problem mark),
 * which is more exact than the last good token Jackson reports.
 */
public final class SpecSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    SpecSyntaxException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    static SpecSyntaxException from(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
                String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
                return new SpecSyntaxException("malformed YAML: " + problem + context,
                        marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1, e);
            }
            if (t instanceof org.yaml.snakeyaml.error.YAMLException yaml) {
                return new SpecSyntaxException("malformed YAML: " + yaml.getMessage(), 0, 0, e);
            }
        }
        if (e instanceof JsonProcessingException jackson && jackson.getLocation() != null) {
            JsonLocation at = jackson.getLocation();
            return new SpecSyntaxException("malformed YAML: " + jackson.getOriginalMessage(),
                    Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0), e);
        }
        return new SpecSyntaxException("malformed YAML: " + e.getMessage(), 0, 0, e);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
