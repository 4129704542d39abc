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
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn predict} and {@code nn evaluate} round trips on saved models (a classifier with named features, a
 * regression model without), and every input they refuse: exit code 2 and one line naming the file and the line.
 */
final class PredictEvaluateIT {
    private static final String IRIS_HEADER = "sepal_length,sepal_width,petal_length,petal_width,species\n";

    @TempDir
    static Path shared;
    private static Path iris;
    private static Path regression;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainModels() {
        iris = shared.resolve("iris-model.yaml");
        NnProcess.Result irisRun = NnProcess.inRepository().run("train", "examples/iris.yaml", "--save",
                iris.toString());
        assertEquals(0, irisRun.exitCode(), irisRun::describe);
        regression = shared.resolve("regression-model.yaml");
        NnProcess.Result regressionRun = NnProcess.in(GoldenValues.folder()).run("train", "linear_regression.yaml",
                "--save", regression.toString());
        assertEquals(0, regressionRun.exitCode(), regressionRun::describe);
    }

    @Test
    void regressionModelPredictsItsOutputsUnderYColumns() throws IOException {
        Path input = dir.resolve("x.csv");
        Files.writeString(input, "x1,x2,x3\n0.1,0.2,0.3\n-0.4,0.5,0.9\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", regression.toString(), "--input", "x.csv");

        assertEquals(0, run.exitCode(), run::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(run.stdout());
        assertEquals(List.of("y0"), predictions.header());
        Map<String, Matrix> parameters = TrainingOutputs.parameters(regression);
        double[] w = parameters.get("W1").values();
        double b = parameters.get("b1").values()[0];
        double[][] x = {{0.1, 0.2, 0.3}, {-0.4, 0.5, 0.9}};
        for (int i = 0; i < x.length; i++) {
            double expected = x[i][0] * w[0] + x[i][1] * w[1] + x[i][2] * w[2] + b;
            Tolerance.assertClose(expected, predictions.outputs().get(i)[0], 1e-12, "row " + (i + 1));
        }
    }

    @Test
    void regressionModelEvaluatesItsOwnTrainingSetWithoutAConfusionMatrix() {
        NnProcess.Result run = NnProcess.in(shared).run("evaluate", regression.toString(), "--data", "train");

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("loss "), run::describe);
        assertTrue(run.stdout().contains("no accuracy or confusion matrix"), run::describe);
    }

    @Test
    void aTwoClassLabelOnOneSigmoidOutputPredictsThePositiveProbabilityAndEvaluatesLikeItsPredictions()
            throws IOException {
        Path model = dir.resolve("binary-model.yaml");
        Path data = GoldenValues.folder().resolve("csv_binary_label.csv");
        String spec = Files.readString(GoldenValues.folder().resolve("csv_binary_sigmoid.yaml"))
                .replace("loss: mse", "loss: binary_cross_entropy")
                .replace("path: csv_binary_label.csv", "path: '" + data.toAbsolutePath() + "'");
        Files.writeString(dir.resolve("binary.yaml"), spec);
        NnProcess.Result train = NnProcess.in(dir).run("train", "binary.yaml", "--save", model.toString());
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result predict = NnProcess.in(dir).run("predict", model.toString(), "--input", data.toString());
        NnProcess.Result evaluate = NnProcess.in(dir).run("evaluate", model.toString(), "--data", data.toString());
        NnProcess.Result json = NnProcess.in(dir).run("evaluate", model.toString(), "--data", data.toString(),
                "--json");

        assertEquals(0, predict.exitCode(), predict::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(predict.stdout());
        assertEquals(List.of("p_yes", "predicted"), predictions.header());
        List<String> labels = Files.readAllLines(data).stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1))
                .toList();
        long right = 0;
        long truePositives = 0;
        long predictedPositives = 0;
        long positives = 0;
        for (int i = 0; i < labels.size(); i++) {
            double yes = predictions.outputs().get(i)[0];
            assertEquals(yes > 0.5 ? "yes" : "no", predictions.predicted().get(i), "row " + (i + 1));
            right += predictions.predicted().get(i).equals(labels.get(i)) ? 1 : 0;
            boolean predictedYes = predictions.predicted().get(i).equals("yes");
            predictedPositives += predictedYes ? 1 : 0;
            positives += labels.get(i).equals("yes") ? 1 : 0;
            truePositives += predictedYes && labels.get(i).equals("yes") ? 1 : 0;
        }
        assertEquals(0, evaluate.exitCode(), evaluate::describe);
        PredictOutputs.Evaluation evaluation = PredictOutputs.evaluation(evaluate.stdout(), List.of("no", "yes"));
        assertEquals(labels.size(), evaluation.total(), evaluate::describe);
        assertEquals(right, evaluation.correct(), "evaluate counts what predict predicts\n" + evaluate.describe());
        assertEquals(labels.size(), evaluation.confusionTotal(), evaluate::describe);
        assertTrue(evaluate.stdout().contains("positive class 'yes': precision "), evaluate::describe);

        // ROC AUC by counting every (positive, negative) pair, 1/2 for a tie: not evaluate's rank method
        double pairs = 0;
        double wins = 0;
        for (int i = 0; i < labels.size(); i++) {
            for (int j = 0; j < labels.size(); j++) {
                if (labels.get(i).equals("yes") && labels.get(j).equals("no")) {
                    double a = predictions.outputs().get(i)[0];
                    double b = predictions.outputs().get(j)[0];
                    pairs++;
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
        }
        assertEquals(0, json.exitCode(), json::describe);
        JsonNode metrics = new ObjectMapper().readTree(json.stdout());
        JsonNode binary = metrics.get("binary");
        assertEquals("yes", binary.get("positive_class").asText());
        double precision = (double) truePositives / predictedPositives;
        double recall = (double) truePositives / positives;
        assertEquals(precision, binary.get("precision").asDouble(), 1e-15, json::describe);
        assertEquals(recall, binary.get("recall").asDouble(), 1e-15, json::describe);
        assertEquals(2 * precision * recall / (precision + recall), binary.get("f1").asDouble(), 1e-15);
        assertEquals(wins / pairs, binary.get("roc_auc").asDouble(), 1e-15, json::describe);
        assertEquals(labels.size(), metrics.get("samples").asInt());
        assertEquals((double) right / labels.size(), metrics.get("accuracy").asDouble(), 1e-15);
        assertEquals(truePositives, metrics.get("confusion_matrix").get(1).get(1).asLong());
        assertEquals(List.of("no", "yes"), List.of(metrics.get("classes").get(0).asText(),
                metrics.get("classes").get(1).asText()));
    }

    @Test
    void aCsvRegressionModelNamesItsOutputsAfterTheTargetColumns() throws IOException {
        Path model = dir.resolve("csv-regression-model.yaml");
        NnProcess.Result train = NnProcess.in(GoldenValues.folder()).run("train", "csv_regression.yaml", "--save",
                model.toString());
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result predict = NnProcess.in(dir).run("predict", model.toString(), "--input",
                GoldenValues.folder().resolve("csv_regression.csv").toString());

        assertEquals(0, predict.exitCode(), predict::describe);
        PredictOutputs.Predictions predictions = PredictOutputs.predictions(predict.stdout());
        assertEquals(List.of("y2", "y1"), predictions.header());
        assertEquals(12, predictions.outputs().size(), predict::describe);
    }

    @Test
    void aPredictionInputCellThatJavaWouldReadAsANumberIsRefusedAtItsLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("in.csv"), IRIS_HEADER.replace(",species", "") + "5.1,3.5,1.4,0.2\n"
                + "4.9,3f,1.4,0.2\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "in.csv");

        assertBadInput(run, "error: in.csv:3:5: column 'sepal_width': expected a plain decimal number but found "
                + "'3f' (a type suffix ('f') is not accepted)");
    }

    @Test
    void aFifoAsInputIsRefusedWithoutWaitingForAWriter() throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.csv").toString()).start();
        assertTrue(mkfifo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && mkfifo.exitValue() == 0);

        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "pipe.csv");

        assertBadInput(run, "error: --input pipe.csv: is a FIFO (named pipe); expected a regular file");
    }

    @Test
    void aMissingInputFileIsBadInput() {
        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "nowhere.csv");

        assertBadInput(run, "error: --input nowhere.csv: no such file");
    }

    @Test
    void aRowOfTheWrongWidthIsReportedWithItsLine() throws IOException {
        Files.writeString(dir.resolve("short.csv"), IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n\n4.9,3.0,1.4,setosa\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "short.csv");

        assertBadInput(run, "error: short.csv: line 4: expected 5 values (as in the header) but found 4");
    }

    @Test
    void aCellThatIsNotANumberIsReportedWithItsLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("text.csv"), IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n4.9,wide,1.4,0.2,setosa\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "text.csv");

        assertBadInput(run, "error: text.csv:3:5: column 'sepal_width': expected a plain decimal number but found "
                + "'wide'");
    }

    @Test
    void aMissingFeatureColumnIsReportedWithTheHeader() throws IOException {
        Files.writeString(dir.resolve("three.csv"), "sepal_length,sepal_width,petal_length\n5.1,3.5,1.4\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "three.csv");

        assertBadInput(run, "error: three.csv: line 1: no column 'petal_width'; the model's inputs are "
                + "'sepal_length', 'sepal_width', 'petal_length', 'petal_width' and the header has 'sepal_length', "
                + "'sepal_width', 'petal_length'");
    }

    @Test
    void withoutFeatureNamesTheHeaderMustHaveOneColumnPerInput() throws IOException {
        Files.writeString(dir.resolve("wide.csv"), "a,b,c,d\n1,2,3,4\n");

        NnProcess.Result run = NnProcess.in(dir).run("predict", regression.toString(), "--input", "wide.csv");

        assertBadInput(run, "error: wide.csv: line 1: the header has 4 columns but the model takes 3 inputs");
    }

    /** IDX images of 2x2 pixels feed the iris model's 4 inputs; the same numbers as CSV must predict the same. */
    @Test
    void gzippedIdxImagesPredictLikeTheSameNumbersAsCsv() throws IOException {
        byte[][] images = {{5, 3, 1, 0}, {6, 3, 4, 1}, {7, 3, 6, 2}};
        Files.write(dir.resolve("images.idx.gz"), gzip(idxImages(images.length, images)));
        StringBuilder csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width\n");
        for (byte[] image : images) {
            csv.append(image[0]).append(',').append(image[1]).append(',').append(image[2]).append(',')
                    .append(image[3]).append('\n');
        }
        Files.writeString(dir.resolve("images.csv"), csv);

        NnProcess.Result fromIdx = NnProcess.in(dir).run("predict", iris.toString(), "--input", "images.idx.gz");
        NnProcess.Result fromCsv = NnProcess.in(dir).run("predict", iris.toString(), "--input", "images.csv");

        assertEquals(0, fromIdx.exitCode(), fromIdx::describe);
        assertEquals(0, fromCsv.exitCode(), fromCsv::describe);
        assertEquals(images.length + 1, fromIdx.stdout().lines().count(), fromIdx::describe);
        assertEquals(fromCsv.stdout(), fromIdx.stdout());
    }

    @Test
    void anIdxFileHoldingLessThanItsHeaderPromisesIsReportedWithTheByteOffset() throws IOException {
        byte[] complete = idxImages(3, new byte[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
        Files.write(dir.resolve("short.idx"), java.util.Arrays.copyOf(complete, complete.length - 4));

        NnProcess.Result run = NnProcess.in(dir).run("predict", iris.toString(), "--input", "short.idx");

        assertBadInput(run, "error: short.idx: byte offset 16: the header promises 12 bytes of data but the file "
                + "holds 8");
    }

    /** An IDX image file (magic 00 00 08 03) of {@code count} images of 2x2 pixels. */
    private static byte[] idxImages(int count, byte[][] images) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16 + 4 * images.length);
        buffer.putInt(0x00000803).putInt(count).putInt(2).putInt(2);
        for (byte[] image : images) {
            buffer.put(image);
        }
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void anUntrainedSpecIsRefused() {
        NnProcess.Result run = NnProcess.inRepository().run("predict", "examples/iris.yaml", "--input",
                "examples/data/iris.csv");

        assertBadInput(run, "error: examples/iris.yaml: layers[0] has no weights: this is an untrained spec");
    }

    @Test
    void predictIntoAMissingFolderFailsBeforeLoadingAnything() {
        NnProcess.Result run = NnProcess.inRepository().run("predict", iris.toString(), "--input",
                "examples/data/iris.csv", "--output", dir.resolve("no/such/out.csv").toString());

        assertBadInput(run, "error: --output " + dir.resolve("no/such/out.csv") + ": the folder");
    }

    @Test
    void evaluateNamesAnUnknownClassWithItsLine() throws IOException {
        Files.writeString(dir.resolve("rose.csv"), IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n5.0,3.0,1.0,0.5,rosa\n");

        NnProcess.Result run = NnProcess.in(dir).run("evaluate", iris.toString(), "--data", "rose.csv");

        assertBadInput(run, "error: " + dir.resolve("rose.csv") + ":3:17: column 'species': unknown class "
                + "'rosa'; the classes are 'setosa', 'versicolor', 'virginica'");
    }

    @Test
    void evaluateOnADataSetTheModelDoesNotHaveSaysWhichItHas() {
        NnProcess.Result run = NnProcess.inRepository().run("evaluate", iris.toString(), "--data", "test");

        assertBadInput(run, "error: " + iris + " has no test set (it has train, validation); give one of those, "
                + "or a data file with --data FILE");
    }

    @Test
    void evaluateOnAMissingFileIsBadInput() {
        NnProcess.Result run = NnProcess.in(dir).run("evaluate", iris.toString(), "--data", "gone.csv");

        assertBadInput(run, "error: " + dir.resolve("gone.csv") + ": no such file");
    }

    @Test
    void predictAndEvaluateAreListedInTheHelp() {
        NnProcess.Result run = NnProcess.inRepository().run("--help");

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().lines().anyMatch(l -> l.trim().startsWith("predict ")), run::describe);
        assertTrue(run.stdout().lines().anyMatch(l -> l.trim().startsWith("evaluate ")), run::describe);
    }

    /** Exit code 2, nothing on stdout, and an error line on stderr starting with {@code expected}. */
    private static void assertBadInput(NnProcess.Result run, String expected) {
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        List<String> errors = run.stderrLines().stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), run::describe);
        assertTrue(errors.get(0).startsWith(expected), "expected a line starting\n  " + expected + "\nbut got\n  "
                + errors.get(0));
        assertFalse(run.stderr().contains("Exception"), run::describe);
    }
}
