package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python reader of docs/models.md ({@code read_nn}, in "The saved model"), run by {@code python3} with numpy on a model
 * file the command line saved, gives every tensor (weights, biases, a batch_norm's parameters and running statistics)
 * exactly as the YAML form of the same model (same spec, same seed) holds it, read here by Jackson's YAML reader, in
 * the same order; and it refuses the file with one byte changed.
 */
final class PythonModelFileReaderIT {
    private static final String DOCUMENT = "docs/models.md";
    private static final String BLOCK_START = "**Reading a model file in Python**";
    private static final String USAGE = "\nspec, tensors = read_nn(";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"examples/iris.yaml", "nn-it/src/test/resources/golden/batch_norm_mlp.yaml"})
    void theDocumentedReaderGivesTheTensorsTheYamlFormHolds(String spec) throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not on the PATH");
        NnProcess nn = NnProcess.inRepository();
        for (String model : new String[] {"m.nn", "m.yaml"}) {
            NnProcess.Result train = nn.run("train", spec, "--save", dir.resolve(model).toString());
            assertEquals(0, train.exitCode(), train::describe);
        }
        Path script = Files.writeString(dir.resolve("read.py"), readmeReader() + """

                import sys
                spec, tensors = read_nn(sys.argv[1])
                print(json.dumps({"spec": spec, "tensors": {name: {"shape": list(t.shape), "values": t.ravel().tolist()}
                                                            for name, t in tensors.items()}}))
                """);

        JsonNode read = new ObjectMapper().readTree(python(script, dir.resolve("m.nn")));

        JsonNode yaml = new YAMLMapper().readTree(dir.resolve("m.yaml").toFile());
        assertTrue(read.get("spec").asText().contains("\nname: " + yaml.get("name").asText() + "\n"), read::toString);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        JsonNode layers = yaml.get("layers");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            String prefix = "layers." + i + ".";
            for (String key : new String[] {"weights", "bias"}) {
                if (layer.has(key)) {
                    expected.put(prefix + key, layer.get(key));
                }
            }
            for (String key : new String[] {"parameters", "state"}) {
                if (layer.has(key)) {
                    layer.get(key).fields().forEachRemaining(e -> expected.put(prefix + e.getKey(), e.getValue()));
                }
            }
        }
        JsonNode tensors = read.get("tensors");
        assertEquals(List.copyOf(expected.keySet()), names(tensors));
        for (Map.Entry<String, JsonNode> entry : expected.entrySet()) {
            JsonNode value = entry.getValue();
            List<Integer> shape = value.get(0).isArray() ? List.of(value.size(), value.get(0).size())
                    : List.of(value.size());
            List<Double> values = new ArrayList<>();
            (value.get(0).isArray() ? flatten(value) : value).forEach(v -> values.add(v.doubleValue()));
            assertEquals(shape, shape(tensors, entry.getKey()), entry.getKey());
            assertEquals(values, values(tensors, entry.getKey()), entry.getKey());
        }
    }

    private static List<String> names(JsonNode tensors) {
        List<String> names = new ArrayList<>();
        tensors.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> flatten(JsonNode rows) {
        List<JsonNode> values = new ArrayList<>();
        rows.forEach(row -> row.forEach(values::add));
        return values;
    }

    @Test
    void theDocumentedReaderRefusesAChangedFile() throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not on the PATH");
        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/document.yaml", "--save",
                dir.resolve("m.nn").toString());
        assertEquals(0, train.exitCode(), train::describe);
        byte[] bytes = Files.readAllBytes(dir.resolve("m.nn"));
        bytes[bytes.length / 2] ^= 1;
        Path changed = Files.write(dir.resolve("changed.nn"), bytes);
        Path script = Files.writeString(dir.resolve("read.py"), readmeReader() + """

                import sys
                try:
                    read_nn(sys.argv[1])
                    print("read")
                except ValueError as e:
                    print("refused:", e)
                """);

        assertEquals("refused: " + changed + ": damaged (its seal does not match)", python(script, changed).strip());
    }

    /** The Python block of {@link #DOCUMENT}, up to the lines that use it. */
    private static String readmeReader() throws IOException {
        String readme = Files.readString(NnProcess.repository().resolve(DOCUMENT), StandardCharsets.UTF_8);
        int section = readme.indexOf(BLOCK_START);
        assertTrue(section > 0, DOCUMENT + " has no " + BLOCK_START);
        int start = readme.indexOf("```python\n", section) + "```python\n".length();
        int usage = readme.indexOf(USAGE, start);
        assertTrue(usage > start && usage < readme.indexOf("\n```", start), DOCUMENT + "'s Python block has no usage line");
        return readme.substring(start, usage + 1);
    }

    private static List<Integer> shape(JsonNode tensors, String name) {
        List<Integer> shape = new ArrayList<>();
        tensors.get(name).get("shape").forEach(n -> shape.add(n.intValue()));
        return shape;
    }

    private static List<Double> values(JsonNode tensors, String name) {
        List<Double> values = new ArrayList<>();
        tensors.get(name).get("values").forEach(n -> values.add(n.doubleValue()));
        return values;
    }

    private static boolean pythonWithNumpy() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String python(Path script, Path model) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", script.toString(), model.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, process.exitValue(), () -> "python3 " + script + " failed: " + err);
        return out;
    }
}
