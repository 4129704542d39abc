package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A component named in a spec: either a bare name ({@code relu}) or a mapping with a {@code name} and parameters
 * ({@code {name: leaky_relu, alpha: 0.1}}).
 *
 * @param name the component's name
 * @param parameters the other keys of the mapping, as numbers, strings, booleans or lists
 */
public record ComponentRef(String name, Map<String, Object> parameters) {
    public ComponentRef {
        Objects.requireNonNull(name, "name is null");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A bare name without parameters. */
    public static ComponentRef named(String name) {
        return new ComponentRef(name, Map.of());
    }

    /**
     * A layer option's value as a reference: a name, or a mapping with a {@code name} and the component's
     * parameters; empty for anything else.
     */
    public static java.util.Optional<ComponentRef> ofOption(Object value) {
        if (value instanceof String name) {
            return java.util.Optional.of(named(name));
        }
        if (value instanceof Map<?, ?> mapping && mapping.get("name") instanceof String name) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            mapping.forEach((key, v) -> {
                if (!"name".equals(key)) {
                    parameters.put(String.valueOf(key), v);
                }
            });
            return java.util.Optional.of(new ComponentRef(name, parameters));
        }
        return java.util.Optional.empty();
    }

    /** Binds a YAML scalar or mapping; anything else is rejected with a message Jackson places in the file. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ComponentRef fromYaml(JsonNode node) {
        if (node.isTextual()) {
            return named(requireName(node.textValue()));
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "expected a name or a mapping with 'name' but found " + SpecValues.describe(node));
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null) {
            throw new IllegalArgumentException("missing key 'name' in a component mapping");
        }
        if (!nameNode.isTextual()) {
            throw new IllegalArgumentException(
                    "'name' must be a string but found " + SpecValues.describe(nameNode));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("name")) {
                if (field.getValue().isNull()) {
                    throw new InvalidParameterException(field.getKey(), "expected a value but found null (leave the key out "
                            + "to get its default)");
                }
                parameters.put(field.getKey(), SpecValues.toJava(field.getValue()));
            }
        }
        return new ComponentRef(requireName(nameNode.textValue()), parameters);
    }

    private static String requireName(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("expected a component name but found an empty string");
        }
        return name;
    }

    /** Writes a bare name when there are no parameters, else the mapping. */
    @JsonValue
    public Object toYaml() {
        if (parameters.isEmpty()) {
            return name;
        }
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("name", name);
        mapping.putAll(parameters);
        return mapping;
    }

    /** A parameter of a component mapping that cannot be used; {@link #key()} places it. */
    static final class InvalidParameterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String key;

        InvalidParameterException(String key, String message) {
            super(message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    @Override
    public String toString() {
        return parameters.isEmpty() ? name : name + parameters;
    }

}
