package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 784-2048-2048-10 network (5,824,522 parameters, 46.6 MB of float64, beyond the 64 MB a YAML spec may take once
 * written as text) saves as a model file and loads again; the file is its values plus a few kilobytes; a heap too
 * small for it is one message naming the heap.
 */
final class LargeModelFileIT {
    private static final long PARAMETERS = 784L * 2048 + 2048 + 2048L * 2048 + 2048 + 2048L * 10 + 10;
    private static final int ROWS = 16;

    @TempDir
    static Path dir;
    private static NnProcess.Result train;

    @BeforeAll
    static void trainOneEpoch() throws IOException {
        try (BufferedWriter csv = Files.newBufferedWriter(dir.resolve("data.csv"), StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder();
            for (int c = 0; c < 784; c++) {
                header.append('p').append(c).append(',');
            }
            csv.write(header.append("label\n").toString());
            for (int r = 0; r < ROWS; r++) {
                StringBuilder row = new StringBuilder();
                for (int c = 0; c < 784; c++) {
                    row.append(String.format(Locale.ROOT, "%.3f", ((r * 31 + c * 7) % 97) / 97.0)).append(',');
                }
                csv.write(row.append("c").append(r % 10).append('\n').toString());
            }
        }
        Files.writeString(dir.resolve("big.yaml"), """
                name: big
                seed: 1
                input: 784
                layers:
                  - {units: 2048, activation: relu}
                  - {units: 2048, activation: relu}
                  - {units: 10, activation: softmax}
                loss: cross_entropy
                optimizer: {name: sgd, learning_rate: 0.01}
                training: {epochs: 1, batch_size: 16}
                data:
                  train: {format: csv, path: data.csv, label: label}
                """);
        train = NnProcess.in(dir).run("train", "big.yaml", "--save", "big.nn", "--progress", "lines");
    }

    @Test
    void savesAsAModelFileOfItsValuesPlusAFewKilobytes() throws IOException {
        assertEquals(0, train.exitCode(), train::describe);
        long raw = PARAMETERS * Double.BYTES;
        long size = Files.size(dir.resolve("big.nn"));

        assertTrue(size >= raw && size <= raw + raw / 20 + 16 * 1024, "big.nn is " + size + " bytes for " + raw
                + " bytes of values");
    }

    @Test
    void loadsAgainAndPredicts() {
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result predict = NnProcess.in(dir).run("predict", "big.nn", "--input", "data.csv");

        assertEquals(0, predict.exitCode(), predict::describe);
        assertEquals(ROWS + 1, predict.stdout().strip().lines().count(), predict::describe);
    }

    @Test
    void aHeapTooSmallForTheModelIsOneMessageNamingTheHeap() {
        assertEquals(0, train.exitCode(), train::describe);

        NnProcess.Result predict = NnProcess.in(dir).env("NN_JAVA_OPTS", "-Xmx48m").run("predict", "big.nn",
                "--input", "data.csv");

        assertTrue(predict.exitCode() == 1 || predict.exitCode() == 2, predict::describe);
        String stderr = NnProcess.withoutIncubatorWarning(predict.stderr()).strip();
        assertEquals(1, stderr.lines().count(), predict::describe);
        assertTrue(stderr.contains("nn may use at most ") && stderr.contains("NN_JAVA_OPTS=-Xmx"),
                predict::describe);
        assertFalse(stderr.contains("\tat "), predict::describe);
    }
}
