package dev.nn.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters written beside a component's name in a spec, e.g. {@code alpha: 0.1} in
 * {@code {name: leaky_relu, alpha: 0.1}}.
 *
 * <p>Values are what YAML gives: {@link Number}, {@link String}, {@link Boolean} or {@link List}. The typed getters
 * check the type and throw {@link ParameterException} naming the parameter, what was expected and what was found.
 * Every key that is read is remembered, so the platform can report keys that no getter asked for as unknown, and
 * so can the value each getter returned ({@link #resolved()}): the spec's, or the default the component declared by
 * passing it. That is how {@code nn config} shows every default without a second list of them.
 */
public final class ComponentParameters {
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, Object> resolved = new LinkedHashMap<>();

    public ComponentParameters(Map<String, ?> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values is null")));
    }

    /** No parameters. */
    public static ComponentParameters empty() {
        return new ComponentParameters(Map.of());
    }

    /** Whether the spec wrote {@code name}. */
    public boolean contains(String name) {
        read.add(name);
        return values.containsKey(name);
    }

    /** A finite number, or {@code defaultValue} when absent. */
    public double getDouble(String name, double defaultValue) {
        read.add(name);
        Object value = values.get(name);
        if (value == null) {
            return used(name, defaultValue);
        }
        if (!(value instanceof Number number)) {
            throw new ParameterException(name, "a number", describe(value));
        }
        double result = number.doubleValue();
        if (!Double.isFinite(result)) {
            throw new ParameterException(name, "a finite number", String.valueOf(result));
        }
        return used(name, result);
    }

    /** A whole number, or {@code defaultValue} when absent. */
    public long getLong(String name, long defaultValue) {
        read.add(name);
        Object value = values.get(name);
        if (value == null) {
            return used(name, defaultValue);
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
            throw new ParameterException(name, "a whole number", describe(value));
        }
        return used(name, ((Number) value).longValue());
    }

    /** {@code true} or {@code false}, or {@code defaultValue} when absent. */
    public boolean getBoolean(String name, boolean defaultValue) {
        read.add(name);
        Object value = values.get(name);
        if (value == null) {
            return used(name, defaultValue);
        }
        if (!(value instanceof Boolean bool)) {
            throw new ParameterException(name, "true or false", describe(value));
        }
        return used(name, bool);
    }

    /** A string, or {@code defaultValue} when absent. */
    public String getString(String name, String defaultValue) {
        read.add(name);
        Object value = values.get(name);
        if (value == null) {
            return defaultValue == null ? null : used(name, defaultValue);
        }
        if (!(value instanceof String string)) {
            throw new ParameterException(name, "a string", describe(value));
        }
        return used(name, string);
    }

    /**
     * The raw value of {@code name} (a number, string, boolean, list or mapping), or {@code null} when absent; for
     * structured parameters such as a list of column names.
     */
    public Object getObject(String name) {
        read.add(name);
        Object value = values.get(name);
        return value == null ? null : used(name, value);
    }

    /**
     * Every parameter a getter asked for with the value it returned, in the order first asked: the value written, or
     * the getter's default when it was left out ({@code null} defaults and {@link #contains} record nothing). A
     * component created from exactly these parameters behaves as the one created from the spec's.
     */
    public Map<String, Object> resolved() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(resolved));
    }

    private <T> T used(String name, T value) {
        resolved.put(name, value);
        return value;
    }

    /** Every name the spec wrote, in order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** The names the spec wrote that no getter has asked for. */
    public Set<String> unread() {
        Set<String> unread = new LinkedHashSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** The names that getters have asked for, written or not. */
    public Set<String> requested() {
        return Collections.unmodifiableSet(read);
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (value instanceof List<?> list) {
            return "a list of " + list.size();
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
