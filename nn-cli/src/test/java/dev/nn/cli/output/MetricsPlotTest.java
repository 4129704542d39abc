package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.cli.Main;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.UserInputException;
import dev.nn.train.EpochReport;
import dev.nn.train.Metrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MetricsPlotTest {
    private static final int TRAINING_RGB = 0x1f77b4;
    private static final int VALIDATION_RGB = 0xff7f0e;
    private static final int MARK_RGB = 0x2ca02c;
    private static final int TEST_RGB = 0x9467bd;

    @TempDir
    Path folder;

    @Test
    void pngHasExactlyTheStatedSizeAndDrawsBothCurves() throws IOException {
        Path target = folder.resolve("curves.png");

        new MetricsPlot("test", 801, 399).write(epochs(25, true, true), target);

        BufferedImage image = ImageIO.read(target.toFile());
        assertEquals(801, image.getWidth());
        assertEquals(399, image.getHeight());
        assertTrue(count(image, TRAINING_RGB) > 100, "the training curve is not drawn");
        assertTrue(count(image, VALIDATION_RGB) > 100, "the validation curve is not drawn");
    }

    @Test
    void withoutValidationOnlyTheTrainingCurveIsDrawn() throws IOException {
        byte[] png = new MetricsPlot("test", 600, 300).render(epochs(5, false, false), MetricsPlot.Format.PNG);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(count(image, TRAINING_RGB) > 50, "the training curve is not drawn");
        assertEquals(0, count(image, VALIDATION_RGB));
    }

    @Test
    void svgIsAnSvgDocumentOfTheStatedSizeWithTitleAndLabels() throws IOException {
        Path target = folder.resolve("curves.SVG");

        new MetricsPlot("my-model", 1000, 500).write(epochs(3, true, true), target);

        String svg = Files.readString(target, StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<?xml"), svg.substring(0, Math.min(100, svg.length())));
        assertTrue(svg.contains("<svg"), "no <svg> element");
        assertTrue(svg.contains("width=\"1000px\"") && svg.contains("height=\"500px\""), "size not stated");
        // XChart draws its labels as glyph outlines; the title is text.
        assertTrue(svg.contains(">my-model</text>"), "no title");
        assertTrue(svg.contains("<path"), "no curves or labels");
    }

    /** 20 epochs of an accuracy between 0.82 and 0.95 and a loss between 0.5 and 0.3, no validation. */
    private static List<EpochReport> narrowAccuracies() {
        List<EpochReport> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= 20; epoch++) {
            epochs.add(new EpochReport(epoch, 20, 0.5 - 0.2 * (epoch - 1) / 19, OptionalDouble.of(0.82 + 0.13
                    * (epoch - 1) / 19)));
        }
        return epochs;
    }

    @Test
    void accuraciesBetween082And095FillTheChartInsteadOfATenthOfIt() throws IOException {
        byte[] png = new MetricsPlot("narrow", 1200, 500).render(narrowAccuracies(), MetricsPlot.Format.PNG);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // The accuracy chart is the right half. Its curve rises from epoch 1 (leftmost column) to epoch 20
        // (rightmost): the topmost curve pixel of each of those columns gives the rise in pixels. On a 0-1 axis it
        // would be 13% of the plot's height (about 45 pixels); fitted, nearly all of it.
        int[] columns = extent(image, TRAINING_RGB, 600, 1200);
        int rise = topmost(image, TRAINING_RGB, columns[0]) - topmost(image, TRAINING_RGB, columns[1]);
        assertTrue(rise > 250, "the accuracy curve rises " + rise + " pixels of 500");
        assertTrue(topmost(image, TRAINING_RGB, columns[0]) > 0, "drawn");
    }

    @Test
    void theRestoredEpochIsMarkedWhereItsPointIs() throws IOException {
        List<EpochReport> epochs = narrowAccuracies();
        MetricsPlot.Notes notes = new MetricsPlot.Notes(12, "restored epoch 12 (best val_accuracy)",
                Optional.of(new Metrics(0.3345, OptionalDouble.of(0.8812))));
        byte[] png = new MetricsPlot("marked", 1200, 500).render(epochs, notes, MetricsPlot.Format.PNG);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // In the loss chart (left half) the curve runs from epoch 1 to epoch 20; the vertical mark is the column
        // with the most pixels of its colour, at epoch 12's place between them.
        int[] curve = extent(image, TRAINING_RGB, 0, 600);
        double expected = curve[0] + (curve[1] - curve[0]) * (12 - 1) / 19.0;
        int mark = fullestColumn(image, MARK_RGB, 0, 600);
        assertEquals(expected, mark, 3, "the mark's column");
        assertTrue(count(image, TEST_RGB) > 100, "the test scores' lines are not drawn");
    }

    @Test
    void theEpochAxisStartsAtTheFirstEpochAndTheNotesAreSeries() {
        MetricsPlot.Notes notes = new MetricsPlot.Notes(12, "restored epoch 12 (best val_accuracy)",
                Optional.of(new Metrics(0.3345, OptionalDouble.of(0.8812))));
        List<org.knowm.xchart.XYChart> charts = new MetricsPlot("model", 1200, 500).charts(narrowAccuracies(), notes);

        assertEquals(2, charts.size());
        for (org.knowm.xchart.XYChart chart : charts) {
            assertEquals(1.0, chart.getStyler().getXAxisMin(), chart.getTitle());
            assertEquals(20.0, chart.getStyler().getXAxisMax(), chart.getTitle());
            assertTrue(chart.getSeriesMap().containsKey("restored epoch 12"), chart.getSeriesMap().keySet()::toString);
        }
        assertTrue(charts.get(0).getSeriesMap().containsKey("test 0.3345"), charts.get(0).getSeriesMap()::toString);
        assertTrue(charts.get(1).getSeriesMap().containsKey("test 0.8812"), charts.get(1).getSeriesMap()::toString);
        // the accuracy axis: the values 0.82-0.95 and the test's 0.8812 with 5% margins, not 0-1
        assertEquals(0.82 - 0.0065, charts.get(1).getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.95 + 0.0065, charts.get(1).getStyler().getYAxisMax(), 1e-12);
    }

    @Test
    void theSvgSaysWhichEpochIsMarkedAndTheTestScores() throws IOException {
        MetricsPlot.Notes notes = new MetricsPlot.Notes(12, "restored epoch 12 (best val_accuracy)",
                Optional.of(new Metrics(0.3345, OptionalDouble.of(0.8812))));
        String svg = new String(new MetricsPlot("model", 1200, 500).render(narrowAccuracies(), notes,
                MetricsPlot.Format.SVG), StandardCharsets.UTF_8);

        assertTrue(svg.contains(">restored epoch 12 (best val_accuracy); test: loss 0.3345, accuracy 0.8812</text>"),
                "no note under the title");
    }

    @Test
    void withoutNotesTheLowestValidationLossIsTheBestEpoch() {
        List<EpochReport> epochs = List.of(
                new EpochReport(1, 3, 0.9, OptionalDouble.empty(), Optional.of(new Metrics(0.8, OptionalDouble.empty()))),
                new EpochReport(2, 3, 0.7, OptionalDouble.empty(), Optional.of(new Metrics(0.6, OptionalDouble.empty()))),
                new EpochReport(3, 3, 0.5, OptionalDouble.empty(), Optional.of(new Metrics(0.65, OptionalDouble.empty()))));

        MetricsPlot.Notes best = MetricsPlot.Notes.best(epochs);

        assertEquals(2, best.epoch());
        assertEquals("best epoch 2 (lowest val_loss)", best.label());
        assertEquals(3, MetricsPlot.Notes.best(narrowAccuracies().subList(0, 3)).epoch(), "lowest loss without "
                + "validation");
    }

    @Test
    void theYRangeIsTheValuesWithMarginsAndFractionsStayWithin01() {
        double[] range = MetricsPlot.yRange(true, new double[] {0.82, 0.95});
        assertEquals(0.8135, range[0], 1e-12);
        assertEquals(0.9565, range[1], 1e-12);
        double[] full = MetricsPlot.yRange(true, new double[] {0.0, 1.0});
        assertEquals(0.0, full[0]);
        assertEquals(1.0, full[1]);
        double[] loss = MetricsPlot.yRange(false, new double[] {2.0, Double.NaN, 0.0});
        assertEquals(-0.1, loss[0], 1e-12);
        assertEquals(2.1, loss[1], 1e-12);
    }

    /** The leftmost and rightmost columns in [from, to) holding a pixel of {@code rgb}. */
    private static int[] extent(BufferedImage image, int rgb, int from, int to) {
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (int x = from; x < to; x++) {
            if (topmost(image, rgb, x) >= 0) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return new int[] {min, max};
    }

    /** The row of the topmost pixel of {@code rgb} in column {@code x}, or -1. */
    private static int topmost(BufferedImage image, int rgb, int x) {
        for (int y = 0; y < image.getHeight(); y++) {
            if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                return y;
            }
        }
        return -1;
    }

    /** The column in [from, to) with the most pixels of {@code rgb}. */
    private static int fullestColumn(BufferedImage image, int rgb, int from, int to) {
        int best = -1;
        int most = 0;
        for (int x = from; x < to; x++) {
            int count = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
            if (count > most) {
                most = count;
                best = x;
            }
        }
        return best;
    }

    @Test
    void readsBackWhatTheMetricsFileWrites() throws IOException {
        Path metrics = folder.resolve("m.jsonl");
        List<EpochReport> written = epochs(4, true, true);
        MetricsFile file = new MetricsFile(metrics, new EpochTimer());
        written.forEach(file::onEpoch);

        List<EpochReport> read = MetricsPlot.read(metrics);

        assertEquals(written, read);
    }

    @Test
    void nonFiniteValuesAreGapsNotErrors() throws IOException {
        Path metrics = folder.resolve("m.jsonl");
        Files.writeString(metrics, """
                {"epoch": 1, "loss": 0.5}
                {"epoch": 2, "loss": "NaN"}

                {"epoch": 3, "loss": "Infinity"}
                {"epoch": 4, "loss": 0.25}
                """);

        List<EpochReport> read = MetricsPlot.read(metrics);

        assertEquals(4, read.size());
        assertTrue(Double.isNaN(read.get(1).loss()));
        assertDoesNotThrow(() -> new MetricsPlot("t", 400, 300).render(read, MetricsPlot.Format.PNG));
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() throws IOException {
        Path metrics = folder.resolve("m.jsonl");
        Files.writeString(metrics, "{\"epoch\": 1, \"loss\": 0.5}\n\n{\"epoch\": 2, \"loss\": 0.4\n");

        UserInputException e = assertThrows(UserInputException.class, () -> MetricsPlot.read(metrics));

        assertTrue(e.getMessage().startsWith(metrics + ":3: not valid JSON"), e.getMessage());
    }

    @Test
    void linesWithoutTheMetricsAreReportedWithTheirNumber() throws IOException {
        assertReadFails("[1, 2]\n", ":1: expected a JSON object like {\"epoch\": 1, \"loss\": 0.5}");
        assertReadFails("{\"epoch\": 1}\n", ":1: no 'loss'");
        assertReadFails("{\"epoch\": 1.5, \"loss\": 1}\n", ":1: 'epoch' must be a whole number >= 1, found 1.5");
        assertReadFails("{\"epoch\": 1, \"loss\": \"low\"}\n", ":1: 'loss' must be a number, found \"low\"");
        assertReadFails("{\"epoch\": 2, \"loss\": 1}\n{\"epoch\": 1, \"loss\": 1}\n",
                ":2: epoch 1 after epoch 2; epochs must increase");
        assertReadFails("{\"epoch\": 1, \"loss\": 1, \"val_accuracy\": 0.5}\n",
                ":1: 'val_accuracy' without 'val_loss'");
    }

    @Test
    void aMissingOrEmptyFileIsReported() throws IOException {
        Path missing = folder.resolve("missing.jsonl");
        assertEquals(missing + ": no such file",
                assertThrows(UserInputException.class, () -> MetricsPlot.read(missing)).getMessage());
        Path empty = Files.writeString(folder.resolve("empty.jsonl"), "\n\n");
        assertTrue(assertThrows(UserInputException.class, () -> MetricsPlot.read(empty)).getMessage()
                .startsWith(empty + ": no epochs"));
        assertTrue(assertThrows(UserInputException.class, () -> MetricsPlot.read(folder)).getMessage()
                .contains("is a directory"));
    }

    @Test
    void theFormatComesFromTheExtension() {
        assertEquals(MetricsPlot.Format.PNG, MetricsPlot.Format.of(Path.of("a/b.PNG"), "-o"));
        assertEquals(MetricsPlot.Format.SVG, MetricsPlot.Format.of(Path.of("b.svg"), "-o"));
        UserInputException e = assertThrows(UserInputException.class,
                () -> MetricsPlot.Format.of(Path.of("curves.jpg"), "-o"));
        assertEquals("-o curves.jpg: unknown image format; the file name must end in .png or .svg", e.getMessage());
    }

    @Test
    void sizesOutsideTheLimitsAreRefused() {
        assertThrows(UserInputException.class, () -> new MetricsPlot("t", 199, 500));
        assertThrows(UserInputException.class, () -> new MetricsPlot("t", 500, 10_001));
        assertThrows(UserInputException.class, () -> new MetricsPlot("t", 500, 500).render(List.of(),
                MetricsPlot.Format.PNG));
    }

    @Test
    void tickLabelsGetTheDecimalsTheSpreadNeeds() {
        assertEquals("#,##0.0", MetricsPlot.decimalPattern(new double[] {0.1, 2.4}));
        assertEquals("#,##0.0000", MetricsPlot.decimalPattern(new double[] {0.1276, 0.1333}, null));
        assertEquals("#,##0.0", MetricsPlot.decimalPattern(new double[] {Double.NaN, 3, 3}));
    }

    @Test
    void plotCommandWritesTheImageAndReportsIt() throws IOException {
        Path metrics = folder.resolve("m.jsonl");
        MetricsFile file = new MetricsFile(metrics, new EpochTimer());
        epochs(10, true, false).forEach(file::onEpoch);
        Path png = folder.resolve("c.png");

        Run run = run("plot", metrics.toString(), "-o", png.toString(), "--width", "640", "--height", "320");

        assertEquals(ExitCodes.OK, run.code, run.err);
        assertEquals("plotted 10 epochs to " + png, run.out.strip());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(320, image.getHeight());
    }

    @Test
    void plotCommandRejectsBadInputWithExitCode2() throws IOException {
        Path metrics = Files.writeString(folder.resolve("m.jsonl"), "{\"epoch\": 1, \"loss\": 0.5}\nnot json\n");
        Path png = folder.resolve("c.png");

        Run malformed = run("plot", metrics.toString(), "-o", png.toString());
        Run missing = run("plot", folder.resolve("none.jsonl").toString(), "-o", png.toString());
        Run format = run("plot", metrics.toString(), "-o", folder.resolve("c.gif").toString());

        assertEquals(ExitCodes.BAD_INPUT, malformed.code);
        assertTrue(malformed.err.startsWith("error: " + metrics + ":2: not valid JSON"), malformed.err);
        assertEquals(ExitCodes.BAD_INPUT, missing.code);
        assertTrue(missing.err.contains("none.jsonl: no such file"), missing.err);
        assertEquals(ExitCodes.BAD_INPUT, format.code);
        assertTrue(format.err.contains("unknown image format"), format.err);
        assertFalse(Files.exists(png));
    }

    private void assertReadFails(String content, String expected) throws IOException {
        Path metrics = Files.writeString(folder.resolve("bad.jsonl"), content);
        UserInputException e = assertThrows(UserInputException.class, () -> MetricsPlot.read(metrics));
        assertEquals(metrics + expected, e.getMessage());
    }

    /** Epochs with a falling loss and a rising accuracy, as training gives. */
    static List<EpochReport> epochs(int count, boolean accuracy, boolean validation) {
        List<EpochReport> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= count; epoch++) {
            double loss = 2.0 / (epoch + 1);
            OptionalDouble correct = accuracy ? OptionalDouble.of(1 - 0.5 / epoch) : OptionalDouble.empty();
            Optional<Metrics> held = validation
                    ? Optional.of(new Metrics(loss * 1.2, accuracy ? OptionalDouble.of(0.9 - 0.5 / epoch)
                            : OptionalDouble.empty()))
                    : Optional.empty();
            epochs.add(new EpochReport(epoch, count, loss, correct, held));
        }
        return epochs;
    }

    private static long count(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
