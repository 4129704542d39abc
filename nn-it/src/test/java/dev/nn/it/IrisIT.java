package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/iris.yaml} as a user runs it from the repository root: trains to the accuracy docs/training.md states,
 * and the saved model predicts and evaluates on the shipped CSV.
 */
final class IrisIT {
    private static final String SPEC = "examples/iris.yaml";
    private static final String DATA = "examples/data/iris.csv";
    private static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");
    private static final double ACCURACY_FLOOR = 0.95;

    @TempDir
    static Path shared;
    private static NnProcess.Result training;
    private static Path metrics;
    private static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnce() {
        metrics = shared.resolve("metrics.jsonl");
        model = shared.resolve("iris-model.yaml");
        training = NnProcess.inRepository().run("train", SPEC, "--metrics", metrics.toString(), "--save",
                model.toString());
    }

    @Test
    void theShippedDataIsFishersIris() throws IOException {
        List<String> lines = Files.readAllLines(NnProcess.repository().resolve(DATA), StandardCharsets.UTF_8);

        assertEquals("sepal_length,sepal_width,petal_length,petal_width,species", lines.get(0));
        assertEquals(151, lines.size());
        assertEquals("5.1,3.5,1.4,0.2,setosa", lines.get(1));
        assertEquals("7.0,3.2,4.7,1.4,versicolor", lines.get(51));
        assertEquals("6.3,3.3,6.0,2.5,virginica", lines.get(101));
        for (String name : CLASSES) {
            assertEquals(50, lines.stream().filter(l -> l.endsWith("," + name)).count(), name);
        }
    }

    @Test
    void trainingReachesTheValidationAccuracyFloor() {
        assertEquals(0, training.exitCode(), training::describe);
        List<JsonNode> epochs = TrainingOutputs.metrics(metrics);
        JsonNode last = epochs.get(epochs.size() - 1);

        assertTrue(last.has("val_accuracy"), last::toString);
        assertTrue(last.get("val_accuracy").doubleValue() >= ACCURACY_FLOOR,
                "final val_accuracy " + last.get("val_accuracy") + " < " + ACCURACY_FLOOR);
        JsonNode metadata = TrainingOutputs.spec(model).get("metadata");
        assertEquals(CLASSES, names(metadata.get("classes")));
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                names(metadata.get("features")));
        assertEquals(1.0, metadata.get("input_scale").doubleValue(), 0.0);
    }

    @Test
    void predictWritesOneRowOfProbabilitiesAndAClassPerFlower() throws IOException {
        Path output = dir.resolve("predictions.csv");

        NnProcess.Result run = NnProcess.inRepository().run("predict", model.toString(), "--input", DATA,
                "--output", output.toString());

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("wrote 150 predictions to " + output + "\n", run.stdout(), run::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(Files.readString(output));
        assertEquals(List.of("p_setosa", "p_versicolor", "p_virginica", "predicted"), predictions.header());
        assertEquals(150, predictions.outputs().size());
        List<String> labels = labels();
        int correct = 0;
        for (int i = 0; i < 150; i++) {
            double[] p = predictions.outputs().get(i);
            double sum = p[0] + p[1] + p[2];
            assertEquals(1.0, sum, 1e-12, "row " + (i + 1) + " probabilities sum to " + sum);
            int best = p[1] > p[0] ? (p[2] > p[1] ? 2 : 1) : (p[2] > p[0] ? 2 : 0);
            assertEquals(CLASSES.get(best), predictions.predicted().get(i), "row " + (i + 1));
            correct += predictions.predicted().get(i).equals(labels.get(i)) ? 1 : 0;
        }
        assertTrue(correct / 150.0 >= ACCURACY_FLOOR, correct + " of 150 right");
    }

    @Test
    void predictToStandardOutputWritesTheSameCsvAsOutput() throws IOException {
        Path output = dir.resolve("predictions.csv");

        NnProcess.Result toFile = NnProcess.inRepository().run("predict", model.toString(), "--input", DATA,
                "--output", output.toString());
        NnProcess.Result toStdout = NnProcess.inRepository().run("predict", model.toString(), "--input", DATA);

        assertEquals(0, toFile.exitCode(), toFile::describe);
        assertEquals(0, toStdout.exitCode(), toStdout::describe);
        assertEquals(Files.readString(output), toStdout.stdout());
    }

    @Test
    void predictStillWorksWhenTheTrainingDataIsGone() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("a/b/c")).resolve("iris-model.yaml");
        Files.copy(model, elsewhere);
        Path input = dir.resolve("flowers.csv");
        // Columns in another order and an extra one: the model takes its features by name.
        Files.writeString(input, "id,petal_width,petal_length,sepal_width,sepal_length\n"
                + "a,0.2,1.4,3.5,5.1\nb,2.5,6.0,3.3,6.3\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", elsewhere.toString(), "--input", input.toString());

        assertEquals(0, run.exitCode(), run::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(run.stdout());
        assertEquals(List.of("setosa", "virginica"), predictions.predicted());
    }

    @Test
    void evaluateOnTheCsvPrintsAConfusionMatrixOverAllFlowers() {
        NnProcess.Result run = NnProcess.inRepository().run("evaluate", model.toString(), "--data", DATA);

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().startsWith("evaluated iris (4-16-3) on " + DATA + ": 150 samples"), run::describe);
        PredictOutputs.Evaluation evaluation = PredictOutputs.evaluation(run.stdout(), CLASSES);
        assertEquals(150, evaluation.total());
        assertEquals(150, evaluation.confusionTotal());
        assertEquals(evaluation.correct(), evaluation.diagonal());
        for (int c = 0; c < CLASSES.size(); c++) {
            long[] row = evaluation.confusion().get(CLASSES.get(c));
            assertEquals(50, row[0] + row[1] + row[2], CLASSES.get(c) + " row");
        }
        assertTrue(evaluation.accuracy() >= ACCURACY_FLOOR, run::describe);
        for (String name : CLASSES) {
            assertTrue(run.stdout().lines().anyMatch(l -> l.matches(name + " +(\\d\\.\\d{4}|-) +(\\d\\.\\d{4}|-) "
                    + "+(\\d\\.\\d{4}|-) +50")), "no precision/recall row for " + name + ":\n" + run.stdout());
        }
    }

    @Test
    void evaluateOnTheValidationSetReproducesTheLastEpochsValidationMetrics() {
        NnProcess.Result run = NnProcess.inRepository().run("evaluate", model.toString(), "--data", "validation");

        assertEquals(0, run.exitCode(), run::describe);
        List<JsonNode> epochs = TrainingOutputs.metrics(metrics);
        JsonNode last = epochs.get(epochs.size() - 1);
        PredictOutputs.Evaluation evaluation = PredictOutputs.evaluation(run.stdout(), CLASSES);
        assertEquals(30, evaluation.total(), "validation_split 0.2 of 150");
        assertEquals(String.format(Locale.ROOT, "%.10f", last.get("val_loss").doubleValue()),
                String.format(Locale.ROOT, "%.10f", evaluation.loss()));
        assertEquals(last.get("val_accuracy").doubleValue(), (double) evaluation.correct() / evaluation.total(),
                1e-12);
    }

    private static List<String> labels() throws IOException {
        return Files.readAllLines(NnProcess.repository().resolve(DATA), StandardCharsets.UTF_8).stream().skip(1)
                .map(line -> line.substring(line.lastIndexOf(',') + 1)).toList();
    }

    private static List<String> names(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).toList();
    }
}
