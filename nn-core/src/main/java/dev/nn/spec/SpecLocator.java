package dev.nn.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The positions of a YAML document's keys and values by key path, and the problems a lenient reader would hide.
 *
 * <p>Built by walking the document's tokens once. Besides positions it records what Jackson would silently accept
 * or change: duplicate keys, YAML 1.1 booleans ({@code yes}, {@code off}), numbers that are not plain decimals
 * ({@code 017}, {@code 0x10}, {@code 1_000}), NaN and infinities, aliases, anchors, tags and a second document.
 */
public final class SpecLocator {
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?(0|[1-9][0-9]*)(\\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+([eE][-+]?[0-9]+)?");
    private static final Set<String> YAML11_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");

    private final Map<String, Entry> entries;
    private final List<Issue> issues;

    private SpecLocator(Map<String, Entry> entries, List<Issue> issues) {
        this.entries = entries;
        this.issues = issues;
    }

    /**
     * What is at a key path: where it starts and what it is.
     *
     * @param line 1-based
     * @param column 1-based
     * @param description e.g. {@code the number 4.7}, {@code a list}, {@code a mapping}
     */
    public record Entry(int line, int column, String description) {
    }

    /** A problem found while walking the tokens. */
    public record Issue(int line, int column, String path, String message) {
    }

    /**
     * Walks {@code text}.
     *
     * @throws SpecSyntaxException when the text is not well-formed YAML
     */
    public static SpecLocator index(YAMLFactory factory, String text) throws SpecSyntaxException {
        Map<String, Entry> entries = new HashMap<>();
        List<Issue> issues = new ArrayList<>();
        Deque<Set<String>> keysPerMapping = new ArrayDeque<>();
        try (YAMLParser parser = (YAMLParser) factory.createParser(text)) {
            JsonToken token;
            int depth = 0;
            boolean rootDone = false;
            while ((token = parser.nextToken()) != null) {
                JsonLocation at = parser.currentTokenLocation();
                int line = at.getLineNr();
                int column = at.getColumnNr();
                String path = toPath(parser.getParsingContext().pathAsPointer());
                if (rootDone) {
                    issues.add(new Issue(line, column, "",
                            "a second YAML document (after '---') is not allowed; a spec is one document"));
                    break;
                }
                checkNode(parser, token, line, column, path, issues);
                switch (token) {
                    case START_OBJECT -> {
                        entries.putIfAbsent(path, new Entry(line, column, "a mapping"));
                        keysPerMapping.push(new HashSet<>());
                        depth++;
                    }
                    case START_ARRAY -> {
                        entries.putIfAbsent(path, new Entry(line, column, "a list"));
                        depth++;
                    }
                    case END_OBJECT -> {
                        keysPerMapping.pop();
                        depth--;
                    }
                    case END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        String key = parser.currentName();
                        if ("<<".equals(key)) {
                            issues.add(new Issue(line, column, path, "YAML merge keys (<<) are not allowed in a spec: "
                                    + "write the keys out"));
                        }
                        if (!keysPerMapping.peek().add(key)) {
                            Entry first = entries.get(path);
                            issues.add(new Issue(line, column, path, "duplicate key '" + key + "'"
                                    + (first == null ? "" : "; it is first given at line " + first.line())
                                    + ": each key may appear once"));
                        } else {
                            entries.put(path, new Entry(line, column, "the key '" + key + "'"));
                        }
                    }
                    default -> {
                        String description = describeScalar(parser, token);
                        Entry key = entries.get(path);
                        if (key == null || !key.description().startsWith("the key")) {
                            entries.put(path, new Entry(line, column, description));
                        } else {
                            entries.put(path, new Entry(key.line(), key.column(), description));
                        }
                    }
                }
                if (depth == 0) {
                    rootDone = true;
                }
            }
        } catch (IOException e) {
            throw SpecSyntaxException.from(e);
        }
        return new SpecLocator(entries, issues);
    }

    private static void checkNode(
            YAMLParser parser, JsonToken token, int line, int column, String path, List<Issue> issues)
            throws IOException {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
            return;
        }
        if (parser.isCurrentAlias()) {
            issues.add(new Issue(line, column, path, "YAML aliases (*" + parser.getText()
                    + ") are not allowed in a spec: write the value out"));
            return;
        }
        String anchor = parser.getObjectId() == null ? null : parser.getObjectId().toString();
        if (anchor != null) {
            issues.add(new Issue(line, column, path, "YAML anchors (&" + anchor + ") are not allowed in a spec"));
        }
        Object tag = parser.getTypeId();
        if (tag != null) {
            issues.add(new Issue(line, column, path, "YAML tags (" + tag + ") are not allowed in a spec"));
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            String raw = parser.getText();
            if (!DECIMAL.matcher(raw).matches()) {
                issues.add(new Issue(line, column, path, "expected a plain decimal number but found '" + raw
                        + "' (octal, hexadecimal, sexagesimal and underscored numbers are not accepted)"));
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
                issues.add(new Issue(line, column, path, "expected a finite number but found '" + raw + "'"));
            }
        } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            String raw = parser.getText();
            if (YAML11_BOOLEANS.contains(raw.toLowerCase(Locale.ROOT))) {
                issues.add(new Issue(line, column, path, "'" + raw
                        + "' is ambiguous (YAML 1.1 reads it as a boolean): write true or false, or quote it"));
            }
        } else if (token == JsonToken.VALUE_STRING) {
            String raw = parser.getText();
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.equals(".nan") || lower.equals(".inf") || lower.equals("-.inf") || lower.equals("+.inf")) {
                issues.add(new Issue(line, column, path, "expected a finite number but found '" + raw + "'"));
            }
        }
    }

    private static String describeScalar(YAMLParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** {@code /layers/0/weights} as {@code layers[0].weights}. */
    static String toPath(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                path.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(p.getMatchingProperty());
            }
        }
        return path.toString();
    }

    /** Where {@code path} is, or the nearest enclosing key that has a position. */
    public Optional<Entry> find(String path) {
        for (String p = path; ; p = parent(p)) {
            Entry entry = entries.get(p);
            if (entry != null) {
                return Optional.of(entry);
            }
            if (p.isEmpty()) {
                return Optional.empty();
            }
        }
    }

    /** The problems found while walking. */
    public List<Issue> issues() {
        return issues;
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
