package dev.nn.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nn.spec.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every value of a spec that affects training, as a flat map from its key path ({@code training.batch_size},
 * {@code layers[1].units}) to its JSON text, so that a resume can say exactly what changed. Left out: the
 * {@code metadata} (a saved model's provenance) and {@code training.checkpoint} (where checkpoints go changes
 * nothing computed). A list of numbers (a saved model's weights) is one value, its count and SHA-256.
 */
final class SpecFingerprint {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private SpecFingerprint() {
    }

    static SortedMap<String, String> of(ModelSpec spec) {
        JsonNode tree = JSON.valueToTree(spec);
        if (tree instanceof ObjectNode root) {
            root.remove("metadata");
            if (root.get("training") instanceof ObjectNode training) {
                training.remove("checkpoint");
            }
        }
        SortedMap<String, String> values = new TreeMap<>();
        flatten("", tree, values);
        return values;
    }

    /**
     * One line per difference, {@code training.batch_size: 32 in the checkpoint, 64 in SPEC}, in key order.
     *
     * @param current the name of what is resumed with, e.g. {@code spec.yaml}
     */
    static List<String> differences(Map<String, String> recorded, Map<String, String> now, String current) {
        TreeSet<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            String before = recorded.get(key);
            String after = now.get(key);
            if (!Objects.equals(before, after)) {
                differences.add(key + ": " + (before == null ? "absent" : before) + " in the checkpoint, "
                        + (after == null ? "absent" : after) + " in " + current);
            }
        }
        return differences;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> values) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                values.put(path, "{}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), values);
            }
        } else if (node.isArray()) {
            if (numeric(node) && node.size() > 8) {
                values.put(path, count(node) + " numbers, sha256 " + sha256(node.toString()));
                return;
            }
            if (node.isEmpty()) {
                values.put(path, "[]");
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), values);
            }
        } else {
            values.put(path, node.toString());
        }
    }

    /** Whether {@code node} is a number or a (nested) list of numbers only. */
    private static boolean numeric(JsonNode node) {
        if (node.isNumber()) {
            return true;
        }
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!numeric(element)) {
                return false;
            }
        }
        return true;
    }

    private static long count(JsonNode node) {
        if (!node.isArray()) {
            return 1;
        }
        long count = 0;
        for (JsonNode element : node) {
            count += count(element);
        }
        return count;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
