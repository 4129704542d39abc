package dev.nn.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --set KEY=VALUE} of the command line: a key path into the spec ({@code training.epochs},
 * {@code layers[1].units}) and a value written as YAML ({@code 5}, {@code relu}, {@code {monitor: val_loss}}),
 * applied to the spec's tree before it is bound ({@link SpecLoader#withOverrides}), so the value is typed and checked
 * exactly as if the file said it.
 *
 * @param argument the argument as given, {@code training.epochs=5}, for messages
 * @param path the key path, segments in order: a {@link String} key or an {@link Integer} list index
 * @param value the YAML text after the first {@code =}; may be empty (YAML null)
 */
public record SpecOverride(String argument, List<Object> path, String value) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(0|[1-9][0-9]{0,8})]");

    public SpecOverride {
        Objects.requireNonNull(argument, "argument is null");
        Objects.requireNonNull(value, "value is null");
        path = List.copyOf(path);
        if (path.isEmpty() || !(path.get(0) instanceof String)) {
            throw new IllegalArgumentException("a key path starts with a key");
        }
    }

    /**
     * Reads {@code KEY=VALUE}.
     *
     * @throws SpecException naming the argument when it has no {@code =} or its key path is not of the form
     *     {@code a.b[0].c}
     */
    public static SpecOverride parse(String argument) {
        Objects.requireNonNull(argument, "argument is null");
        int equals = argument.indexOf('=');
        if (equals < 0) {
            throw refused(argument, "expected KEY=VALUE, e.g. --set training.epochs=5");
        }
        String key = argument.substring(0, equals).strip();
        List<Object> path = new ArrayList<>();
        Matcher first = KEY.matcher(key);
        if (!first.lookingAt()) {
            throw refused(argument, badPath(key));
        }
        path.add(first.group());
        Matcher segment = SEGMENT.matcher(key);
        int at = first.end();
        while (at < key.length()) {
            if (!segment.find(at) || segment.start() != at) {
                throw refused(argument, badPath(key));
            }
            path.add(segment.group(1) != null ? segment.group(1) : Integer.valueOf(segment.group(2)));
            at = segment.end();
        }
        return new SpecOverride(argument, path, argument.substring(equals + 1));
    }

    private static String badPath(String key) {
        return "the key path " + (key.isEmpty() ? "is empty" : "'" + key + "' is not of the form a.b[0].c")
                + "; e.g. training.epochs, optimizer.learning_rate, layers[1].units";
    }

    private static SpecException refused(String argument, String message) {
        return new SpecException(new SpecProblem(origin(argument), 0, 0, "", message));
    }

    /** How messages name an override: {@code --set training.epochs=5 (from the command line)}. */
    static String origin(String argument) {
        return "--set " + argument + " (from the command line)";
    }

    /** {@link #origin(String)} of this override. */
    public String origin() {
        return origin(argument);
    }

    /** The key path as the spec's messages write it: {@code layers[1].units}. */
    public String keyPath() {
        return keyPath(path.size());
    }

    /** The first {@code segments} segments of the key path. */
    String keyPath(int segments) {
        StringBuilder text = new StringBuilder();
        for (Object segment : path.subList(0, segments)) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(segment);
            }
        }
        return text.toString();
    }
}
