package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn train examples/document.yaml}, the document's network, as a user runs it from the repository root: what it
 * prints, the metrics and model it writes, and that a saved model trains on from where it stopped.
 */
final class DocumentTrainingIT {
    private static final String SPEC = "examples/document.yaml";
    private static final int EPOCHS = 40;
    private static final double LEARNING_RATE = 0.02;
    private static final GoldenValues GOLDEN = GoldenValues.forSpec("document.yaml");
    private static final Pattern EPOCH_LINE =
            Pattern.compile("epoch +(\\d+)/(\\d+) +loss (\\d+\\.\\d{10}) +accuracy (\\d\\.\\d{4})  \\d+\\.\\d+ s");
    private static final Pattern SUMMARY = Pattern.compile("trained document-network \\(3-4-2-3\\) for 40 epochs in "
            + "\\d+\\.\\d{3} s: loss (\\d+\\.\\d{10}) -> (\\d+\\.\\d{10}), accuracy (\\d\\.\\d{4})");
    /** Equal JSON values, where numbers are equal when their doubles are (1 and 1.0 are). */
    private static final Comparator<JsonNode> SAME_NUMBERS = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && a.doubleValue() == b.doubleValue() ? 0 : 1;
    /** Half a unit in the 10th decimal, which is what the epoch lines print. */
    private static final double PRINTED_LOSS_TOLERANCE = 0.5e-10 + 1e-15;

    /** One run with {@code --metrics} and {@code --save}, shared by the tests that only read its outputs. */
    @TempDir
    static Path shared;
    private static NnProcess.Result firstRun;
    private static Path firstMetrics;
    private static Path firstModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnceWithMetricsAndSave() {
        firstMetrics = shared.resolve("metrics.jsonl");
        firstModel = shared.resolve("model.yaml");
        firstRun = NnProcess.inRepository().run("train", SPEC, "--metrics", firstMetrics.toString(), "--save",
                firstModel.toString());
    }

    @Test
    void trainingPrintsOneLinePerEpochThenASummary() {
        NnProcess.Result run = firstRun;

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
        List<String> lines = run.stdoutLines();
        assertTrue(lines.size() > EPOCHS, run::describe);
        for (int i = 0; i < EPOCHS; i++) {
            Matcher line = EPOCH_LINE.matcher(lines.get(i));
            assertTrue(line.matches(), "not an epoch line: " + lines.get(i));
            GoldenValues.Epoch expected = GOLDEN.epochs().get(i);
            assertEquals(i + 1, Integer.parseInt(line.group(1)), lines.get(i));
            assertEquals(EPOCHS, Integer.parseInt(line.group(2)), lines.get(i));
            assertEquals(expected.loss(), Double.parseDouble(line.group(3)), PRINTED_LOSS_TOLERANCE, lines.get(i));
            assertEquals(expected.accuracy().orElseThrow(), Double.parseDouble(line.group(4)), 0.5e-4, lines.get(i));
        }
        Matcher summary = SUMMARY.matcher(lines.get(EPOCHS));
        assertTrue(summary.matches(), "not the summary: " + lines.get(EPOCHS));
        assertEquals(GOLDEN.epochs().get(0).loss(), Double.parseDouble(summary.group(1)), PRINTED_LOSS_TOLERANCE);
        assertEquals(GOLDEN.epochs().get(EPOCHS - 1).loss(), Double.parseDouble(summary.group(2)),
                PRINTED_LOSS_TOLERANCE);
        assertEquals(0.5, Double.parseDouble(summary.group(3)), 0.5e-4);
    }

    @Test
    void metricsAndSaveAreAnnouncedAfterTheSummary() {
        assertEquals(0, firstRun.exitCode(), firstRun::describe);
        assertEquals("", firstRun.stderr(), firstRun::describe);
        List<String> lines = firstRun.stdoutLines();
        assertEquals(EPOCHS + 3, lines.size(), firstRun::describe);
        assertTrue(SUMMARY.matcher(lines.get(EPOCHS)).matches(), firstRun::describe);
        assertEquals("metrics written to " + firstMetrics, lines.get(EPOCHS + 1));
        assertEquals("model saved to " + firstModel, lines.get(EPOCHS + 2));
    }

    @Test
    void metricsFileHoldsEveryEpochsGoldenLossAndAccuracy() {
        List<JsonNode> metrics = TrainingOutputs.metrics(firstMetrics);

        assertEquals(EPOCHS, metrics.size(), "metrics lines");
        for (int i = 0; i < EPOCHS; i++) {
            JsonNode line = metrics.get(i);
            GoldenValues.Epoch expected = GOLDEN.epochs().get(i);
            assertTrue(fieldNames(line).containsAll(List.of("epoch", "loss", "accuracy")), line::toString);
            assertEquals(i + 1, line.get("epoch").intValue(), line::toString);
            assertTrue(line.get("loss").isNumber() && line.get("accuracy").isNumber(), line::toString);
            Tolerance.assertClose(expected.loss(), line.get("loss").doubleValue(), Tolerance.GOLDEN,
                    "epoch " + (i + 1) + " loss");
            Tolerance.assertClose(expected.accuracy().orElseThrow(), line.get("accuracy").doubleValue(),
                    Tolerance.GOLDEN, "epoch " + (i + 1) + " accuracy");
        }
    }

    @Test
    void metricsFileWritesLossesInFullPrecisionMatchingThePrintedLines() {
        List<String> text = TrainingOutputs.metricsText(firstMetrics);
        List<JsonNode> metrics = TrainingOutputs.metrics(firstMetrics);
        Pattern rawLoss = Pattern.compile("\"loss\"\\s*:\\s*([-+0-9.eE]+)");

        assertEquals(EPOCHS, text.size());
        for (int i = 0; i < EPOCHS; i++) {
            Matcher raw = rawLoss.matcher(text.get(i));
            assertTrue(raw.find(), text.get(i));
            // A loss like 0.1333304789748828 needs 16 digits to read back as the same double; 10 decimals would not.
            int digits = new BigDecimal(raw.group(1)).stripTrailingZeros().precision();
            assertTrue(digits >= 15, "loss written with only " + digits + " significant digits: " + text.get(i));
            double loss = metrics.get(i).get("loss").doubleValue();
            Matcher printed = EPOCH_LINE.matcher(firstRun.stdoutLines().get(i));
            assertTrue(printed.matches(), firstRun::describe);
            assertEquals(String.format(java.util.Locale.ROOT, "%.10f", loss), printed.group(3),
                    "stdout and metrics disagree at epoch " + (i + 1));
        }
    }

    @Test
    void savedModelHoldsTheGoldenFinalParametersAndValidatesAgain() {
        Map<String, Matrix> saved = TrainingOutputs.parameters(firstModel);

        assertEquals(GOLDEN.parameters().keySet(), saved.keySet());
        GOLDEN.parameters().forEach((name, expected) ->
                Tolerance.assertClose(expected, saved.get(name), Tolerance.GOLDEN, "saved " + name));
        JsonNode spec = TrainingOutputs.spec(firstModel);
        JsonNode original = TrainingOutputs.spec(NnProcess.repository().resolve(SPEC));
        for (String key : List.of("name", "seed", "input", "loss", "optimizer", "training", "data")) {
            assertTrue(original.get(key).equals(SAME_NUMBERS, spec.get(key)),
                    "the saved spec changed '" + key + "': " + original.get(key) + " became " + spec.get(key));
        }

        NnProcess.Result validate = NnProcess.in(shared).run("validate", "model.yaml");
        assertEquals(0, validate.exitCode(), validate::describe);
        assertEquals("", validate.stderr(), validate::describe);
        assertTrue(validate.stdout().startsWith("model.yaml: valid: 3 layers (3-4-2-3), 35 parameters"),
                validate::describe);
    }

    @Test
    void trainingTheSavedModelContinuesFromItsWeights() throws IOException {
        Path continued = dir.resolve("continued.jsonl");
        NnProcess.Result second = NnProcess.inRepository().run("train", firstModel.toString(), "--metrics",
                continued.toString());
        Path spec41 = copyWithEpochs(dir, 41);
        Path metrics41 = dir.resolve("metrics-41.jsonl");
        NnProcess.Result longer = NnProcess.inRepository().run("train", spec41.toString(), "--metrics",
                metrics41.toString());

        assertEquals(0, second.exitCode(), second::describe);
        assertEquals(0, longer.exitCode(), longer::describe);
        List<JsonNode> first = TrainingOutputs.metrics(firstMetrics);
        List<JsonNode> resumed = TrainingOutputs.metrics(continued);
        List<JsonNode> straight = TrainingOutputs.metrics(metrics41);
        assertEquals(EPOCHS, resumed.size(), "the saved spec keeps training.epochs");
        assertEquals(41, straight.size());
        double resumedFirst = resumed.get(0).get("loss").doubleValue();
        assertTrue(resumedFirst < first.get(0).get("loss").doubleValue(),
                "the second run starts from the initial weights again: " + resumedFirst);
        assertTrue(resumedFirst < first.get(EPOCHS - 1).get("loss").doubleValue(),
                "the second run's first epoch is not better than the first run's last: " + resumedFirst);
        // Momentum is 0, so the saved weights are the whole training state: epoch 1 of the second run is epoch 41.
        Tolerance.assertClose(straight.get(40).get("loss").doubleValue(), resumedFirst, 1e-12,
                "second run's epoch-1 loss vs epoch 41 of one 41-epoch run");
    }

    @Test
    void traceGivesEveryEpochsGradientsWhichAddUpToTheWeightChange() {
        Path traced = dir.resolve("traced.yaml");
        NnProcess.Result run = NnProcess.inRepository().run("train", SPEC, "--trace", "--save", traced.toString());

        assertEquals(0, run.exitCode(), run::describe);
        List<String> lines = run.stdoutLines();
        assertEquals(EPOCHS + 2, lines.size(), run::describe);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        GOLDEN.parameters().forEach((name, value) -> sizes.put(name + "_grad", value.values().length));
        Map<String, double[]> sums = new LinkedHashMap<>();
        sizes.forEach((name, size) -> sums.put(name, new double[size]));
        List<JsonNode> metrics = TrainingOutputs.metrics(firstMetrics);
        Pattern head = Pattern.compile("epoch: (\\d+) loss (\\S+) (.*)");
        Pattern gradient = Pattern.compile("(\\w+_grad) \\[([^\\]]*)\\]");
        for (int i = 0; i < EPOCHS; i++) {
            Matcher line = head.matcher(lines.get(i));
            assertTrue(line.matches(), "not a trace line: " + lines.get(i));
            assertEquals(i + 1, Integer.parseInt(line.group(1)), lines.get(i));
            // One batch per epoch: the batch loss is the epoch loss, the same double the metrics file holds.
            assertEquals(metrics.get(i).get("loss").doubleValue(), Double.parseDouble(line.group(2)),
                    "trace and metrics disagree at epoch " + (i + 1));
            Matcher gradients = gradient.matcher(line.group(3));
            List<String> names = new ArrayList<>();
            while (gradients.find()) {
                String name = gradients.group(1);
                names.add(name);
                String[] values = gradients.group(2).split(", ");
                assertEquals(sizes.get(name), values.length, name + " at epoch " + (i + 1));
                for (int k = 0; k < values.length; k++) {
                    sums.get(name)[k] += Double.parseDouble(values[k]);
                }
            }
            assertEquals(List.copyOf(sizes.keySet()), names, lines.get(i));
        }
        assertTrue(SUMMARY.matcher(lines.get(EPOCHS)).matches(), run::describe);
        // Plain gradient descent: final = initial - learning_rate * (sum of every epoch's gradient).
        Map<String, Matrix> initial = initialParameters();
        Map<String, Matrix> saved = TrainingOutputs.parameters(traced);
        initial.forEach((name, start) -> {
            double[] expected = start.values().clone();
            double[] sum = sums.get(name + "_grad");
            for (int k = 0; k < expected.length; k++) {
                expected[k] -= LEARNING_RATE * sum[k];
            }
            Tolerance.assertClose(new Matrix(start.rows(), start.columns(), expected), saved.get(name), 1e-12,
                    name + " from the traced gradients");
        });
    }

    @Test
    void sameSpecTrainedTwiceWritesIdenticalMetricsAndModel() throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        Path model = dir.resolve("model.yaml");
        NnProcess.Result again = NnProcess.inRepository().run("train", SPEC, "--metrics", metrics.toString(),
                "--save", model.toString());

        assertEquals(0, again.exitCode(), again::describe);
        // Every value of every line to the last digit, but each epoch's wall-clock seconds.
        assertTrue(MetricsLines.everyLineTimed(metrics), "no seconds");
        assertEquals(MetricsLines.withoutTime(firstMetrics), MetricsLines.withoutTime(metrics), "metrics differ");
        // The saved model records when it was trained; everything else must be the same, to the last bit.
        JsonNode first = withoutTrainingTime(TrainingOutputs.spec(firstModel));
        JsonNode second = withoutTrainingTime(TrainingOutputs.spec(model));
        assertEquals(first, second, "saved models differ");
    }

    private static JsonNode withoutTrainingTime(JsonNode spec) {
        JsonNode provenance = spec.path("metadata").path("provenance");
        if (provenance instanceof ObjectNode object) {
            object.remove("trained_at");
        }
        return spec;
    }

    @Test
    void metricsIntoAMissingFolderFailsBeforeTraining() {
        Path metrics = dir.resolve("no-such-folder").resolve("metrics.jsonl");
        NnProcess.Result run = NnProcess.inRepository().run("train", SPEC, "--metrics", metrics.toString());

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(run.stderr().contains("--metrics " + metrics), run::describe);
        assertTrue(run.stderr().contains("does not exist"), run::describe);
        assertFalse(run.stderr().contains("\tat "), run::describe);
        assertFalse(Files.exists(metrics));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** W1, b1, ... as examples/document.yaml gives them. */
    private static Map<String, Matrix> initialParameters() {
        return TrainingOutputs.parameters(NnProcess.repository().resolve(SPEC));
    }

    /** A copy of examples/document.yaml in {@code folder} that trains for {@code epochs} epochs. */
    private static Path copyWithEpochs(Path folder, int epochs) throws IOException {
        String text = Files.readString(NnProcess.repository().resolve(SPEC), StandardCharsets.UTF_8);
        String line = "  epochs: " + EPOCHS + "\n";
        assertTrue(text.contains(line), "no '" + line.strip() + "' line in " + SPEC);
        assertEquals(text.indexOf(line), text.lastIndexOf(line), "more than one '" + line.strip() + "' line");
        Path copy = folder.resolve("document-" + epochs + ".yaml");
        Files.writeString(copy, text.replace(line, "  epochs: " + epochs + "\n"), StandardCharsets.UTF_8);
        return copy;
    }
}
