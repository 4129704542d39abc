package dev.nn.spec;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
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
import dev.nn.input.PlainNumbers;
import dev.nn.input.UserText;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;

/**
 * The positions of a YAML document's keys and values by key path, and the problems a lenient reader would hide.
 *
 * <p>Recorded by a {@link Tracker}, a YAML parser that watches its own events while Jackson reads the document into
 * a tree, so the text is parsed once. Besides positions it records what Jackson would silently accept or change:
 * duplicate keys, YAML 1.1 booleans ({@code yes}, {@code off}), numbers that are not plain decimals ({@code 017},
 * {@code 0x10}, {@code 1_000}), NaN and infinities, anchors, aliases, merge keys, tags and a second document. Tags
 * are dropped before Jackson sees them (so {@code !!binary} or {@code !!int "2"} change nothing and no class is ever
 * named to anything), a second document is never parsed, and nesting deeper than {@link #MAX_DEPTH} stops the parse.
 *
 * <p>Numbers inside lists get no entry of their own (a saved model holds millions): a problem at such an element is
 * placed at its row or list.
 */
public final class SpecLocator {
    /** The deepest nesting of mappings and lists accepted; a spec needs 5. */
    static final int MAX_DEPTH = 64;
    private static final Set<String> YAML11_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");
    private static final int MAX_EXPLAINING_PATHS = 10_000;
    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

    private final Map<String, Entry> entries;
    private final List<Issue> issues;
    private final Set<String> issuePaths;
    /** The key paths written by the command line ({@code --set}), each with its argument. */
    private final Map<String, String> commandLine;

    private SpecLocator(Map<String, Entry> entries, List<Issue> issues, Set<String> issuePaths) {
        this(entries, issues, issuePaths, Map.of());
    }

    private SpecLocator(Map<String, Entry> entries, List<Issue> issues, Set<String> issuePaths,
                        Map<String, String> commandLine) {
        this.entries = entries;
        this.issues = issues;
        this.issuePaths = issuePaths;
        this.commandLine = commandLine;
    }

    /**
     * This locator after {@code override} wrote {@code path} (and created the mappings in {@code created} on the
     * way): what the file had there is forgotten, {@code value} (the locator of the override's YAML value) describes
     * what is there now, and every problem at or under those paths is placed on the command line.
     */
    SpecLocator withCommandLine(String path, SpecOverride override, SpecLocator value, List<String> created) {
        Map<String, Entry> newEntries = new HashMap<>();
        entries.forEach((key, entry) -> {
            if (!within(key, path)) {
                newEntries.put(key, entry);
            }
        });
        value.entries.forEach((key, entry) -> newEntries.put(prefixed(path, key), entry));
        Set<String> newIssuePaths = new HashSet<>();
        issuePaths.stream().filter(p -> !within(p, path)).forEach(newIssuePaths::add);
        value.issuePaths.forEach(p -> newIssuePaths.add(prefixed(path, p)));
        Map<String, String> newCommandLine = new HashMap<>();
        commandLine.forEach((key, argument) -> {
            if (!within(key, path)) {
                newCommandLine.put(key, argument);
            }
        });
        newCommandLine.put(path, override.argument());
        created.forEach(p -> newCommandLine.put(p, override.argument()));
        return new SpecLocator(newEntries, issues, newIssuePaths, newCommandLine);
    }

    /** {@code key}, a path within a value, as a path within the spec when the value is at {@code path}. */
    static String prefixed(String path, String key) {
        return key.isEmpty() ? path : key.startsWith("[") ? path + key : path + "." + key;
    }

    /** Whether {@code path} is {@code ancestor} or lies under it. */
    static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || ancestor.isEmpty()
                || path.startsWith(ancestor) && (path.charAt(ancestor.length()) == '.'
                || path.charAt(ancestor.length()) == '[');
    }

    /**
     * The {@code --set} argument that wrote {@code path} or the nearest enclosing key that one wrote, with the key
     * path it wrote; empty when the file wrote it.
     */
    Optional<Map.Entry<String, String>> commandLine(String path) {
        if (commandLine.isEmpty()) {
            return Optional.empty();
        }
        for (String p = path; ; p = parent(p)) {
            String argument = commandLine.get(p);
            if (argument != null) {
                return Optional.of(Map.entry(p, argument));
            }
            if (p.isEmpty()) {
                return Optional.empty();
            }
        }
    }

    /**
     * A problem at {@code path} in the document {@code file}: placed on the command line ({@code --set ARG (from
     * the command line): path: message}, the path left out when it is the one the argument wrote) when an override
     * wrote it, else at its key's position (or its nearest enclosing key's).
     */
    public SpecProblem problem(String file, String path, String message) {
        Optional<Map.Entry<String, String>> argument = commandLine(path);
        if (argument.isPresent()) {
            return new SpecProblem(SpecOverride.origin(argument.get().getValue()), 0, 0,
                    argument.get().getKey().equals(path) ? "" : path, message);
        }
        return find(path).map(e -> new SpecProblem(file, e.line(), e.column(), path, message))
                .orElseGet(() -> new SpecProblem(file, 0, 0, path, message));
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
     * Walks all of {@code text}.
     *
     * @throws SpecSyntaxException when the text is not well-formed YAML or exceeds a limit
     */
    public static SpecLocator index(YAMLFactory factory, LoaderOptions options, String text)
            throws SpecSyntaxException {
        try (Tracker tracker = track(factory, options, text)) {
            while (tracker.nextToken() != null) {
                // every token is recorded by the tracker
            }
            return tracker.locator();
        } catch (IOException e) {
            throw SpecSyntaxException.from(e);
        }
    }

    /** A parser over {@code text} that records positions and issues as it is read. */
    static Tracker track(YAMLFactory factory, LoaderOptions options, String text) {
        IOContext context = new IOContext(factory.streamReadConstraints(), factory.streamWriteConstraints(),
                ErrorReportConfiguration.defaults(), new BufferRecycler(), ContentReference.unknown(), true);
        // Duplicate keys are reported by the tracker with both lines; Jackson's own check would stop the parse.
        int features = factory.getParserFeatures() & ~JsonParser.Feature.STRICT_DUPLICATE_DETECTION.getMask();
        // An empty value ("units:") is null, as YAML says, not an empty string.
        int formatFeatures = factory.getFormatParserFeatures() | YAMLParser.Feature.EMPTY_STRING_AS_NULL.getMask();
        return new Tracker(context, features, formatFeatures, options, new StringReader(text));
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

    /** What is recorded exactly at {@code path}, without looking at enclosing keys. */
    Optional<Entry> exact(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** The problems found while walking. */
    public List<Issue> issues() {
        return issues;
    }

    /**
     * The key paths where what Jackson read is not what the file says (an alias read as its name, a tag dropped, a
     * refused number read as text, a duplicate or merge key), so a binding problem there repeats an issue.
     */
    Set<String> issuePaths() {
        return issuePaths;
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** {@code !!str} for YAML's own tags, {@code !<x>} for verbatim ones, else the tag as written. */
    static String displayTag(String tag) {
        if (tag.startsWith(YAML_TAG_PREFIX)) {
            return "!!" + tag.substring(YAML_TAG_PREFIX.length());
        }
        return tag.startsWith("!") ? tag : "!<" + tag + ">";
    }

    /** A limit of the document was exceeded; parsing stops. */
    static final class LimitException extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        LimitException(String message, JsonLocation location) {
            super(message, location);
        }
    }

    /**
     * A YAML parser that records every key's position and every problem of the document while it is read, by Jackson
     * or by {@link #index}. {@link #locator()} gives what was recorded.
     */
    static final class Tracker extends YAMLParser {
        private final Map<String, Entry> entries = new HashMap<>();
        private final List<Issue> issues = new ArrayList<>();
        private final Deque<Set<String>> keysPerMapping = new ArrayDeque<>();
        /** For aliases, anchors and tags: the first issue of each kind and how many more there were. */
        private final Map<String, int[]> repeated = new HashMap<>();
        /** The paths of issues that change what Jackson reads there, up to {@link #MAX_EXPLAINING_PATHS}. */
        private final Set<String> explaining = new HashSet<>();
        private int depth;
        private int documents;
        private boolean rootDone;
        private String pendingTag;
        private String pendingAnchor;
        private boolean pendingAlias;
        private boolean pendingPlain;

        Tracker(IOContext context, int features, int formatFeatures, LoaderOptions options, StringReader reader) {
            super(context, features, formatFeatures, options, null, reader);
        }

        /** What was recorded so far (all of it once the parser reached the end). */
        SpecLocator locator() {
            List<Issue> result = new ArrayList<>(issues);
            for (Map.Entry<String, int[]> kind : repeated.entrySet()) {
                int[] firstAndMore = kind.getValue();
                if (firstAndMore[1] > 0) {
                    Issue first = result.get(firstAndMore[0]);
                    result.set(firstAndMore[0], new Issue(first.line(), first.column(), first.path(),
                            first.message() + " (and " + firstAndMore[1] + " more " + kind.getKey()
                                    + " in the file)"));
                }
            }
            return new SpecLocator(entries, result, Set.copyOf(explaining));
        }

        /**
         * Sees every YAML event before Jackson does: notes anchors, aliases and tags, and drops tags so that Jackson
         * never acts on them; a second document ends the stream.
         */
        @Override
        protected Event getEvent() throws IOException {
            Event event = super.getEvent();
            if (event instanceof DocumentStartEvent) {
                documents++;
                if (documents > 1) {
                    Mark at = event.getStartMark();
                    issues.add(new Issue(at.getLine() + 1, at.getColumn() + 1, "",
                            "a second YAML document (after '---') is not allowed; a spec is one document"));
                    return new StreamEndEvent(event.getStartMark(), event.getEndMark());
                }
                return event;
            }
            if (event instanceof AliasEvent) {
                pendingAlias = true;
                return event;
            }
            if (event instanceof NodeEvent node) {
                pendingAnchor = node.getAnchor();
                pendingPlain = event instanceof ScalarEvent scalar && scalar.isPlain();
                if (event instanceof ScalarEvent scalar && scalar.getTag() != null) {
                    pendingTag = scalar.getTag();
                    return new ScalarEvent(scalar.getAnchor(), null,
                            new ImplicitTuple(scalar.isPlain(), !scalar.isPlain()), scalar.getValue(),
                            scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
                }
                if (event instanceof CollectionStartEvent collection && collection.getTag() != null) {
                    pendingTag = collection.getTag();
                }
            }
            return event;
        }

        @Override
        public String getTypeId() {
            return null;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            pendingTag = null;
            pendingAnchor = null;
            pendingAlias = false;
            pendingPlain = false;
            JsonToken token = super.nextToken();
            if (token == null) {
                return null;
            }
            if (rootDone) {
                // Only reached when the stream goes on without a new document marker; SnakeYAML reports that.
                return token;
            }
            return record(token);
        }

        private JsonToken record(JsonToken token) throws IOException {
            boolean inArray = getParsingContext().inArray()
                    && token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY;
            JsonToken result = token;
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    JsonLocation at = currentTokenLocation();
                    if (depth > MAX_DEPTH) {
                        throw new LimitException("the document nests mappings and lists more than " + MAX_DEPTH
                                + " levels deep; a spec needs at most 5", at);
                    }
                    String path = path();
                    checkNode(path);
                    String description = token == JsonToken.START_OBJECT ? "a mapping" : "a list";
                    Entry key = entries.get(path);
                    if (key != null && key.description().startsWith("the key")) {
                        entries.put(path, new Entry(key.line(), key.column(), description));
                    } else {
                        entries.putIfAbsent(path, new Entry(at.getLineNr(), at.getColumnNr(), description));
                    }
                    if (token == JsonToken.START_OBJECT) {
                        keysPerMapping.push(new HashSet<>());
                    }
                }
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (token == JsonToken.END_OBJECT) {
                        keysPerMapping.pop();
                    }
                }
                case FIELD_NAME -> {
                    String path = path();
                    checkNode(path);
                    JsonLocation at = currentTokenLocation();
                    String key = currentName();
                    if ("<<".equals(key)) {
                        explain(path);
                        issues.add(new Issue(at.getLineNr(), at.getColumnNr(), path,
                                "YAML merge keys (<<) are not allowed in a spec: write the keys out"));
                    }
                    if (!keysPerMapping.peek().add(key)) {
                        explain(path);
                        Entry first = entries.get(path);
                        issues.add(new Issue(at.getLineNr(), at.getColumnNr(), path, "duplicate key '" + key + "'"
                                + (first == null ? "" : "; it is first given at line " + first.line())
                                + ": each key may appear once"));
                    } else {
                        entries.put(path, new Entry(at.getLineNr(), at.getColumnNr(), "the key '" + key + "'"));
                    }
                }
                default -> result = scalar(token, inArray);
            }
            if (depth == 0) {
                rootDone = true;
            }
            return result;
        }

        /** Checks a scalar; numbers in lists are only checked, everything else is also recorded. */
        private JsonToken scalar(JsonToken token, boolean inArray) throws IOException {
            boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
            JsonToken result = token;
            String problem = null;
            if (number) {
                String raw = getText();
                if (isNonFinite(raw)) {
                    problem = "expected a finite number but found " + UserText.quote(raw);
                    result = replaceWithString();
                } else if (!PlainNumbers.isPlainDecimal(raw)) {
                    problem = PlainNumbers.refusal(raw);
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT && mayOverflow(raw)
                        && !Double.isFinite(getDoubleValue())) {
                    problem = "expected a finite number but found " + UserText.quote(raw) + " (too large for a number)";
                    result = replaceWithString();
                }
            } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                String raw = getText();
                if (YAML11_BOOLEANS.contains(raw.toLowerCase(Locale.ROOT))) {
                    problem = "'" + raw + "' is ambiguous (YAML 1.1 reads it as a boolean): write true or false, "
                            + "or quote it";
                }
            } else if (token == JsonToken.VALUE_STRING && pendingPlain && !pendingAlias && isNonFinite(getText())) {
                problem = "expected a finite number but found " + UserText.quote(getText());
            }
            boolean plainNumberInList = number && inArray && problem == null && pendingTag == null
                    && pendingAnchor == null;
            if (plainNumberInList) {
                return result;
            }
            String path = path();
            JsonLocation at = currentTokenLocation();
            checkNode(path);
            if (problem != null) {
                explain(path);
                issues.add(new Issue(at.getLineNr(), at.getColumnNr(), path, problem));
            }
            String description = pendingAlias ? "the alias *" + getText() : describe(token);
            Entry key = entries.get(path);
            if (key == null || !key.description().startsWith("the key")) {
                entries.put(path, new Entry(at.getLineNr(), at.getColumnNr(), description));
            } else {
                entries.put(path, new Entry(key.line(), key.column(), description));
            }
            return result;
        }

        /** Makes the current number token a string, so that Jackson does not try to read it as a number. */
        private JsonToken replaceWithString() {
            _currToken = JsonToken.VALUE_STRING;
            return JsonToken.VALUE_STRING;
        }

        /** Reports the anchor, alias or tag on the current node. */
        private void checkNode(String path) {
            JsonLocation at = currentTokenLocation();
            if (pendingAlias) {
                explain(path);
                once("aliases", new Issue(at.getLineNr(), at.getColumnNr(), path, "YAML aliases (*" + safeText()
                        + ") are not allowed in a spec: write the value out"));
            }
            if (pendingAnchor != null) {
                once("anchors", new Issue(at.getLineNr(), at.getColumnNr(), path, "YAML anchors (&" + pendingAnchor
                        + ") are not allowed in a spec"));
            }
            if (pendingTag != null) {
                explain(path);
                once("tags", new Issue(at.getLineNr(), at.getColumnNr(), path, "YAML tags (" + displayTag(pendingTag)
                        + ") are not allowed in a spec: write the plain value"));
            }
        }

        private String safeText() {
            try {
                return getText();
            } catch (IOException e) {
                return "?";
            }
        }

        /** Records the first issue of a kind; later ones are only counted. */
        private void once(String kind, Issue issue) {
            int[] firstAndMore = repeated.get(kind);
            if (firstAndMore == null) {
                repeated.put(kind, new int[] {issues.size(), 0});
                issues.add(issue);
            } else {
                firstAndMore[1]++;
            }
        }

        private void explain(String path) {
            if (explaining.size() < MAX_EXPLAINING_PATHS) {
                explaining.add(path);
            }
        }

        private String path() {
            return toPath(getParsingContext().pathAsPointer());
        }

        private String describe(JsonToken token) throws IOException {
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + UserText.escape(getText());
                case VALUE_STRING -> "the string " + UserText.quote(getText(), '"');
                case VALUE_TRUE, VALUE_FALSE -> "the boolean " + getText();
                case VALUE_NULL -> "null";
                default -> token.toString();
            };
        }
    }

    /** {@code .nan}, {@code .inf}, {@code -.Inf} and the like. */
    static boolean isNonFinite(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        return lower.equals(".nan") || lower.equals(".inf") || lower.equals("-.inf") || lower.equals("+.inf");
    }

    /** Whether a decimal without an exponent could still be too large: only with more than 300 digits. */
    private static boolean mayOverflow(String raw) {
        return raw.indexOf('e') >= 0 || raw.indexOf('E') >= 0 || raw.length() > 300;
    }
}
