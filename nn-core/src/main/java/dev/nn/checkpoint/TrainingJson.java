package dev.nn.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nn.train.EpochReport;
import dev.nn.train.Metrics;
import dev.nn.train.TrainingState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A checkpoint's {@code training.json}: where training was ({@link TrainingState} without its tensors), the finished
 * epochs' metrics, the spec's values ({@link SpecFingerprint}) and the data files' SHA-256. Doubles are written in
 * their shortest exact decimal form, which reads back to the same bits.
 *
 * @param state the state, its tensors lists empty (they are entries of their own)
 * @param spec the spec's values
 * @param dataFiles every data file (as the spec's directory sees it) and its SHA-256, in reading order
 * @param plugins the plugin jars the model's components came from; empty for a checkpoint written before they were
 *     recorded
 */
record TrainingJson(TrainingState state, SortedMap<String, String> spec, Map<String, String> dataFiles,
                    Optional<List<PluginJar>> plugins) {
    /** A plugin jar a checkpointed model's components came from: its file name, version and SHA-256. */
    record PluginJar(String jar, String version, String sha256) {
        /** The jars of {@link dev.nn.model.Provenance#plugins}'s entries. */
        static List<PluginJar> of(List<Map<String, Object>> provenance) {
            List<PluginJar> jars = new ArrayList<>();
            for (Map<String, Object> entry : provenance) {
                jars.add(new PluginJar(String.valueOf(entry.get("jar")), String.valueOf(entry.get("version")),
                        String.valueOf(entry.get("sha256"))));
            }
            return jars;
        }
    }

    static final String ENTRY = "training.json";
    static final String FORMAT = "nn-checkpoint-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("epoch", state.epoch());
        root.put("batch", state.batch());
        root.put("weighted_loss", state.weightedLoss());
        root.put("correct", state.correct());
        root.put("shuffler_state", state.shufflerState());
        root.put("stopped_early", state.stoppedEarly());
        state.earlyStopping().ifPresent(e -> {
            ObjectNode node = root.putObject("early_stopping");
            if (e.bestEpoch() > 0) {
                node.put("best_value", e.bestValue());
            }
            node.put("best_epoch", e.bestEpoch());
            node.put("epochs_without_improvement", e.epochsWithoutImprovement());
        });
        ArrayNode epochs = root.putArray("epochs");
        for (EpochReport report : state.epochs()) {
            ObjectNode node = epochs.addObject();
            node.put("epoch", report.epoch());
            node.put("epochs", report.epochs());
            node.put("loss", report.loss());
            report.accuracy().ifPresent(a -> node.put("accuracy", a));
            report.learningRate().ifPresent(r -> node.put("learning_rate", r));
            report.validation().ifPresent(v -> {
                ObjectNode validation = node.putObject("validation");
                validation.put("loss", v.loss());
                v.accuracy().ifPresent(a -> validation.put("accuracy", a));
            });
        }
        ObjectNode specNode = root.putObject("spec");
        spec.forEach(specNode::put);
        ArrayNode files = root.putArray("data_files");
        dataFiles.forEach((path, sha) -> files.addObject().put("path", path).put("sha256", sha));
        plugins.ifPresent(jars -> {
            ArrayNode list = root.putArray("plugins");
            jars.forEach(jar -> list.addObject().put("jar", jar.jar()).put("version", jar.version())
                    .put("sha256", jar.sha256()));
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * Reads {@code bytes}; {@code earlyStoppingValues} and {@code lastEpochValues} complete the state.
     *
     * @throws CheckpointException naming {@code source} when something is missing or of the wrong kind
     */
    static TrainingJson read(byte[] bytes, String source, List<dev.nn.tensor.Tensor> earlyStoppingValues,
                             List<dev.nn.tensor.Tensor> lastEpochValues) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw damaged(source, "it is not JSON (" + e.getMessage() + ")");
        }
        Fields fields = new Fields(root, source);
        if (!FORMAT.equals(fields.text("format"))) {
            throw damaged(source, "format is '" + fields.text("format") + "', expected " + FORMAT);
        }
        Optional<TrainingState.EarlyStoppingState> earlyStopping = Optional.empty();
        if (root.has("early_stopping")) {
            Fields rule = new Fields(root.get("early_stopping"), source + " early_stopping");
            int bestEpoch = rule.whole("best_epoch");
            earlyStopping = Optional.of(new TrainingState.EarlyStoppingState(
                    bestEpoch > 0 ? rule.number("best_value") : Double.NaN, bestEpoch,
                    rule.whole("epochs_without_improvement"), earlyStoppingValues));
        }
        List<EpochReport> epochs = new ArrayList<>();
        for (JsonNode node : fields.array("epochs")) {
            Fields epoch = new Fields(node, source + " epochs");
            Optional<Metrics> validation = Optional.empty();
            if (node.has("validation")) {
                Fields v = new Fields(node.get("validation"), source + " epochs.validation");
                validation = Optional.of(new Metrics(v.number("loss"), v.optionalNumber("accuracy")));
            }
            epochs.add(new EpochReport(epoch.whole("epoch"), epoch.whole("epochs"), epoch.number("loss"),
                    epoch.optionalNumber("accuracy"), validation, epoch.optionalNumber("learning_rate")));
        }
        TrainingState state;
        try {
            state = new TrainingState(fields.whole("epoch"), fields.whole("batch"), fields.number("weighted_loss"),
                    fields.wholeLong("correct"), fields.wholeLong("shuffler_state"), epochs, earlyStopping,
                    fields.bool("stopped_early"), lastEpochValues);
        } catch (IllegalArgumentException e) {
            throw damaged(source, e.getMessage());
        }
        SortedMap<String, String> spec = new TreeMap<>();
        JsonNode specNode = root.get("spec");
        if (specNode == null || !specNode.isObject()) {
            throw damaged(source, "it has no spec values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = specNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            spec.put(entry.getKey(), entry.getValue().asText());
        }
        Map<String, String> dataFiles = new LinkedHashMap<>();
        for (JsonNode node : fields.array("data_files")) {
            Fields file = new Fields(node, source + " data_files");
            dataFiles.put(file.text("path"), file.text("sha256"));
        }
        Optional<List<PluginJar>> plugins = Optional.empty();
        if (root.has("plugins")) {
            List<PluginJar> jars = new ArrayList<>();
            for (JsonNode node : fields.array("plugins")) {
                Fields jar = new Fields(node, source + " plugins");
                jars.add(new PluginJar(jar.text("jar"), jar.text("version"), jar.text("sha256")));
            }
            plugins = Optional.of(jars);
        }
        return new TrainingJson(state, spec, dataFiles, plugins);
    }

    static CheckpointException damaged(String source, String what) {
        return new CheckpointException(source + ": the checkpoint is damaged or was edited: " + what);
    }

    /** Typed, checked access to an object's fields. */
    private record Fields(JsonNode node, String source) {
        private JsonNode field(String name) {
            JsonNode value = node == null ? null : node.get(name);
            if (value == null || value.isNull()) {
                throw damaged(source, "it has no " + name);
            }
            return value;
        }

        String text(String name) {
            JsonNode value = field(name);
            if (!value.isTextual()) {
                throw damaged(source, name + " is not text");
            }
            return value.asText();
        }

        double number(String name) {
            JsonNode value = field(name);
            if (!value.isNumber()) {
                throw damaged(source, name + " is not a number");
            }
            return value.doubleValue();
        }

        OptionalDouble optionalNumber(String name) {
            return node.has(name) ? OptionalDouble.of(number(name)) : OptionalDouble.empty();
        }

        int whole(String name) {
            JsonNode value = field(name);
            if (!value.isInt()) {
                throw damaged(source, name + " is not a whole number");
            }
            return value.intValue();
        }

        long wholeLong(String name) {
            JsonNode value = field(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw damaged(source, name + " is not a whole number");
            }
            return value.longValue();
        }

        boolean bool(String name) {
            JsonNode value = field(name);
            if (!value.isBoolean()) {
                throw damaged(source, name + " is not true or false");
            }
            return value.booleanValue();
        }

        JsonNode array(String name) {
            JsonNode value = field(name);
            if (!value.isArray()) {
                throw damaged(source, name + " is not a list");
            }
            return value;
        }
    }
}
