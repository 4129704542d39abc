package dev.nn.cli.output;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.nn.cli.support.UserInputException;
import dev.nn.io.AtomicFiles;
import dev.nn.train.EpochReport;
import dev.nn.train.Metrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss and accuracy curves, training and validation, drawn with XChart: one image with a title and a loss chart, and
 * beside it an accuracy chart when the metrics have accuracy. PNG or SVG, chosen by the file's extension; a PNG is
 * exactly {@code width x height} pixels. The curves come from epoch reports, kept by {@code nn train --plot} or read
 * back from a {@code --metrics} file by {@link #read}.
 */
public final class MetricsPlot {
    public static final int DEFAULT_WIDTH = 1200;
    public static final int DEFAULT_HEIGHT = 500;
    static final int MIN_SIZE = 200;
    static final int MAX_SIZE = 10_000;

    private static final Color TRAINING = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);
    /** Above this many epochs the points are not marked; the line alone reads better. */
    private static final int MARKED_EPOCHS = 60;

    /** The image formats, by file extension. */
    public enum Format {
        PNG, SVG;

        /** The format {@code file}'s extension names; {@code option} names the file in the error. */
        public static Format of(Path file, String option) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".svg")) {
                return SVG;
            }
            throw new UserInputException(option + " " + file + ": unknown image format; the file name must end in "
                    + ".png or .svg");
        }
    }

    /**
     * What the image notes beside the curves: an epoch marked with a vertical line ({@code restored epoch 12 (best
     * val_accuracy)}, or the best epoch), and the test set's scores, drawn as horizontal lines and written under the
     * title.
     *
     * @param epoch the epoch to mark, 0 for none
     * @param label what the marked epoch is, e.g. {@code restored epoch 12 (best val_accuracy)}
     * @param test the test set's loss and accuracy, when it was evaluated
     */
    public record Notes(int epoch, String label, Optional<Metrics> test) {
        public Notes {
            requireNonNull(label, "label is null");
            requireNonNull(test, "test is null");
        }

        /**
         * The notes of a run known only by its epochs (a metrics file): the epoch with the lowest {@code val_loss}
         * (or training loss without validation) marked as the best, no test scores.
         */
        public static Notes best(List<EpochReport> epochs) {
            boolean validated = epochs.stream().anyMatch(r -> r.validation().isPresent());
            String metric = validated ? "val_loss" : "loss";
            int best = 0;
            double lowest = Double.POSITIVE_INFINITY;
            for (EpochReport report : epochs) {
                double value = validated ? report.validation().map(Metrics::loss).orElse(Double.NaN) : report.loss();
                if (value < lowest) {
                    lowest = value;
                    best = report.epoch();
                }
            }
            return new Notes(best, "best epoch " + best + " (lowest " + metric + ")", Optional.empty());
        }
    }

    private static final Color MARK = new Color(44, 160, 44);
    private static final Color TEST = new Color(148, 103, 189);

    private final String title;
    private final int width;
    private final int height;

    /**
     * @param title the image's title, e.g. the model's name
     * @param width pixels, between {@value #MIN_SIZE} and {@value #MAX_SIZE}
     * @param height pixels, between {@value #MIN_SIZE} and {@value #MAX_SIZE}
     */
    public MetricsPlot(String title, int width, int height) {
        this.title = requireNonNull(title, "title is null");
        this.width = requireSize(width, "--width");
        this.height = requireSize(height, "--height");
    }

    private static int requireSize(int pixels, String option) {
        if (pixels < MIN_SIZE || pixels > MAX_SIZE) {
            throw new UserInputException(option + " " + pixels + ": must be between " + MIN_SIZE + " and " + MAX_SIZE
                    + " pixels");
        }
        return pixels;
    }

    /**
     * Draws {@code epochs} with their best epoch marked ({@link Notes#best}) and replaces {@code target} atomically
     * with the image, in the format its name gives.
     */
    public void write(List<EpochReport> epochs, Path target) throws IOException {
        write(epochs, Notes.best(epochs), target);
    }

    /** Draws {@code epochs} with {@code notes} and replaces {@code target} atomically with the image. */
    public void write(List<EpochReport> epochs, Notes notes, Path target) throws IOException {
        AtomicFiles.write(target, render(epochs, notes, Format.of(target, "plot")));
    }

    /** The image of {@code epochs}' curves, their best epoch marked, encoded as {@code format}. */
    public byte[] render(List<EpochReport> epochs, Format format) throws IOException {
        return render(epochs, Notes.best(epochs), format);
    }

    /** The image of {@code epochs}' curves with {@code notes}, encoded as {@code format}. */
    public byte[] render(List<EpochReport> epochs, Notes notes, Format format) throws IOException {
        if (epochs.isEmpty()) {
            throw new UserInputException("nothing to plot: no epochs");
        }
        useHeadlessGraphics();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (format == Format.PNG) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = image.createGraphics();
            try {
                paint(graphics, epochs, notes);
            } finally {
                graphics.dispose();
            }
            ImageIO.write(image, "png", bytes);
        } else {
            VectorGraphics2D graphics = new VectorGraphics2D();
            paint(graphics, epochs, notes);
            new SVGProcessor().getDocument(graphics.getCommands(), new PageSize(0, 0, width, height))
                    .writeTo(bytes);
        }
        return bytes.toByteArray();
    }

    /**
     * AWT must not look for a display: charts are drawn off screen, on machines that have none. Set before the first
     * AWT class loads; {@code bin/nn} also passes {@code -Djava.awt.headless=true}.
     */
    static void useHeadlessGraphics() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private void paint(Graphics2D graphics, List<EpochReport> epochs, Notes notes) {
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);

        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, fontSize(20));
        graphics.setFont(titleFont);
        graphics.setColor(Color.BLACK);
        FontMetrics metrics = graphics.getFontMetrics();
        int header = metrics.getHeight() + fontSize(16);
        graphics.drawString(title, Math.max(0, (width - metrics.stringWidth(title)) / 2),
                (header + metrics.getAscent() - metrics.getDescent()) / 2);
        String subtitle = subtitle(notes);
        if (!subtitle.isEmpty()) {
            graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize(13)));
            FontMetrics small = graphics.getFontMetrics();
            graphics.setColor(new Color(80, 80, 80));
            graphics.drawString(subtitle, Math.max(0, (width - small.stringWidth(subtitle)) / 2),
                    header + small.getAscent());
            header += small.getHeight() + fontSize(4);
        }

        List<XYChart> charts = charts(epochs, notes);
        int left = 0;
        for (int i = 0; i < charts.size(); i++) {
            int right = width * (i + 1) / charts.size();
            Graphics2D panel = (Graphics2D) graphics.create(left, header, right - left, height - header);
            try {
                charts.get(i).paint(panel, right - left, height - header);
            } finally {
                panel.dispose();
            }
            left = right;
        }
    }

    /** {@code restored epoch 12 (best val_accuracy); test: loss 0.3345, accuracy 0.8812}. */
    static String subtitle(Notes notes) {
        List<String> parts = new ArrayList<>();
        if (notes.epoch() > 0) {
            parts.add(notes.label());
        }
        notes.test().ifPresent(test -> parts.add(String.format(Locale.ROOT, "test: loss %.4f", test.loss())
                + (test.accuracy().isPresent() ? String.format(Locale.ROOT, ", accuracy %.4f",
                test.accuracy().getAsDouble()) : "")));
        return String.join("; ", parts);
    }

    /** The charts drawn: loss, and accuracy when the epochs have it; their model, for tests. */
    List<XYChart> charts(List<EpochReport> epochs, Notes notes) {
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart("loss", epochs, EpochReport::loss, r -> r.validation().map(Metrics::loss), notes,
                notes.test().map(Metrics::loss), false));
        if (epochs.stream().anyMatch(r -> r.accuracy().isPresent())) {
            XYChart accuracy = chart("accuracy", epochs, r -> value(r.accuracy()),
                    r -> r.validation().flatMap(v -> optional(v.accuracy())), notes,
                    notes.test().flatMap(t -> optional(t.accuracy())), true);
            accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
            charts.add(accuracy);
        }
        return charts;
    }

    /** Font sizes grow with the image, from the size they have at the default height. */
    private int fontSize(int atDefaultHeight) {
        return Math.max(9, Math.round(atDefaultHeight * Math.min(width * 0.5f / DEFAULT_HEIGHT,
                (float) height / DEFAULT_HEIGHT)));
    }

    private XYChart chart(String metric, List<EpochReport> epochs, Function<EpochReport, Double> training,
                          Function<EpochReport, Optional<Double>> validation, Notes notes, Optional<Double> test,
                          boolean fraction) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(metric).xAxisTitle("epoch")
                .yAxisTitle(metric).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleBoxVisible(false);
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize(16)));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize(13)));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize(14)));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize(12)));
        chart.getStyler().setXAxisTickMarkSpacingHint(fontSize(80));
        chart.getStyler().setXAxisDecimalPattern("#,##0.#");
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setSeriesColors(new Color[] {TRAINING, VALIDATION, MARK, TEST});

        double[] x = epochs.stream().mapToDouble(EpochReport::epoch).toArray();
        double[] trainingValues = epochs.stream().mapToDouble(r -> finite(training.apply(r))).toArray();
        addSeries(chart, "training", x, trainingValues, TRAINING);
        double[] validationValues = null;
        if (epochs.stream().anyMatch(r -> validation.apply(r).isPresent())) {
            validationValues = epochs.stream().mapToDouble(r -> finite(validation.apply(r).orElse(null))).toArray();
            addSeries(chart, "validation", x, validationValues, VALIDATION);
        }
        double[] range = yRange(fraction, trainingValues, validationValues,
                test.map(v -> new double[] {v}).orElse(null));
        chart.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]);
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(trainingValues, validationValues));
        int first = epochs.get(0).epoch();
        int last = epochs.get(epochs.size() - 1).epoch();
        chart.getStyler().setXAxisMin((double) first).setXAxisMax((double) Math.max(last, first + 1));
        if (epochs.size() > 10) {
            roundEpochTicks(chart, first, trainingValues);
        }
        if (test.isPresent() && Double.isFinite(test.get())) {
            XYSeries line = chart.addSeries(String.format(Locale.ROOT, "test %.4f", test.get()),
                    new double[] {first, Math.max(last, first + 1)}, new double[] {test.get(), test.get()});
            dashed(line, TEST);
        }
        if (notes.epoch() >= first && notes.epoch() <= last) {
            XYSeries mark = chart.addSeries(notes.label().startsWith("restored") ? "restored epoch " + notes.epoch()
                            : "best epoch " + notes.epoch(), new double[] {notes.epoch(), notes.epoch()},
                    new double[] {range[0], range[1]});
            dashed(mark, MARK);
        }
        return chart;
    }

    /**
     * Round steps on the epoch axis (20, 40, 60, ...). XChart 3.8 puts the ticks of equally spaced x values on data
     * points, every k-th one for the smallest k it thinks fits (1, 5, 9, ...; with 1000 epochs the labels even
     * overlap); an invisible point half an epoch after the first, outside the legend, makes the values unequally
     * spaced, so it picks round steps as it does for any other data.
     */
    private static void roundEpochTicks(XYChart chart, int first, double[] values) {
        double anchor = Arrays.stream(values).filter(Double::isFinite).findFirst().orElse(0);
        XYSeries series = chart.addSeries(" ", new double[] {first + 0.5}, new double[] {anchor});
        series.setShowInLegend(false);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(0f));
        series.setLineColor(new Color(0, 0, 0, 0));
    }

    private static void dashed(XYSeries series, Color color) {
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(1.5f);
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
    }

    /**
     * The y axis's range: the values' (finite ones, of every series given) with a margin of 5% of their spread each
     * side, so that curves fill the chart (accuracies between 0.82 and 0.95 are not squeezed into 0-1); a fraction's
     * range stays within [0, 1]. A single value gets a range around it.
     */
    static double[] yRange(boolean fraction, double[]... values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] series : values) {
            for (double value : series == null ? new double[0] : series) {
                if (Double.isFinite(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        if (min > max) {
            return fraction ? new double[] {0, 1} : new double[] {0, 1};
        }
        double spread = max - min;
        double margin = spread > 0 ? spread * 0.05 : Math.max(Math.abs(max) * 0.05, 1e-3);
        double low = min - margin;
        double high = max + margin;
        if (fraction) {
            low = Math.max(0, low);
            high = Math.min(1, high);
        }
        return new double[] {low, high};
    }

    private static void addSeries(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineWidth(2.5f);
        series.setMarker(x.length <= MARKED_EPOCHS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /**
     * Tick labels with as many decimals as the values' spread needs and all the same number of them: {@code 0.0} for
     * a spread of 2, {@code 0.0000} for one of 0.006.
     */
    static String decimalPattern(double[]... values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] series : values) {
            for (double value : series == null ? new double[0] : series) {
                if (Double.isFinite(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        double spread = max - min;
        if (!(spread > 0)) {
            spread = Double.isFinite(max) && max != 0 ? Math.abs(max) : 1;
        }
        int decimals = (int) Math.max(1, Math.min(8, -Math.floor(Math.log10(spread / 8))));
        return "#,##0." + "0".repeat(decimals);
    }

    /** A value to draw; NaN, which XChart leaves as a gap, for a missing or non-finite one. */
    private static double finite(Double value) {
        return value == null || !Double.isFinite(value) ? Double.NaN : value;
    }

    private static Double value(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static Optional<Double> optional(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }

    /**
     * Reads a metrics file as {@code nn train --metrics} writes it: JSON Lines, one object per epoch with
     * {@code epoch} and {@code loss}, and optionally {@code accuracy}, {@code val_loss} and {@code val_accuracy}.
     * Blank lines are skipped; other keys are ignored.
     *
     * @throws UserInputException for a missing or unreadable file, a line that is not such an object (naming the
     *     line), epochs out of order, or a file without epochs
     */
    public static List<EpochReport> read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserInputException(file + ": is a directory; expected a metrics file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserInputException(file + ": not a text file (not UTF-8)");
        }
        ObjectMapper json = new ObjectMapper();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new UserInputException(where + "not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new UserInputException(where + "expected a JSON object like {\"epoch\": 1, \"loss\": 0.5}");
            }
            JsonNode epoch = node.get("epoch");
            if (epoch == null || !epoch.canConvertToExactIntegral() || !epoch.canConvertToInt()
                    || epoch.intValue() < 1) {
                throw new UserInputException(where + "'epoch' must be a whole number >= 1, found "
                        + (epoch == null ? "none" : epoch.toString()));
            }
            if (!points.isEmpty() && epoch.intValue() <= points.get(points.size() - 1).epoch()) {
                throw new UserInputException(where + "epoch " + epoch.intValue() + " after epoch "
                        + points.get(points.size() - 1).epoch() + "; epochs must increase");
            }
            OptionalDouble loss = number(node, "loss", where);
            if (loss.isEmpty()) {
                throw new UserInputException(where + "no 'loss'");
            }
            OptionalDouble valLoss = number(node, "val_loss", where);
            OptionalDouble valAccuracy = number(node, "val_accuracy", where);
            if (valAccuracy.isPresent() && valLoss.isEmpty()) {
                throw new UserInputException(where + "'val_accuracy' without 'val_loss'");
            }
            points.add(new Point(epoch.intValue(), loss.getAsDouble(), number(node, "accuracy", where),
                    valLoss.isPresent() ? Optional.of(new Metrics(valLoss.getAsDouble(), valAccuracy))
                            : Optional.empty()));
        }
        if (points.isEmpty()) {
            throw new UserInputException(file + ": no epochs; expected one JSON object per line, as nn train "
                    + "--metrics writes");
        }
        int planned = points.get(points.size() - 1).epoch();
        return points.stream()
                .map(p -> new EpochReport(p.epoch(), planned, p.loss(), p.accuracy(), p.validation()))
                .toList();
    }

    /** A number, or NaN and the infinities as Jackson writes them ({@code "NaN"}, {@code "Infinity"}). */
    private static OptionalDouble number(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (value.isNumber()) {
            return OptionalDouble.of(value.doubleValue());
        }
        if (value.isTextual()) {
            switch (value.textValue()) {
                case "NaN":
                    return OptionalDouble.of(Double.NaN);
                case "Infinity":
                    return OptionalDouble.of(Double.POSITIVE_INFINITY);
                case "-Infinity":
                    return OptionalDouble.of(Double.NEGATIVE_INFINITY);
                default:
                    break;
            }
        }
        throw new UserInputException(where + "'" + key + "' must be a number, found " + value);
    }

    private record Point(int epoch, double loss, OptionalDouble accuracy, Optional<Metrics> validation) {
    }
}
