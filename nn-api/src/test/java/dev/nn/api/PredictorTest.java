package dev.nn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading and predicting against predictions computed with numpy ({@code expected_predictions.py} beside this test's
 * resources), and training against nn-it's golden values ({@code generate_golden.py}).
 */
final class PredictorTest {
    private static final Path GOLDEN = Path.of(System.getProperty("nn.golden"));
    private static final double TOLERANCE = 1e-10;

    private final Nn nn = Nn.create();

    @TempDir
    Path work;

    @AfterEach
    void close() {
        nn.close();
    }

    @Test
    void predictionsApplyTheInputScaleAndNameTheClasses() throws IOException {
        Predictor model = nn.load(resource("scaled-classifier.yaml"));
        JsonNode expected = expected().get("scaled_classifier");

        assertEquals(List.of("red", "green", "blue"), model.classes());
        assertEquals(List.of("width", "height"), model.features());
        assertEquals(0.5, model.inputScale());
        List<Prediction> predictions = model.predict(rows(expected.get("rows")));
        for (int r = 0; r < predictions.size(); r++) {
            assertValues(expected.get("values").get(r), predictions.get(r));
            assertEquals(expected.get("predicted").get(r).asText(), predictions.get(r).predictedClass().orElseThrow());
        }
        assertEquals(predictions.get(0).value("green"), model.predict(1.0, 2.0).value(1));
    }

    @Test
    void aModelTrainedAndSavedThroughTheApiMatchesTheGoldenRunAndPredictsTwoClassesOnOneOutput() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");
        Path saved = work.resolve("model.yaml");
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve("csv_binary_sigmoid.expected.json").toFile());
        List<EpochMetrics> reported = new java.util.ArrayList<>();

        TrainingOutcome outcome = nn.training(spec).listener((epoch, control) -> reported.add(epoch))
                .saveTo(saved).run();

        assertEquals(golden.get("epochs").size(), outcome.epochs().size());
        assertEquals(outcome.epochs(), reported);
        for (int e = 0; e < outcome.epochs().size(); e++) {
            assertClose(golden.get("epochs").get(e).get("loss").asDouble(), outcome.epochs().get(e).loss());
        }
        assertFalse(outcome.stopped());
        assertEquals(saved, outcome.savedTo().orElseThrow());

        Files.delete(work.resolve("csv_binary_label.csv")); // a saved model predicts without its data
        Predictor model = nn.load(saved);
        JsonNode expected = expected().get("csv_binary_sigmoid");
        assertEquals(List.of("no", "yes"), model.classes());
        assertEquals(List.of("a", "b"), model.features());
        List<Prediction> predictions = model.predict(rows(expected.get("rows")));
        for (int r = 0; r < predictions.size(); r++) {
            assertValues(expected.get("values").get(r), predictions.get(r));
            assertEquals(expected.get("predicted").get(r).asText(), predictions.get(r).predictedClass().orElseThrow());
        }
    }

    /**
     * A float32 model trained and saved through the API predicts in float32: the same from its model file and its
     * YAML, its outputs floats, within float32 rounding of the float64 model's.
     */
    @Test
    void aFloat32ModelPredictsInFloat32FromEitherFormat() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");
        Path narrow = work.resolve("float32.yaml");
        Files.writeString(narrow, "dtype: float32\n" + Files.readString(spec));
        Path yaml = work.resolve("model32.yaml");
        Path file = work.resolve("model32.nn");
        Path wide = work.resolve("model64.yaml");
        nn.training(narrow).saveTo(yaml).run();
        nn.training(narrow).saveTo(file).run();
        nn.training(spec).saveTo(wide).run();
        double[][] rows = rows(expected().get("csv_binary_sigmoid").get("rows"));

        List<Prediction> fromYaml = nn.load(yaml).predict(rows);
        List<Prediction> fromFile = nn.load(file).predict(rows);
        List<Prediction> float64 = nn.load(wide).predict(rows);
        assertTrue(Files.readString(yaml).contains("\ndtype: float32\n"));
        for (int r = 0; r < rows.length; r++) {
            double p = fromYaml.get(r).values()[1]; // the output; values()[0] is 1 - p
            assertEquals(p, fromFile.get(r).values()[1]);
            assertEquals(p, (double) (float) p, "a float32 output");
            assertEquals(float64.get(r).values()[1], p, 1e-5);
        }
    }

    @Test
    void aModelSavedAsOneModelFilePredictsBitForBitAsItsYamlFormAndADamagedOneIsRefused() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");
        Path yaml = work.resolve("model.yaml");
        Path file = work.resolve("model.nn");
        nn.training(spec).saveTo(yaml).run();
        nn.training(spec).saveTo(file).run();
        double[][] rows = rows(expected().get("csv_binary_sigmoid").get("rows"));

        List<Prediction> fromYaml = nn.load(yaml).predict(rows);
        List<Prediction> fromFile = nn.load(file).predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertEquals(java.util.Arrays.toString(fromYaml.get(r).values()),
                    java.util.Arrays.toString(fromFile.get(r).values()));
        }

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        NnException e = assertThrows(NnException.class, () -> nn.load(file));
        assertTrue(e.badInput());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void trainingASavedModelWhoseDataChangedIsRefusedUnlessAllowed() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");
        Path saved = work.resolve("model.yaml");
        nn.training(spec).saveTo(saved).run();
        Path data = work.resolve("csv_binary_label.csv");
        Files.writeString(data, Files.readString(data).replace("1.0,0.99,yes", "1.0,0.98,yes"));

        NnException e = assertThrows(NnException.class, () -> nn.training(saved).run());

        assertTrue(e.getMessage().startsWith(saved + ": data file " + data.toAbsolutePath().normalize()
                + " has changed since the model was trained (sha256 was "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; restore the data the model was trained on, or call allowChangedData() "
                + "to use it as it is now"), e.getMessage());
        Training allowed = nn.training(saved).allowChangedData();
        assertFalse(allowed.run().epochs().isEmpty());
        assertEquals(1, allowed.warnings().size(), allowed.warnings().toString());
        assertTrue(allowed.warnings().get(0).endsWith("; using it as it is now (allowChangedData)"));
    }

    @Test
    void aModelNameWithoutAKnownFormatIsRefusedBeforeTraining() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");
        List<EpochMetrics> reported = new java.util.ArrayList<>();

        NnException e = assertThrows(NnException.class, () -> nn.training(spec)
                .listener((epoch, control) -> reported.add(epoch)).saveTo(work.resolve("model.bin")).run());

        assertTrue(e.getMessage().startsWith("saveTo " + work.resolve("model.bin") + ": unknown model format"),
                e.getMessage());
        assertEquals(List.of(), reported);
    }

    @Test
    void aStopRequestedByTheListenerEndsTrainingAtThatEpochAndTheModelIsStillSaved() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");
        Path saved = work.resolve("stopped.yaml");

        TrainingOutcome outcome = nn.training(spec)
                .listener((epoch, control) -> {
                    if (epoch.epoch() == 3) {
                        control.requestStop();
                    }
                })
                .saveTo(saved).run();

        assertTrue(outcome.stopped());
        assertEquals(3, outcome.epochs().size());
        assertEquals(OptionalDouble.empty(), outcome.testLoss());
        assertTrue(Files.exists(saved));
        assertEquals(List.of("no", "yes"), nn.load(saved).classes());
    }

    @Test
    void aTrainingRunsOnlyOnce() throws IOException {
        Training training = nn.training(copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv"));
        training.run();
        assertThrows(IllegalStateException.class, training::run);
    }

    @Test
    void aSpecErrorIsTheOneLineTheCommandPrintsWithItsPosition() throws IOException {
        Path spec = work.resolve("bad.yaml");
        Files.writeString(spec, "input: 2\nlayers:\n  - units: 2\n    activation: relu2\nloss: mse\noptimizer: sgd\n"
                + "training: {epochs: 1}\ndata: {train: {inputs: [[1, 2]], targets: [[0, 1]]}}\n");

        NnException e = assertThrows(NnException.class, () -> nn.training(spec).run());

        assertTrue(e.badInput());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith(spec + ":4:5: layers[0].activation: "), e.getMessage());
        assertTrue(e.getMessage().contains("'relu'"), e.getMessage());
    }

    @Test
    void anUntrainedSpecCannotBeLoadedForPrediction() throws IOException {
        Path spec = copyGolden("csv_binary_sigmoid.yaml", "csv_binary_label.csv");

        NnException e = assertThrows(NnException.class, () -> nn.load(spec));

        assertEquals(spec + ": layers[0] has no weights: this is an untrained spec; train it and save the model "
                + "first (nn train SPEC --save MODEL)", e.getMessage());
        assertTrue(e.badInput());
    }

    @Test
    void threadsSharingOnePredictorAndLoadingTheirOwnGetTheSerialValues() throws Exception {
        Predictor shared = nn.load(resource("scaled-classifier.yaml"));
        double[][] rows = new double[600][]; // more than one prediction batch (256 rows)
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[] {r * 0.01 - 3, 2 - r * 0.005};
        }
        String serial = shared.predict(rows).toString();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean own = t % 2 == 0;
                results.add(pool.submit(() -> (own ? nn.load(resource("scaled-classifier.yaml")) : shared)
                        .predict(rows).toString()));
            }
            for (java.util.concurrent.Future<String> result : results) {
                assertEquals(serial, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRowOfTheWrongWidthIsNamed() {
        Predictor model = nn.load(resource("scaled-classifier.yaml"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(new double[][] {{1, 2}, {1, 2, 3}}));

        assertEquals("rows[1] has 3 values but scaled-classifier takes 2 inputs [width, height]", e.getMessage());
    }

    @Test
    void aMissingPluginFolderIsRefused() {
        Path missing = work.resolve("no-such-folder");

        NnException e = assertThrows(NnException.class, () -> Nn.builder().pluginFolder(missing).build());

        assertEquals("plugin folder " + missing + ": no such folder", e.getMessage());
    }

    @Test
    void aClosedNnLoadsNothing() {
        nn.close();
        assertThrows(IllegalStateException.class, () -> nn.load(resource("scaled-classifier.yaml")));
    }

    @Test
    void predictionsAreImmutable() {
        Prediction prediction = nn.load(resource("scaled-classifier.yaml")).predict(1.0, 2.0);
        prediction.values()[0] = 42;
        assertTrue(prediction.value(0) < 1);
        assertThrows(UnsupportedOperationException.class, () -> prediction.names().set(0, "x"));
    }

    private Path copyGolden(String... names) throws IOException {
        for (String name : names) {
            Files.copy(GOLDEN.resolve(name), work.resolve(name));
        }
        return work.resolve(names[0]);
    }

    private static Path resource(String name) {
        try {
            return Path.of(PredictorTest.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expected() throws IOException {
        try (InputStream in = PredictorTest.class.getResourceAsStream("expected_predictions.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[][] rows(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            values[r] = new double[rows.get(r).size()];
            for (int c = 0; c < values[r].length; c++) {
                values[r][c] = rows.get(r).get(c).asDouble();
            }
        }
        return values;
    }

    private static void assertValues(JsonNode expected, Prediction actual) {
        assertEquals(expected.size(), actual.values().length);
        for (int c = 0; c < expected.size(); c++) {
            assertClose(expected.get(c).asDouble(), actual.value(c));
        }
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1.0, Math.abs(expected)), "expected " + expected);
    }
}
