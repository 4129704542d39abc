package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shortened {@code examples/fashion-mnist.yaml} ({@code fashion/fashion-mnist-short.yaml}: 3,000 training images,
 * 2 epochs, 1,000 test images) read from the IDX files of Debian's {@code dataset-fashion-mnist}: it must reach the
 * test accuracy floor, and the saved model must predict and evaluate on the IDX test files. Skipped, saying how to
 * install the data, where the package is missing; {@code .ci/run} installs it, so CI always runs these.
 */
final class FashionMnistIT {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    /**
     * The shortened run reaches 0.786 (measured 2026-11-27, the same with the scalar and the vector kernel); the
     * floor leaves room for a change of arithmetic, but not for a broken reader or optimizer.
     */
    private static final double TEST_ACCURACY_FLOOR = 0.75;
    private static final Pattern TEST_LINE =
            Pattern.compile("(?m)^test: loss (\\d+\\.\\d{10}), accuracy (\\d\\.\\d{4})$");
    private static final String NOT_INSTALLED = "Fashion-MNIST is not installed in " + DATA
            + ": run apt-get install dataset-fashion-mnist (Debian's package; .ci/run installs it)";
    /** A loaded machine (CI runs several tests at once) can take far longer than the ~10 s of CPU this needs. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    static Path shared;
    private static NnProcess.Result training;
    private static Path model;

    @TempDir
    Path dir;

    /** Each test, not the class, is skipped, so that the reports list every test with the reason. */
    @BeforeEach
    void requireTheData() {
        assumeTrue(installed(), NOT_INSTALLED);
    }

    /** Whether Debian's package is installed: the four IDX files. */
    static boolean installed() {
        return List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz").stream().allMatch(name -> Files.isRegularFile(DATA.resolve(name)));
    }

    @BeforeAll
    static void trainOnce() {
        if (!installed()) {
            System.out.println("FashionMnistIT: skipped: " + NOT_INSTALLED);
            return;
        }
        model = shared.resolve("fashion-model.yaml");
        training = NnProcess.in(NnProcess.testResources("fashion")).timeout(TIMEOUT)
                .run("train", "fashion-mnist-short.yaml", "--save", model.toString());
    }

    @Test
    void theShortenedRunReachesTheTestAccuracyFloor() throws IOException {
        assertEquals(0, training.exitCode(), training::describe);
        Matcher test = TEST_LINE.matcher(training.stdout());
        assertTrue(test.find(), training::describe);
        double accuracy = Double.parseDouble(test.group(2));

        assertTrue(accuracy >= TEST_ACCURACY_FLOOR, "test accuracy " + accuracy + " < " + TEST_ACCURACY_FLOOR);
        JsonNode metadata = metadata(model);
        assertEquals(CLASSES, java.util.stream.StreamSupport.stream(metadata.get("classes").spliterator(), false)
                .map(JsonNode::asText).toList());
        assertEquals(1 / 255.0, metadata.get("input_scale").doubleValue(), 1e-17);
        assertEquals(2, metadata.get("provenance").get("epochs_run").intValue());
    }

    /**
     * The saved model's {@code metadata} section. (The whole file, 6 MB of weights, is beyond the test YAML reader's
     * default 3 MB limit.)
     */
    private static JsonNode metadata(Path savedModel) throws IOException {
        String text = Files.readString(savedModel);
        int start = text.indexOf("\nmetadata:\n");
        assertTrue(start >= 0, "no metadata in " + savedModel);
        return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(text.substring(start + 1))
                .get("metadata");
    }

    @Test
    void theSavedModelPredictsEveryTestImageFromTheIdxFile() throws IOException {
        assertEquals(0, training.exitCode(), training::describe);
        Path output = dir.resolve("predictions.csv");

        NnProcess.Result run = NnProcess.in(dir).timeout(TIMEOUT).run("predict", model.toString(), "--input",
                DATA.resolve("t10k-images-idx3-ubyte.gz").toString(), "--output", output.toString());

        assertEquals(0, run.exitCode(), run::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(Files.readString(output));
        assertEquals(CLASSES.stream().map(c -> "p_" + c).toList(), predictions.header().subList(0, 10));
        assertEquals(10_000, predictions.outputs().size());
        for (int i = 0; i < predictions.outputs().size(); i++) {
            double sum = 0;
            for (double p : predictions.outputs().get(i)) {
                assertTrue(p >= 0 && p <= 1, "row " + (i + 1) + ": " + p);
                sum += p;
            }
            assertEquals(1.0, sum, 1e-12, "row " + (i + 1));
            assertTrue(CLASSES.contains(predictions.predicted().get(i)), predictions.predicted().get(i));
        }
    }

    @Test
    void theSavedModelEvaluatesOnTheIdxTestFilesAndOnItsOwnTestSet() {
        assertEquals(0, training.exitCode(), training::describe);

        NnProcess.Result files = NnProcess.in(dir).timeout(TIMEOUT).run("evaluate", model.toString(), "--data",
                DATA.resolve("t10k-images-idx3-ubyte.gz").toString(), "--labels",
                DATA.resolve("t10k-labels-idx1-ubyte.gz").toString());
        NnProcess.Result own = NnProcess.in(dir).timeout(TIMEOUT).run("evaluate", model.toString(), "--data", "test");

        assertEquals(0, files.exitCode(), files::describe);
        PredictOutputs.Evaluation all = PredictOutputs.evaluation(files.stdout(), CLASSES);
        assertEquals(10_000, all.total());
        assertEquals(10_000, all.confusionTotal());
        assertEquals(all.correct(), all.diagonal());
        for (String name : CLASSES) {
            long[] row = all.confusion().get(name);
            assertEquals(1000, java.util.Arrays.stream(row).sum(), name + ": the test set has 1,000 of each class");
        }
        assertEquals(0, own.exitCode(), own::describe);
        PredictOutputs.Evaluation limited = PredictOutputs.evaluation(own.stdout(), CLASSES);
        assertEquals(1000, limited.total(), "the spec's test set is limited to 1,000 images");
        Matcher test = TEST_LINE.matcher(training.stdout());
        assertTrue(test.find(), training::describe);
        assertEquals(test.group(1), String.format(java.util.Locale.ROOT, "%.10f", limited.loss()));
    }
}
