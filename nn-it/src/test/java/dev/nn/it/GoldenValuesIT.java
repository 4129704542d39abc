package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec in {@code nn-it/src/test/resources/golden}, trained by the CLI, against the values the independent
 * references computed ({@code generate_golden.py} with numpy; {@code generate_golden_torch.py} with PyTorch for the
 * specs with batch_norm or layer_norm): each epoch's loss and accuracy, every final parameter and every final state
 * tensor (running statistics), to {@link Tolerance#GOLDEN} relative (see {@link Tolerance} for the formula).
 */
final class GoldenValuesIT {
    /** Each spec is trained once, by the first test that needs it, and its outputs shared by the others. */
    private static final ConcurrentMap<String, CompletableFuture<Training>> TRAININGS = new ConcurrentHashMap<>();

    @TempDir
    static Path work;

    /** One {@code nn train SPEC --metrics ... --save ...} and its outputs. */
    private record Training(NnProcess.Result result, Path metrics, Path model) {
    }

    static Stream<String> goldenSpecs() {
        try (Stream<Path> files = Files.list(GoldenValues.folder())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).sorted()
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Training train(String spec) {
        CompletableFuture<Training> mine = new CompletableFuture<>();
        CompletableFuture<Training> theirs = TRAININGS.putIfAbsent(spec, mine);
        if (theirs != null) {
            return theirs.join();
        }
        try {
            String base = spec.substring(0, spec.length() - ".yaml".length());
            Path metrics = work.resolve(base + ".metrics.jsonl");
            Path model = work.resolve(base + ".model.yaml");
            NnProcess.Result result = NnProcess.in(GoldenValues.folder()).run("train", spec, "--metrics",
                    metrics.toString(), "--save", model.toString());
            mine.complete(new Training(result, metrics, model));
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
        }
        return mine.join();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenSpecs")
    void everyEpochsLossAndAccuracyMatchTheGoldenValues(String spec) {
        Training training = train(spec);
        GoldenValues golden = GoldenValues.forSpec(spec);

        assertEquals(0, training.result().exitCode(), training.result()::describe);
        List<JsonNode> metrics = TrainingOutputs.metrics(training.metrics());
        assertEquals(golden.epochs().size(), metrics.size(), "epochs in the metrics file");
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode line = metrics.get(i);
            GoldenValues.Epoch expected = golden.epochs().get(i);
            assertEquals(expected.epoch(), line.get("epoch").intValue(), line::toString);
            Tolerance.assertClose(expected.loss(), line.get("loss").doubleValue(), Tolerance.GOLDEN,
                    spec + " epoch " + expected.epoch() + " loss");
            if (expected.accuracy().isPresent()) {
                assertTrue(line.has("accuracy"), spec + ": one-hot targets but no accuracy: " + line);
                Tolerance.assertClose(expected.accuracy().getAsDouble(), line.get("accuracy").doubleValue(),
                        Tolerance.GOLDEN, spec + " epoch " + expected.epoch() + " accuracy");
            } else {
                assertFalse(line.has("accuracy"), spec + ": targets are not one-hot, yet an accuracy: " + line);
            }
            if (expected.learningRate().isPresent()) {
                assertTrue(line.has("learning_rate"), spec + ": a schedule but no learning_rate: " + line);
                Tolerance.assertClose(expected.learningRate().getAsDouble(), line.get("learning_rate").doubleValue(),
                        Tolerance.GOLDEN, spec + " epoch " + expected.epoch() + " learning_rate");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenSpecs")
    void savedParametersMatchTheGoldenFinalParameters(String spec) {
        Training training = train(spec);
        GoldenValues golden = GoldenValues.forSpec(spec);

        assertEquals(0, training.result().exitCode(), training.result()::describe);
        Map<String, Matrix> saved = TrainingOutputs.parameters(training.model());
        assertEquals(golden.parameters().keySet(), saved.keySet(), spec + ": parameters");
        golden.parameters().forEach((name, expected) ->
                Tolerance.assertClose(expected, saved.get(name), Tolerance.GOLDEN, spec + " " + name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenSpecs")
    void savedStateMatchesTheGoldenFinalRunningStatistics(String spec) {
        Training training = train(spec);
        GoldenValues golden = GoldenValues.forSpec(spec);

        assertEquals(0, training.result().exitCode(), training.result()::describe);
        Map<String, Matrix> saved = TrainingOutputs.state(training.model());
        assertEquals(golden.state().keySet(), saved.keySet(), spec + ": state");
        golden.state().forEach((name, expected) ->
                Tolerance.assertClose(expected, saved.get(name), Tolerance.GOLDEN, spec + " " + name));
    }

    @Test
    void theNormalisationLayersHaveGoldenSpecsWithRunningStatistics() {
        List<String> specs = goldenSpecs().toList();

        for (String spec : List.of("batch_norm_mlp.yaml", "batch_norm_adam.yaml", "layer_norm_mlp.yaml",
                "layer_norm_epsilon.yaml")) {
            assertTrue(specs.contains(spec), spec + " missing from " + specs);
        }
        assertEquals(Set.of("running_mean2", "running_var2"),
                GoldenValues.forSpec("batch_norm_mlp.yaml").state().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenSpecs")
    void goldenSpecTrainsWithoutWarnings(String spec) {
        Training training = train(spec);

        assertEquals(0, training.result().exitCode(), training.result()::describe);
        // Every golden spec is a sound model (softmax + cross_entropy is the usual pairing): nothing to warn about.
        assertEquals("", training.result().stderr(), training.result()::describe);
    }

    /** Activations as layers of their own give the numbers of the same activations inside dense, bit for bit. */
    @Test
    void activationLayersTrainExactlyLikeTheActivationsOfDenseLayers() {
        Training split = train("activation_layers.yaml");
        Training fused = train("cross_entropy_softmax.yaml");

        assertEquals(0, split.result().exitCode(), split.result()::describe);
        assertEquals(0, fused.result().exitCode(), fused.result()::describe);
        List<JsonNode> splitMetrics = TrainingOutputs.metrics(split.metrics());
        List<JsonNode> fusedMetrics = TrainingOutputs.metrics(fused.metrics());
        assertEquals(fusedMetrics.size(), splitMetrics.size());
        for (int i = 0; i < fusedMetrics.size(); i++) {
            assertEquals(fusedMetrics.get(i).get("loss").doubleValue(), splitMetrics.get(i).get("loss").doubleValue(),
                    0.0, "epoch " + (i + 1) + " loss");
        }
        Map<String, Matrix> splitParameters = TrainingOutputs.parameters(split.model());
        Map<String, Matrix> fusedParameters = TrainingOutputs.parameters(fused.model());
        Map.of("W1", "W1", "b1", "b1", "W2", "W3", "b2", "b3").forEach((fusedName, splitName) -> assertArrayEquals(
                fusedParameters.get(fusedName).values(), splitParameters.get(splitName).values(), 0.0, splitName));
    }

    /** Evaluating a model with dropout is an inference pass: no mask, the loss the numpy reference computes. */
    @Test
    void evaluatingTheDropoutModelIsAnInferencePass() throws IOException {
        Training training = train("dropout_mlp.yaml");
        assertEquals(0, training.result().exitCode(), training.result()::describe);
        JsonNode expected = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(GoldenValues.folder().resolve("dropout_mlp.expected.json").toFile());

        NnProcess.Result evaluate = NnProcess.in(work).run("evaluate", training.model().toString(), "--data", "train");

        assertEquals(0, evaluate.exitCode(), evaluate::describe);
        java.util.regex.Matcher loss = java.util.regex.Pattern.compile("(?m)^loss +(\\S+)$").matcher(evaluate.stdout());
        assertTrue(loss.find(), evaluate::describe);
        Tolerance.assertClose(expected.get("evaluate_train_loss").doubleValue(), Double.parseDouble(loss.group(1)),
                1e-8, "the evaluated loss as printed");
        NnProcess.Result again = NnProcess.in(work).run("evaluate", training.model().toString(), "--data", "train");
        assertEquals(evaluate.stdout(), again.stdout(), "inference draws nothing: the same output twice");
    }

    @Test
    void everyGoldenSpecHasItsExpectedValuesAndNoneIsOrphaned() throws IOException {
        List<String> specs = goldenSpecs().toList();
        List<String> expected;
        try (Stream<Path> files = Files.list(GoldenValues.folder())) {
            expected = files.map(file -> file.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .sorted().toList();
        }

        assertTrue(specs.size() >= 6, "golden specs: " + specs);
        assertEquals(specs.stream().map(s -> s.replaceFirst("\\.yaml$", ".expected.json")).toList(), expected);
    }

    @Test
    void exampleDocumentSpecIsAByteForByteCopyOfTheGoldenOne() throws IOException {
        byte[] example = Files.readAllBytes(NnProcess.repository().resolve("examples/document.yaml"));
        byte[] golden = Files.readAllBytes(GoldenValues.folder().resolve("document.yaml"));

        assertArrayEquals(golden, example, "examples/document.yaml is not golden/document.yaml: copy it over and "
                + "regenerate (see golden/README.md)");
    }
}
