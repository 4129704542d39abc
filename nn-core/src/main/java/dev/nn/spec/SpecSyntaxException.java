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
                return fromMarked(marked, e);
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

    /**
     * SnakeYAML's problem mark is where it noticed the problem. For a bracket or quote that is never closed that is
     * somewhere later (often the next line, or the end of the file), so the problem is placed where the unclosed
     * list, mapping or string starts, and says where it was noticed; anything else is placed at the problem mark.
     */
    private static SpecSyntaxException fromMarked(org.yaml.snakeyaml.error.MarkedYAMLException marked,
                                                  IOException e) {
        String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
        org.yaml.snakeyaml.error.Mark at = marked.getProblemMark();
        org.yaml.snakeyaml.error.Mark start = marked.getContextMark();
        String context = marked.getContext();
        boolean elsewhere = context != null && start != null
                && (start.getLine() != at.getLine() || start.getColumn() != at.getColumn());
        boolean unclosed = elsewhere && (context.startsWith("while parsing a flow")
                || context.startsWith("while scanning a quoted scalar"));
        if (unclosed) {
            String what = context.contains("flow mapping") ? "the '{' opened here"
                    : context.contains("flow sequence") ? "the '[' opened here" : "the quote opened here";
            return new SpecSyntaxException("malformed YAML: " + what + " is never closed (" + problem + " at line "
                    + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")", start.getLine() + 1,
                    start.getColumn() + 1, e);
        }
        String suffix = context == null ? "" : " (" + context + (elsewhere ? " that starts at line "
                + (start.getLine() + 1) + ", column " + (start.getColumn() + 1) : "") + ")";
        return new SpecSyntaxException("malformed YAML: " + problem + suffix, at.getLine() + 1, at.getColumn() + 1, e);
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
