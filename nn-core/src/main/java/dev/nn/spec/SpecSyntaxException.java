package dev.nn.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Text that is not well-formed YAML, placed where the YAML parser saw the problem (SnakeYAML's problem mark),
 * which is more exact than the last good token Jackson reports; or a document over one of the loader's limits.
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
            if (t instanceof SpecLocator.LimitException limit) {
                return located("refused: " + limit.getOriginalMessage(), limit.getLocation(), e);
            }
            if (t instanceof StreamConstraintsException constraint) {
                return located("refused: " + withoutApiName(constraint.getOriginalMessage()),
                        constraint.getLocation(), e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
                String context = "";
                if (marked.getContext() != null) {
                    var contextMark = marked.getContextMark();
                    boolean elsewhere = contextMark != null
                            && (contextMark.getLine() != marked.getProblemMark().getLine()
                            || contextMark.getColumn() != marked.getProblemMark().getColumn());
                    context = " (" + marked.getContext() + (elsewhere ? " that starts at line "
                            + (contextMark.getLine() + 1) + ", column " + (contextMark.getColumn() + 1) : "") + ")";
                }
                return new SpecSyntaxException("malformed YAML: " + problem + context,
                        marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1, e);
            }
            if (t instanceof org.yaml.snakeyaml.error.YAMLException yaml) {
                return new SpecSyntaxException("malformed YAML: " + yaml.getMessage(), 0, 0, e);
            }
        }
        if (e instanceof JsonProcessingException jackson) {
            return located("malformed YAML: " + plain(jackson.getOriginalMessage()), jackson.getLocation(), e);
        }
        return new SpecSyntaxException("malformed YAML: " + e.getMessage(), 0, 0, e);
    }

    private static SpecSyntaxException located(String message, JsonLocation at, IOException cause) {
        if (at == null) {
            return new SpecSyntaxException(message, 0, 0, cause);
        }
        return new SpecSyntaxException(message, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0), cause);
    }

    /** Jackson's parse messages in a user's words: they name SnakeYAML's event classes and Jackson's tokens. */
    private static String plain(String message) {
        if (message == null) {
            return "cannot be read";
        }
        if (message.startsWith("Expected a field name")) {
            return "a key must be a plain name, not a list, a mapping or an alias";
        }
        return message.replaceAll("<?org\\.yaml\\.snakeyaml\\.[A-Za-z.]*[^>]*>?", "a YAML node")
                .replaceAll("java\\.lang\\.|com\\.fasterxml\\.jackson\\.[a-z.]*", "");
    }

    /** Jackson's limit messages end with where the limit is configured, which means nothing to a user. */
    private static String withoutApiName(String message) {
        int from = message == null ? -1 : message.indexOf(", from `");
        if (from < 0) {
            return String.valueOf(message);
        }
        int end = message.indexOf(')', from);
        return message.substring(0, from) + (end < 0 ? ")" : message.substring(end));
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
