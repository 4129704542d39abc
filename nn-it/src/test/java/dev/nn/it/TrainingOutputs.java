package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code nn train} writes, independently of the platform's own classes: the {@code --metrics} JSON Lines
 * and the {@code --save} spec.
 */
final class TrainingOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private TrainingOutputs() {
    }

    /** Every line of a metrics file, parsed; fails on a line that is not a JSON object. */
    static List<JsonNode> metrics(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : metricsText(file)) {
            try {
                JsonNode node = JSON.readTree(line);
                assertTrue(node != null && node.isObject(), "not a JSON object: " + line);
                lines.add(node);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return lines;
    }

    /** The lines of a metrics file as written. */
    static List<String> metricsText(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A spec file as a YAML tree. */
    static JsonNode spec(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The parameters a saved spec holds, named as the golden files name them: {@code W1} and {@code b1} for a dense
     * {@code layers[0].weights} and {@code layers[0].bias}, {@code gamma2} for {@code layers[1].parameters.gamma},
     * and so on; layers without parameters (an activation layer) add nothing.
     */
    static Map<String, Matrix> parameters(Path savedSpec) {
        JsonNode layers = layers(savedSpec);
        Map<String, Matrix> parameters = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            if (!layer.has("type") || layer.get("type").asText().equals("dense")) {
                assertTrue(layer.has("weights") && layer.has("bias"),
                        "layers[" + i + "] of " + savedSpec + " has no weights or no bias: " + layer);
                parameters.put("W" + (i + 1), Matrix.of(layer.get("weights")));
                parameters.put("b" + (i + 1), Matrix.of(layer.get("bias")));
            }
            named(layer, "parameters", i + 1, parameters);
        }
        return parameters;
    }

    /**
     * The state a saved spec holds, named as the golden files name it: {@code running_mean2} for
     * {@code layers[1].state.running_mean}, and so on; empty when no layer has state.
     */
    static Map<String, Matrix> state(Path savedSpec) {
        JsonNode layers = layers(savedSpec);
        Map<String, Matrix> state = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            named(layers.get(i), "state", i + 1, state);
        }
        return state;
    }

    private static JsonNode layers(Path savedSpec) {
        JsonNode layers = spec(savedSpec).get("layers");
        assertTrue(layers != null && layers.isArray(), "no layers in " + savedSpec);
        return layers;
    }

    /** Adds each entry of the layer's {@code key} mapping as {@code <name><position>}. */
    private static void named(JsonNode layer, String key, int position, Map<String, Matrix> into) {
        JsonNode mapping = layer.get(key);
        if (mapping != null) {
            mapping.properties().forEach(field -> into.put(field.getKey() + position, Matrix.of(field.getValue())));
        }
    }
}
