package dev.nn.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nn.input.UserText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts YAML values to plain Java values and describes them for error messages. */
final class SpecValues {
    private SpecValues() {
    }

    /** A number, string, boolean, list or map; {@code null} for YAML null. */
    static Object toJava(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.forEach(element -> values.add(toJava(element)));
            return values;
        }
        if (node.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> values.put(field.getKey(), toJava(field.getValue())));
            return values;
        }
        return null;
    }

    /** e.g. {@code the number 4.7}, {@code the string "x"}, {@code a list}, {@code a mapping}. */
    static String describe(JsonNode node) {
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isTextual()) {
            return "the string " + UserText.quote(node.textValue(), '"');
        }
        if (node.isBoolean()) {
            return "the boolean " + node.booleanValue();
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "null";
    }
}
