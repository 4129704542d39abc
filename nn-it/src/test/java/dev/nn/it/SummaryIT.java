package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn summary} on an untrained spec whose data is missing (nothing is read), on a saved model file with
 * state tensors, and on a spec error. The expected counts are the layers' arithmetic: a dense layer of {@code u} units on
 * {@code n} inputs has {@code u * n + u} parameters; batch_norm on {@code f} features has {@code gamma} and
 * {@code beta} ({@code 2f}) and the state {@code running_mean} and {@code running_var} ({@code 2f}).
 */
final class SummaryIT {
    @TempDir
    Path dir;

    @Test
    void anUntrainedSpecIsSummarisedWithoutItsDataLayerByLayer() throws IOException {
        Path spec = dir.resolve("iris.yaml");
        Files.copy(NnProcess.repository().resolve("examples/iris.yaml"), spec); // without data/iris.csv beside it

        NnProcess.Result run = NnProcess.in(dir).run("summary", "iris.yaml");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        List<String> lines = run.stdoutLines();
        assertEquals("iris.yaml: iris, 4 inputs", lines.get(0), run::describe);
        assertEquals(List.of("layer", "type", "output", "shape", "parameters", "activation", "state"),
                List.of(lines.get(1).split(" +")), run::describe);
        assertEquals(List.of("layers[0]", "dense", "(batch,", "16)", Integer.toString(16 * 4 + 16), "relu", "-"),
                List.of(lines.get(2).split(" +")), run::describe);
        assertEquals(List.of("layers[1]", "dense", "(batch,", "3)", Integer.toString(3 * 16 + 3), "softmax", "-"),
                List.of(lines.get(3).split(" +")), run::describe);
        int parameters = 16 * 4 + 16 + 3 * 16 + 3;
        assertTrue(lines.contains("trainable parameters  " + parameters), run::describe);
        assertTrue(lines.contains("state values          0"), run::describe);
        assertTrue(lines.contains("bytes (float64)       " + parameters * 8), run::describe);
        assertTrue(lines.contains("loss                  cross_entropy"), run::describe);
        assertTrue(lines.contains("optimizer             adam (learning_rate=0.01)"), run::describe);
    }

    @Test
    void aSavedModelsJsonSummaryListsItsParameterAndStateTensors() throws IOException {
        Path model = dir.resolve("model.nn");
        NnProcess.Result train = NnProcess.in(GoldenValues.folder()).run("train", "batch_norm_mlp.yaml", "--save",
                model.toString());
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result run = NnProcess.in(dir).run("summary", "--json", "model.nn");

        assertEquals(0, run.exitCode(), run::describe);
        JsonNode summary = new ObjectMapper().readTree(run.stdout());
        assertEquals("batch-norm-mlp", summary.get("name").asText());
        assertEquals("model.nn", summary.get("source").asText());
        assertEquals(3, summary.get("input").asInt());
        JsonNode layers = summary.get("layers");
        assertEquals(4, layers.size());
        assertLayer(layers.get(0), 0, "dense", 4, 4 * 3 + 4, "identity");
        assertLayer(layers.get(1), 1, "batch_norm", 4, 2 * 4, null);
        assertLayer(layers.get(2), 2, "activation", 4, 0, "relu");
        assertLayer(layers.get(3), 3, "dense", 3, 3 * 4 + 3, "softmax");
        assertEquals("[{\"name\":\"weights\",\"shape\":[4,3]},{\"name\":\"bias\",\"shape\":[1,4]}]",
                layers.get(0).get("parameter_tensors").toString());
        assertEquals("[{\"name\":\"gamma\",\"shape\":[1,4]},{\"name\":\"beta\",\"shape\":[1,4]}]",
                layers.get(1).get("parameter_tensors").toString());
        assertEquals("[{\"name\":\"running_mean\",\"shape\":[1,4]},{\"name\":\"running_var\",\"shape\":[1,4]}]",
                layers.get(1).get("state_tensors").toString());
        int parameters = 4 * 3 + 4 + 2 * 4 + 3 * 4 + 3;
        int state = 2 * 4;
        assertEquals(parameters, summary.get("totals").get("trainable_parameters").asInt());
        assertEquals(state, summary.get("totals").get("state_values").asInt());
        assertEquals((parameters + state) * 8, summary.get("totals").get("bytes").asInt());
        assertEquals("{\"name\":\"cross_entropy\",\"parameters\":{}}", summary.get("loss").toString());
        assertEquals("{\"name\":\"sgd\",\"parameters\":{\"learning_rate\":0.05,\"momentum\":0.9}}",
                summary.get("optimizer").toString());
    }

    @Test
    void aSpecErrorIsOneMessageAndExitCode2() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "input: 3\nlayers:\n  - units: 2\n    activation: relu2\n"
                + "loss: mse\noptimizer: sgd\ntraining: {epochs: 1}\n");

        NnProcess.Result run = NnProcess.in(dir).run("summary", "bad.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertEquals(1, run.stderrLines().size(), run::describe);
        assertTrue(run.stderr().startsWith("error: bad.yaml:4:5: layers[0].activation: unknown activation 'relu2'; "
                + "did you mean 'relu'?; available: "), run::describe);
        assertFalse(run.stderr().contains("Exception"), run::describe);
    }

    private static void assertLayer(JsonNode layer, int index, String type, int outputs, int parameters,
                                    String activation) {
        assertEquals(index, layer.get("index").asInt(), layer::toString);
        assertEquals(type, layer.get("type").asText(), layer::toString);
        assertEquals("[null," + outputs + "]", layer.get("output_shape").toString(), layer::toString);
        assertEquals(parameters, layer.get("parameter_count").asInt(), layer::toString);
        if (activation == null) {
            assertTrue(layer.get("activation").isNull(), layer::toString);
        } else {
            assertEquals(activation, layer.get("activation").get("name").asText(), layer::toString);
        }
    }
}
