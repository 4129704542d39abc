package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dtype: float32} end to end, as a user runs it: the specs in {@code golden-f32} trained by the CLI against
 * PyTorch's float32 training of the same networks ({@code golden/generate_golden_torch.py --float32}) to
 * {@link #FLOAT32} relative; {@code --dtype} and {@code --set dtype=} as the spec key; bit-identical results for any
 * thread count; float32 models saved, loaded and predicted in float32; plugins written for float64 training widened
 * inside a float32 network; and the one-line errors for an unknown type.
 */
final class Float32TrainingIT {
    /** Float32 rounding (6e-8) accumulated over a short training, with torch's other summation orders. */
    static final double FLOAT32 = 1e-5;
    /**
     * The smallest scale the relative error is taken of: the values are of order 0.1 to 1, and a weight that happens
     * to lie near 0 (-0.0033) carries the absolute rounding noise of its neighbours, which float32 cannot resolve
     * relative to it (PyTorch's own float32 and float64 trainings differ there by 1e-5 relative).
     */
    static final double SCALE_FLOOR = 1e-2;

    @TempDir
    static Path work;

    private static double worst;

    static Path folder() {
        return NnProcess.testResources("golden-f32");
    }

    static Stream<String> specs() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void report() {
        System.out.println("float32 goldens: worst relative error " + worst + " (tolerance " + FLOAT32 + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void float32TrainingMatchesPyTorchFloat32(String spec) throws IOException {
        String base = spec.replaceFirst("\\.yaml$", "");
        Path metrics = work.resolve(base + ".metrics.jsonl");
        Path model = work.resolve(base + ".model.yaml");
        NnProcess.Result run = NnProcess.in(folder()).run("train", spec, "--metrics", metrics.toString(),
                "--save", model.toString());
        JsonNode expected = new ObjectMapper().readTree(folder().resolve(base + ".expected.json").toFile());

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        List<JsonNode> lines = TrainingOutputs.metrics(metrics);
        assertEquals(expected.get("epochs").size(), lines.size(), "epochs");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode want = expected.get("epochs").get(i);
            for (Iterator<String> keys = want.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!key.equals("epoch")) {
                    assertTrue(lines.get(i).has(key), spec + " epoch " + (i + 1) + " has no " + key);
                    close(want.get(key).doubleValue(), lines.get(i).get(key).doubleValue(),
                            spec + " epoch " + (i + 1) + " " + key);
                }
            }
        }
        compare(expected.get("parameters"), TrainingOutputs.parameters(model), spec);
        if (expected.has("state")) {
            compare(expected.get("state"), TrainingOutputs.state(model), spec);
        }
        assertEquals("float32", TrainingOutputs.spec(model).get("dtype").textValue(), "model.yaml records the dtype");
    }

    private static void compare(JsonNode expected, Map<String, Matrix> saved, String spec) {
        assertEquals(expected.size(), saved.size(), spec + ": tensors " + saved.keySet());
        expected.properties().forEach(field -> {
            Matrix want = Matrix.of(field.getValue());
            Matrix got = saved.get(field.getKey());
            assertEquals(want.shape(), got.shape(), spec + " " + field.getKey());
            for (int i = 0; i < want.values().length; i++) {
                close(want.values()[i], got.values()[i], spec + " " + field.getKey() + "[" + i + "]");
            }
        });
    }

    private static synchronized void close(double expected, double actual, String what) {
        double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), SCALE_FLOOR);
        worst = Math.max(worst, error);
        assertTrue(error <= FLOAT32, what + ": expected " + expected + " but was " + actual + " (relative error "
                + error + ")");
    }

    @Test
    void theDtypeOptionAndTheOverrideTrainExactlyAsTheSpecKey() {
        Path golden = NnProcess.testResources("golden");
        Path fromKey = work.resolve("key.jsonl");
        Path fromOption = work.resolve("option.jsonl");
        Path fromSet = work.resolve("set.jsonl");
        NnProcess.Result key = NnProcess.in(folder()).run("train", "document.yaml", "--metrics", fromKey.toString());
        NnProcess.Result option = NnProcess.in(golden).run("train", "document.yaml", "--dtype", "float32",
                "--metrics", fromOption.toString());
        NnProcess.Result set = NnProcess.in(golden).run("train", "document.yaml", "--set", "dtype=float32",
                "--metrics", fromSet.toString());
        Path float64 = work.resolve("float64.jsonl");
        NnProcess.in(golden).run("train", "document.yaml", "--metrics", float64.toString());

        assertEquals(0, key.exitCode(), key::describe);
        assertEquals(0, option.exitCode(), option::describe);
        assertEquals(0, set.exitCode(), set::describe);
        assertEquals(MetricsLines.withoutTime(fromKey), MetricsLines.withoutTime(fromOption));
        assertEquals(MetricsLines.withoutTime(fromKey), MetricsLines.withoutTime(fromSet));
        assertFalse(MetricsLines.withoutTime(fromKey).equals(MetricsLines.withoutTime(float64)),
                "float32 rounds differently from float64");
    }

    @Test
    void float32ResultsAreBitIdenticalForAnyThreadCountAndKernel() throws IOException {
        List<String> firstMetrics = null;
        List<String> firstModel = null;
        int run = 0;
        for (String options : List.of("-Dnn.threads=1", "-Dnn.threads=3", "-Dnn.threads=2 -Dnn.kernels=scalar")) {
            Path metrics = work.resolve("threads" + run + ".jsonl");
            Path model = work.resolve("threads" + run++ + ".yaml");
            NnProcess.Result result = NnProcess.in(folder()).env("NN_JAVA_OPTS", options).run("train",
                    "normalization_layers.yaml", "--metrics", metrics.toString(), "--save", model.toString());
            assertEquals(0, result.exitCode(), result::describe);
            List<String> lines = MetricsLines.withoutTime(metrics);
            // every value saved, without the integrity line and the time of training
            List<String> saved = Files.readAllLines(model).stream()
                    .filter(line -> !line.startsWith("# integrity") && !line.contains("trained_at")).toList();
            if (firstMetrics == null) {
                firstMetrics = lines;
                firstModel = saved;
            } else {
                assertEquals(firstMetrics, lines, options);
                assertEquals(firstModel, saved, options);
            }
        }
    }

    @Test
    void aSavedFloat32ModelPredictsTheSameFromEitherFormat() throws IOException {
        Path yaml = work.resolve("bce.yaml");
        Path nn = work.resolve("bce.nn");
        Path csv = NnProcess.testResources("golden").resolve("csv_binary_label.csv");
        NnProcess.Result toYaml = NnProcess.in(folder()).run("train", "binary_cross_entropy_sigmoid.yaml", "--save",
                yaml.toString());
        NnProcess.Result toNn = NnProcess.in(folder()).run("train", "binary_cross_entropy_sigmoid.yaml", "--save",
                nn.toString());
        NnProcess.Result fromYaml = NnProcess.in(folder()).run("predict", yaml.toString(), "--input", csv.toString());
        NnProcess.Result fromNn = NnProcess.in(folder()).run("predict", nn.toString(), "--input", csv.toString());
        NnProcess.Result summary = NnProcess.in(folder()).run("summary", nn.toString());

        assertEquals(0, toYaml.exitCode(), toYaml::describe);
        assertEquals(0, toNn.exitCode(), toNn::describe);
        assertEquals(0, fromYaml.exitCode(), fromYaml::describe);
        assertEquals(fromYaml.stdout(), fromNn.stdout());
        // predictions are written as the floats they are: each field a float's own decimal, not a double's
        List<String> rows = fromNn.stdout().lines().skip(1).toList();
        assertFalse(rows.isEmpty(), fromNn::describe);
        for (String row : rows) {
            String probability = row.split(",")[0];
            float value = Float.parseFloat(probability);
            assertEquals(Float.toString(value), probability, "a float's decimal, not a double's: " + row);
        }
        assertTrue(summary.stdout().contains("dtype                 float32"), summary::describe);
        // the YAML holds the floats' shortest decimals, which read back to the same floats
        String text = Files.readString(yaml);
        assertTrue(text.contains("dtype: float32"), text);
        for (Matrix values : TrainingOutputs.parameters(yaml).values()) {
            for (double v : values.values()) {
                assertTrue(Double.toString(v).length() <= 16, v + " is not a float's shortest decimal");
                assertEquals(v, Double.parseDouble(Float.toString((float) v)), "a float32 value: " + v);
            }
        }
    }

    @Test
    void pluginComponentsWrittenForFloat64TrainWidenedInAFloat32Network() {
        Path plugins = work.resolve("plugins");
        PluginJars.copyExamplePlugin(plugins);
        Path onnx = NnProcess.testResources("onnx");
        Path wide = work.resolve("plugin64.jsonl");
        Path narrow = work.resolve("plugin32.jsonl");
        NnProcess.Result float64 = NnProcess.in(onnx).run("train", "example-plugin.yaml", "--plugins",
                plugins.toString(), "--metrics", wide.toString());
        NnProcess.Result float32 = NnProcess.in(onnx).run("train", "example-plugin.yaml", "--plugins",
                plugins.toString(), "--dtype", "float32", "--metrics", narrow.toString());
        NnProcess.Result summary = NnProcess.in(onnx).run("summary", "example-plugin.yaml", "--plugins",
                plugins.toString(), "--set", "dtype=float32");

        assertEquals(0, float64.exitCode(), float64::describe);
        assertEquals(0, float32.exitCode(), float32::describe);
        List<JsonNode> a = TrainingOutputs.metrics(wide);
        List<JsonNode> b = TrainingOutputs.metrics(narrow);
        for (int i = 0; i < a.size(); i++) {
            double expected = a.get(i).get("loss").doubleValue();
            double actual = b.get(i).get("loss").doubleValue();
            assertTrue(Math.abs(actual - expected) <= 1e-4 * Math.abs(expected), "epoch " + (i + 1) + ": float32 "
                    + actual + ", float64 " + expected);
        }
        assertEquals(0, summary.exitCode(), summary::describe);
        for (String widened : List.of("layer 1: activation 'swish'", "layer 2: layer 'feature_scale'",
                "layer 3: activation 'softplus'", "loss 'huber'")) {
            assertTrue(summary.stdout().contains(widened), summary::describe);
        }
    }

    @Test
    void anUnknownDtypeIsOneLineNamingTheTwoTypes() throws IOException {
        Path golden = NnProcess.testResources("golden");
        NnProcess.Result option = NnProcess.in(golden).run("train", "document.yaml", "--dtype", "half");
        Path bad = work.resolve("bad-dtype.yaml");
        Files.writeString(bad, "dtype: float16\n" + Files.readString(golden.resolve("document.yaml")));
        NnProcess.Result key = NnProcess.in(work).run("validate", bad.toString());

        assertEquals(2, option.exitCode(), option::describe);
        assertEquals("error: --dtype: expected one of float64, float32 but found 'half'\n", option.stderr());
        assertEquals(2, key.exitCode(), key::describe);
        assertTrue(key.stderr().contains(bad + ":1:1: dtype: expected one of float64, float32 but found 'float16'"),
                key::describe);
        assertEquals(1, key.stderr().strip().lines().count(), key::describe);
    }
}
