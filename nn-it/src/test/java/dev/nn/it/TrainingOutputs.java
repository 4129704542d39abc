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
     * The parameters a saved spec holds, named as the golden files name them: {@code W1} and {@code b1} for
     * {@code layers[0].weights} and {@code layers[0].bias}, and so on.
     */
    static Map<String, Matrix> parameters(Path savedSpec) {
        JsonNode layers = spec(savedSpec).get("layers");
        // named as the golden values and traces name them: W<k>/b<k> for dense, <name><k> for the others
        assertTrue(layers != null && layers.isArray(), "no layers in " + savedSpec);
        Map<String, Matrix> parameters = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            String type = layer.has("type") ? layer.get("type").asText() : "dense";
            if (!type.equals("dense")) {
                // other layer types save their parameters and state by name, e.g. parameters: {gamma: [...]}
                for (String key : List.of("parameters", "state")) {
                    if (layer.has(key)) {
                        for (var entries = layer.get(key).fields(); entries.hasNext(); ) {
                            var entry = entries.next();
                            parameters.put(entry.getKey() + (i + 1), Matrix.of(entry.getValue()));
                        }
                    }
                }
                continue;
            }
            assertTrue(layer.has("weights") && layer.has("bias"),
                    "layers[" + i + "] of " + savedSpec + " has no weights or no bias: " + layer);
            parameters.put("W" + (i + 1), Matrix.of(layer.get("weights")));
            parameters.put("b" + (i + 1), Matrix.of(layer.get("bias")));
        }
        return parameters;
    }
}
