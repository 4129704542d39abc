package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model with {@code batch_norm} trained, saved and used as a user would: {@code nn predict} and
 * {@code nn evaluate} on the saved model normalise with its saved running statistics (inference mode), not with the
 * statistics of the rows they are given. The golden spec {@code batch_norm_mlp.yaml}: dense (3 -> 4, no
 * activation), batch_norm, relu, dense softmax. And {@code nn gradcheck} through both layers, in both modes.
 */
final class NormalizationLayersIT {
    /** The spec's validation set, which training evaluated in inference mode after every epoch. */
    private static final double[][] VALIDATION = {
        {0.85, 0.0, 0.2}, {-0.3, 0.8, 0.1}, {0.1, -0.3, 0.6}, {0.5, 0.4, -0.1}, {0.0, 0.3, 0.4}};
    private static final int[] VALIDATION_CLASSES = {0, 1, 2, 0, 2};
    private static final double EPSILON = 1e-5;

    @TempDir
    static Path shared;
    private static Path model;
    private static JsonNode lastEpoch;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainAndSave() {
        model = shared.resolve("batch-norm-model.yaml");
        Path metrics = shared.resolve("metrics.jsonl");
        NnProcess.Result run = NnProcess.in(GoldenValues.folder()).run("train", "batch_norm_mlp.yaml", "--save",
                model.toString(), "--metrics", metrics.toString());
        assertEquals(0, run.exitCode(), run::describe);
        List<JsonNode> epochs = TrainingOutputs.metrics(metrics);
        lastEpoch = epochs.get(epochs.size() - 1);
    }

    private static String csv(double[][] rows) {
        StringBuilder text = new StringBuilder("a,b,c\n");
        for (double[] row : rows) {
            text.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append('\n');
        }
        return text.toString();
    }

    /** The network's output for one row, computed here from the saved values with the documented formulas. */
    private static double[] expectedOutput(double[] x, Map<String, Matrix> parameters, Map<String, Matrix> state) {
        double[] z = dense(x, parameters.get("W1"), parameters.get("b1"));
        double[] gamma = parameters.get("gamma2").values();
        double[] beta = parameters.get("beta2").values();
        double[] mean = state.get("running_mean2").values();
        double[] variance = state.get("running_var2").values();
        for (int c = 0; c < z.length; c++) {
            double normalised = gamma[c] * (z[c] - mean[c]) / Math.sqrt(variance[c] + EPSILON) + beta[c];
            z[c] = Math.max(0.0, normalised);
        }
        double[] logits = dense(z, parameters.get("W4"), parameters.get("b4"));
        double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
        double sum = 0.0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
        return logits;
    }

    private static double[] dense(double[] x, Matrix weights, Matrix bias) {
        double[] out = new double[weights.rows()];
        for (int u = 0; u < weights.rows(); u++) {
            double sum = 0.0;
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * weights.values()[u * weights.columns() + i];
            }
            out[u] = sum + bias.values()[u];
        }
        return out;
    }

    @Test
    void predictNormalisesWithTheSavedRunningStatistics() throws IOException {
        Files.writeString(dir.resolve("validation.csv"), csv(VALIDATION));
        Map<String, Matrix> parameters = TrainingOutputs.parameters(model);
        Map<String, Matrix> state = TrainingOutputs.state(model);

        NnProcess.Result run = NnProcess.in(dir).run("predict", model.toString(), "--input", "validation.csv");

        assertEquals(0, run.exitCode(), run::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(run.stdout());
        assertEquals(VALIDATION.length, predictions.outputs().size(), run::describe);
        double loss = 0.0;
        for (int r = 0; r < VALIDATION.length; r++) {
            double[] expected = expectedOutput(VALIDATION[r], parameters, state);
            double[] actual = predictions.outputs().get(r);
            for (int c = 0; c < expected.length; c++) {
                Tolerance.assertClose(expected[c], actual[c], 1e-12, "row " + (r + 1) + " p_" + c);
            }
            loss -= Math.log(actual[VALIDATION_CLASSES[r]]);
        }
        // The last epoch's val_loss was computed in inference mode after the last update: the same numbers.
        Tolerance.assertClose(lastEpoch.get("val_loss").doubleValue(), loss / VALIDATION.length, 1e-12,
                "cross-entropy of the predictions against the last val_loss");
    }

    @Test
    void aSingleRowIsPredictedExactlyAsInsideABatch() throws IOException {
        Files.writeString(dir.resolve("all.csv"), csv(VALIDATION));
        NnProcess.Result all = NnProcess.in(dir).run("predict", model.toString(), "--input", "all.csv");
        assertEquals(0, all.exitCode(), all::describe);
        List<double[]> batch = PredictOutputs.predictions(all.stdout()).outputs();

        for (int r = 0; r < VALIDATION.length; r++) {
            Files.writeString(dir.resolve("one.csv"), csv(new double[][] {VALIDATION[r]}));
            NnProcess.Result one = NnProcess.in(dir).run("predict", model.toString(), "--input", "one.csv");

            assertEquals(0, one.exitCode(), one::describe);
            assertArrayEquals(batch.get(r), PredictOutputs.predictions(one.stdout()).outputs().get(0), 0.0,
                    "row " + (r + 1) + " alone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"batch_norm_mlp.yaml", "batch_norm_adam.yaml", "layer_norm_mlp.yaml",
        "layer_norm_epsilon.yaml"})
    void gradcheckPassesInBothModesThroughTheNormalisationLayers(String spec) {
        NnProcess.Result run = NnProcess.in(GoldenValues.folder()).run("gradcheck", spec);

        assertEquals(0, run.exitCode(), run::describe);
        for (String name : List.of("gamma2", "beta2")) {
            assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(" ok ")
                    && l.contains("training")), name + " in training mode\n" + run.describe());
            assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(" ok ")
                    && l.endsWith("inference")), name + " in inference mode\n" + run.describe());
        }
        assertTrue(run.stdout().contains(spec + ": gradients match"), run::describe);
    }

    @Test
    void evaluateOnTheValidationSetReportsTheLastEpochsValidationMetrics() {
        NnProcess.Result run = NnProcess.in(shared).run("evaluate", model.toString(), "--data", "validation");

        assertEquals(0, run.exitCode(), run::describe);
        String loss = String.format(java.util.Locale.ROOT, "loss      %.10f", lastEpoch.get("val_loss").doubleValue());
        assertTrue(run.stdout().contains(loss), loss + "\n" + run.describe());
        assertTrue(run.stdout().contains("accuracy  0.8000 (4 of 5)"), run::describe);
        assertEquals(0.8, lastEpoch.get("val_accuracy").doubleValue(), 0.0);
    }
}
