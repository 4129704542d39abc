package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn train --plot} and {@code nn plot}, run as a user would: the images exist, are valid PNG (or SVG) files of
 * the stated size, and bad metrics are refused with exit code 2. Also: with output that is not a terminal, training
 * prints its plain epoch lines and no progress bar.
 */
final class PlotIT {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int EPOCHS = 40;

    @TempDir
    Path dir;

    @Test
    void trainDrawsThePlotAndPlotRedrawsItFromTheMetricsAtTheStatedSize() throws IOException {
        Path metrics = dir.resolve("m.jsonl");
        Path curves = dir.resolve("c.png");

        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/document.yaml", "--metrics",
                metrics.toString(), "--plot", curves.toString());

        assertEquals(0, train.exitCode(), train::describe);
        assertNothingButTheJvmOnStderr(train);
        List<String> lines = train.stdoutLines();
        assertEquals(EPOCHS + 3, lines.size(), train::describe);
        assertEquals("metrics written to " + metrics, lines.get(EPOCHS + 1));
        assertEquals("plot written to " + curves, lines.get(EPOCHS + 2));
        assertPng(curves, 1200, 500);

        NnProcess.Result plot = NnProcess.in(dir).run("plot", "m.jsonl", "-o", "c2.png", "--width", "800",
                "--height", "400");

        assertEquals(0, plot.exitCode(), plot::describe);
        assertNothingButTheJvmOnStderr(plot);
        assertEquals("plotted 40 epochs to c2.png", plot.stdout().strip());
        assertPng(dir.resolve("c2.png"), 800, 400);
    }

    @Test
    void trainNotesTheRestoredEpochAndTheTestScoresThatItPrints() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.copy(NnProcess.repository().resolve("examples/data/iris.csv"), dir.resolve("data/iris.csv"));
        Files.writeString(dir.resolve("spec.yaml"), """
                name: iris-stopped
                seed: 1
                input: 4
                layers:
                  - units: 16
                    activation: relu
                  - units: 3
                    activation: softmax
                loss: cross_entropy
                optimizer: {name: adam, learning_rate: 0.01}
                training:
                  epochs: 200
                  batch_size: 16
                  validation_split: 0.2
                  early_stopping: {monitor: val_loss, patience: 5, restore_best: true}
                data:
                  train: {format: csv, path: data/iris.csv, label: species}
                  test: {format: csv, path: data/iris.csv, label: species}
                """);

        NnProcess.Result train = NnProcess.in(dir).run("train", "spec.yaml", "--plot", "c.svg");

        assertEquals(0, train.exitCode(), train::describe);
        java.util.regex.Matcher restored = java.util.regex.Pattern.compile(
                "(?m)^restored the parameters of epoch (\\d+) \\(the best val_loss\\)$").matcher(train.stdout());
        java.util.regex.Matcher test = java.util.regex.Pattern.compile(
                "(?m)^test: loss (\\d+\\.\\d+), accuracy (\\d\\.\\d+)$").matcher(train.stdout());
        assertTrue(restored.find() && test.find(), train::describe);
        String note = String.format(java.util.Locale.ROOT, "restored epoch %s (best val_loss); test: loss %.4f, "
                + "accuracy %.4f", restored.group(1), Double.parseDouble(test.group(1)),
                Double.parseDouble(test.group(2)));
        String svg = Files.readString(dir.resolve("c.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains(">" + note + "</text>"), "the SVG lacks the note: " + note);
    }

    @Test
    void plotWritesSvgByTheFileExtension() throws IOException {
        Path metrics = Files.writeString(dir.resolve("m.jsonl"), """
                {"epoch": 1, "loss": 0.9, "accuracy": 0.5, "val_loss": 1.0, "val_accuracy": 0.4}
                {"epoch": 2, "loss": 0.7, "accuracy": 0.6, "val_loss": 0.8, "val_accuracy": 0.55}
                """);

        NnProcess.Result plot = NnProcess.in(dir).run("plot", metrics.toString(), "-o", "c.svg", "--title", "run 7");

        assertEquals(0, plot.exitCode(), plot::describe);
        String svg = Files.readString(dir.resolve("c.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.contains(">run 7</text>"), "no title");
    }

    @Test
    void badMetricsAreRefusedWithTheLineAndExitCode2() throws IOException {
        Files.writeString(dir.resolve("m.jsonl"), "{\"epoch\": 1, \"loss\": 0.9}\n{\"epoch\": 2, \"loss\": \n");

        NnProcess.Result malformed = NnProcess.in(dir).run("plot", "m.jsonl", "-o", "c.png");
        NnProcess.Result missing = NnProcess.in(dir).run("plot", "none.jsonl", "-o", "c.png");

        assertEquals(2, malformed.exitCode(), malformed::describe);
        assertTrue(malformed.stderr().startsWith("error: m.jsonl:2: not valid JSON"), malformed::describe);
        assertEquals(2, missing.exitCode(), missing::describe);
        assertEquals("error: none.jsonl: no such file", missing.stderr().strip(), missing::describe);
        assertFalse(Files.exists(dir.resolve("c.png")));
    }

    @Test
    void offATerminalTrainingPrintsPlainLinesAndNoBar() {
        for (String[] args : List.of(new String[] {"train", "examples/document.yaml"},
                new String[] {"train", "examples/document.yaml", "--progress=auto"})) {
            NnProcess.Result train = NnProcess.inRepository().run(args);

            assertEquals(0, train.exitCode(), train::describe);
            assertNothingButTheJvmOnStderr(train);
            assertFalse(train.stdout().contains("\r") || train.stdout().contains("\u001b"), train::describe);
            assertEquals(EPOCHS + 1, train.stdoutLines().size(), train::describe);
        }
    }

    /**
     * Nothing on stderr (no warning from JLine about a missing terminal, in particular) but the line the JVM prints for
     * the Vector API, which {@code bin/nn} enables for training.
     */
    private static void assertNothingButTheJvmOnStderr(NnProcess.Result run) {
        assertEquals(List.of(), run.stderrLines().stream()
                .filter(line -> !line.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList(),
                run::describe);
    }

    /** The file is a PNG (signature, then an IHDR chunk with the size) that Java's decoder reads. */
    private static void assertPng(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), "no image at " + file);
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 33, "too short for a PNG: " + bytes.length + " bytes");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), "not a PNG signature");
        ByteBuffer header = ByteBuffer.wrap(bytes, 8, 25);
        assertEquals(13, header.getInt(), "IHDR length");
        byte[] type = new byte[4];
        header.get(type);
        assertEquals("IHDR", new String(type, StandardCharsets.US_ASCII));
        assertEquals(width, header.getInt(), "IHDR width");
        assertEquals(height, header.getInt(), "IHDR height");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "ImageIO cannot read " + file);
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }
}
