package dev.nn.it;

import static dev.nn.it.PluginSupport.assertNoStderr;
import static dev.nn.it.PluginSupport.assertRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin's layer {@code feature_scale} (a learnable scale per feature, option {@code initial}, state
 * {@code seen}), from the jar its module built, dropped into a plugins folder: trained, saved, loaded by predict,
 * trained further from the saved model, and its options checked, all through the CLI.
 */
final class ExampleLayerPluginIT {
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final int EPOCHS = 20;
    private static final int SAMPLES = 5;
    private static final double INITIAL = 0.5;
    private static final String SPEC = """
            input: 3
            seed: 7
            layers:
              - {type: feature_scale, initial: %s}
              - units: 2
            loss: mse
            optimizer: {name: sgd, learning_rate: 0.05}
            training: {epochs: %d, batch_size: 2}
            data:
              train:
                inputs: [[0.5, -0.2, 0.1], [-0.3, 0.8, 0.4], [0.9, 0.1, -0.5], [0.2, 0.2, 0.7], [-0.6, -0.4, 0.3]]
                targets: [[1.2, -0.4], [-0.6, 0.9], [0.8, 0.1], [0.3, 0.5], [-0.9, -0.2]]
            """.formatted(INITIAL, EPOCHS);
    private static final double[][] INPUTS = {{0.1, 0.2, 0.3}, {-0.4, 0.5, 0.9}, {1.5, -1.0, 0.0}};

    @Test
    void pluginsListsTheLayerWithTheJarItCameFrom(@TempDir Path plugins) {
        Path jar = PluginJars.copyExamplePlugin(plugins);

        NnProcess.Result run = NnProcess.in(plugins).run("plugins", "--plugins", plugins.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertNoStderr(run);
        assertRow(run, "layer", "feature_scale", "dev.nn.examples.FeatureScaleProvider", jar.toString(), VERSION);
    }

    @Test
    void trainsSavesAndPredictsWithTheTrainedScaleAndState(@TempDir Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path spec = PluginSupport.write(work.resolve("scaled.yaml"), SPEC);
        Path model = work.resolve("model.yaml");

        NnProcess.Result train = NnProcess.in(work).run("train", spec.toString(), "--plugins", plugins.toString(),
                "--save", model.toString());

        assertEquals(0, train.exitCode(), train::describe);
        assertNoStderr(train);
        JsonNode layer = TrainingOutputs.spec(model).at("/layers/0");
        assertEquals("feature_scale", layer.get("type").asText(), layer::toString);
        assertEquals(INITIAL, layer.get("initial").doubleValue(), layer::toString);
        assertEquals(EPOCHS * SAMPLES, layer.at("/state/seen/0").doubleValue(), 0,
                "seen counts every training sample: " + layer);
        Map<String, Matrix> saved = TrainingOutputs.parameters(model);
        double[] scale = saved.get("scale1").values();
        assertEquals(3, scale.length, layer::toString);
        for (double s : scale) {
            assertNotEquals(INITIAL, s, "training moved every scale: " + layer);
        }

        Path input = work.resolve("x.csv");
        StringBuilder csv = new StringBuilder("x1,x2,x3\n");
        for (double[] row : INPUTS) {
            csv.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append('\n');
        }
        Files.writeString(input, csv);
        NnProcess.Result predict = NnProcess.in(work).run("predict", model.toString(), "--input", input.toString(),
                "--plugins", plugins.toString());
        NnProcess.Result again = NnProcess.in(work).run("predict", model.toString(), "--input", input.toString(),
                "--plugins", plugins.toString());

        assertEquals(0, predict.exitCode(), predict::describe);
        assertEquals(predict.stdout(), again.stdout(), "predict gives the same bits each time");
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(predict.stdout());
        assertEquals(INPUTS.length, predictions.outputs().size(), predict::describe);
        double[] w = saved.get("W2").values();
        double[] b = saved.get("b2").values();
        for (int r = 0; r < INPUTS.length; r++) {
            for (int unit = 0; unit < 2; unit++) {
                double expected = b[unit];
                for (int i = 0; i < 3; i++) {
                    expected += INPUTS[r][i] * scale[i] * w[unit * 3 + i];
                }
                Tolerance.assertClose(expected, predictions.outputs().get(r)[unit], 1e-12,
                        "row " + (r + 1) + ", output " + unit + " from the saved scale, W2 and b2");
            }
        }
        assertEquals(EPOCHS * SAMPLES, TrainingOutputs.spec(model).at("/layers/0/state/seen/0").doubleValue(), 0,
                "predict leaves the saved model as it was");
    }

    /** The saved state is loaded, not reset: training the saved model on goes on counting. */
    @Test
    void trainingASavedModelStartsFromItsSavedState(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path spec = PluginSupport.write(work.resolve("scaled.yaml"), SPEC);
        Path first = work.resolve("first.yaml");
        Path second = work.resolve("second.yaml");

        NnProcess.Result train = NnProcess.in(work).run("train", spec.toString(), "--plugins", plugins.toString(),
                "--save", first.toString());
        NnProcess.Result more = NnProcess.in(work).run("train", first.toString(), "--plugins", plugins.toString(),
                "--save", second.toString());

        assertEquals(0, train.exitCode(), train::describe);
        assertEquals(0, more.exitCode(), more::describe);
        assertEquals(2 * EPOCHS * SAMPLES, TrainingOutputs.spec(second).at("/layers/0/state/seen/0").doubleValue(),
                0, TrainingOutputs.spec(second)::toString);
    }

    @Test
    void anUnknownOptionIsReportedWithTheOptionsTheLayerAccepts(@TempDir Path work) {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path spec = PluginSupport.write(work.resolve("typo.yaml"), SPEC.replace("initial: ", "inital: "));

        NnProcess.Result run = NnProcess.in(work).run("validate", spec.toString(), "--plugins", plugins.toString());

        assertEquals(2, run.exitCode(), run::describe);
        List<String> errors = PluginSupport.platformStderr(run);
        assertEquals(1, errors.size(), run::describe);
        String error = errors.get(0);
        assertTrue(error.contains(spec + ":4:") && error.contains("layers[0].inital: unknown key 'inital'"),
                run::describe);
        assertTrue(error.contains("did you mean 'initial'") && error.contains("valid keys here: initial, parameters, state, type"),
                run::describe);
    }
}
