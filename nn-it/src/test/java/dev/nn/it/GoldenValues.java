package dev.nn.it;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The expected results of training one golden spec, as {@code golden/generate_golden.py} (or, for the specs with
 * normalisation layers, {@code golden/generate_golden_torch.py}) computed them ({@code NAME.expected.json}): every
 * epoch's loss (and accuracy when the targets are one-hot), the final parameters {@code W1, b1, W2, ...} and, when
 * a layer has any, the final state ({@code running_mean2, ...}).
 *
 * @param epochs one entry per epoch, in order
 * @param parameters {@code W1, b1, gamma2, ...} in layer order; {@code Wk} is units x fan-in, {@code bk} one row
 * @param state {@code running_mean2, running_var2, ...} in layer order; empty when no layer has state
 */
record GoldenValues(List<Epoch> epochs, Map<String, Matrix> parameters, Map<String, Matrix> state) {
    /** The folder of golden specs and their expected values. */
    static Path folder() {
        return NnProcess.testResources("golden");
    }

    /**
     * One epoch's expected metrics.
     *
     * @param epoch 1-based
     * @param loss the mean loss over the epoch's samples
     * @param accuracy the fraction of samples classified right; empty when the targets are not one-hot
     * @param learningRate the rate of the epoch's first update, for the specs with a learning-rate schedule
     */
    record Epoch(int epoch, double loss, OptionalDouble accuracy, OptionalDouble learningRate) {
    }

    GoldenValues {
        epochs = List.copyOf(epochs);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        state = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    /** Reads {@code NAME.expected.json}. */
    static GoldenValues read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Epoch> epochs = new ArrayList<>();
        for (JsonNode epoch : requireNonNull(root.get("epochs"), "no epochs in " + file)) {
            JsonNode accuracy = epoch.get("accuracy");
            JsonNode learningRate = epoch.get("learning_rate");
            epochs.add(new Epoch(epoch.get("epoch").intValue(), epoch.get("loss").doubleValue(),
                    accuracy == null ? OptionalDouble.empty() : OptionalDouble.of(accuracy.doubleValue()),
                    learningRate == null ? OptionalDouble.empty() : OptionalDouble.of(learningRate.doubleValue())));
        }
        Map<String, Matrix> parameters = new LinkedHashMap<>();
        root.get("parameters").properties().forEach(field -> parameters.put(field.getKey(),
                Matrix.of(field.getValue())));
        Map<String, Matrix> state = new LinkedHashMap<>();
        if (root.has("state")) {
            root.get("state").properties().forEach(field -> state.put(field.getKey(), Matrix.of(field.getValue())));
        }
        return new GoldenValues(epochs, parameters, state);
    }

    /** The expected values of the spec {@code NAME.yaml} in the golden folder. */
    static GoldenValues forSpec(String specFileName) {
        return read(folder().resolve(specFileName.replaceFirst("\\.yaml$", ".expected.json")));
    }
}
