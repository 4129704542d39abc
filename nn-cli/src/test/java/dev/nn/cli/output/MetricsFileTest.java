package dev.nn.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.train.EpochReport;
import dev.nn.train.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MetricsFileTest {
    /** Losses whose shortest decimal forms are long or in exponent notation. */
    private static final double[] LOSSES = {0.1 + 0.2, 1.0 / 3, Math.PI * 1e-12, 123456.78901234567, Double.MIN_NORMAL};

    @TempDir
    Path folder;

    @Test
    void everyLossReadsBackToTheExactDouble() throws IOException {
        Path target = folder.resolve("metrics.jsonl");
        MetricsFile metrics = new MetricsFile(target, new EpochTimer());

        for (int i = 0; i < LOSSES.length; i++) {
            metrics.onEpoch(new EpochReport(i + 1, LOSSES.length, LOSSES[i], OptionalDouble.empty()));
        }

        List<String> lines = Files.readAllLines(target);
        assertEquals(LOSSES.length, lines.size());
        for (int i = 0; i < LOSSES.length; i++) {
            assertEquals(Double.doubleToRawLongBits(LOSSES[i]),
                    Double.doubleToRawLongBits(Double.parseDouble(value(lines.get(i), "loss"))), lines.get(i));
            assertEquals(String.valueOf(i + 1), value(lines.get(i), "epoch"));
        }
    }

    @Test
    void eachLineEndsWithTheEpochsWallClockSecondsToTheMillisecond() throws IOException {
        Path target = folder.resolve("metrics.jsonl");
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        EpochTimer timer = new EpochTimer(clock::get);
        MetricsFile metrics = new MetricsFile(target, timer);

        clock.addAndGet(1_234_567_890L);
        EpochReport first = new EpochReport(1, 2, 0.5, OptionalDouble.of(0.75));
        timer.onEpoch(first);
        metrics.onEpoch(first);
        clock.addAndGet(250_000_000L);
        EpochReport second = new EpochReport(2, 2, 0.25, OptionalDouble.of(1));
        timer.onEpoch(second);
        metrics.onEpoch(second);

        assertEquals(List.of("{\"epoch\":1,\"loss\":0.5,\"accuracy\":0.75,\"seconds\":1.235}",
                "{\"epoch\":2,\"loss\":0.25,\"accuracy\":1.0,\"seconds\":0.25}"), Files.readAllLines(target));
    }

    @Test
    void accuracyAndValidationMetricsAreWrittenOnlyWhenPresent() throws IOException {
        Path target = folder.resolve("metrics.jsonl");
        MetricsFile metrics = new MetricsFile(target, new EpochTimer());

        metrics.onEpoch(new EpochReport(1, 2, 0.5, OptionalDouble.empty()));
        metrics.onEpoch(new EpochReport(2, 2, 0.25, OptionalDouble.of(2.0 / 3),
                Optional.of(new Metrics(0.125, OptionalDouble.of(0.75)))));

        List<String> lines = Files.readAllLines(target);
        assertEquals("{\"epoch\":1,\"loss\":0.5}", lines.get(0));
        assertEquals(2.0 / 3, Double.parseDouble(value(lines.get(1), "accuracy")));
        assertEquals(0.125, Double.parseDouble(value(lines.get(1), "val_loss")));
        assertEquals(0.75, Double.parseDouble(value(lines.get(1), "val_accuracy")));
        assertFalse(lines.get(0).contains("accuracy"), lines.get(0));
    }

    @Test
    void theFileHoldsEveryFinishedEpochAfterEachEpoch() throws IOException {
        Path target = folder.resolve("metrics.jsonl");
        MetricsFile metrics = new MetricsFile(target, new EpochTimer());

        metrics.onEpoch(new EpochReport(1, 3, 0.5, OptionalDouble.empty()));
        List<String> afterOne = Files.readAllLines(target);
        metrics.onEpoch(new EpochReport(2, 3, 0.25, OptionalDouble.empty()));
        List<String> afterTwo = Files.readAllLines(target);

        assertEquals(1, afterOne.size());
        assertEquals(2, afterTwo.size());
        assertEquals(afterOne.get(0), afterTwo.get(0));
        assertTrue(Files.readString(target).endsWith("\n"));
    }

    @Test
    void anUnwritableTargetFailsNamingTheFile() throws IOException {
        Path directory = Files.createDirectory(folder.resolve("metrics.jsonl"));
        Files.writeString(directory.resolve("keep"), "x");
        MetricsFile metrics = new MetricsFile(directory, new EpochTimer());

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> metrics.onEpoch(new EpochReport(1, 1, 0.5, OptionalDouble.empty())));

        assertTrue(e.getMessage().contains(directory.toString()), e.getMessage());
    }

    @Test
    void eachEpochWritesOnlyItsOwnLineToTheSameFile() throws IOException {
        Path target = folder.resolve("metrics.jsonl");
        long[] written = {0};
        List<Long> perEpoch = new java.util.ArrayList<>();
        List<Object> inodes = new java.util.ArrayList<>();
        try (MetricsFile metrics = new MetricsFile(target, new EpochTimer(), out -> new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                written[0] += length;
                out.write(bytes, offset, length);
            }

            @Override
            public void write(int b) throws IOException {
                written[0]++;
                out.write(b);
            }
        })) {
            for (int epoch = 1; epoch <= 200; epoch++) {
                long before = written[0];
                metrics.onEpoch(new EpochReport(epoch, 200, 0.5, OptionalDouble.of(0.25)));
                perEpoch.add(written[0] - before);
                inodes.add(Files.getAttribute(target, "unix:ino"));
            }
        }

        List<String> lines = Files.readAllLines(target);
        assertEquals(200, lines.size());
        for (int epoch = 1; epoch <= 200; epoch++) {
            assertEquals(lines.get(epoch - 1).length() + 1, perEpoch.get(epoch - 1), "bytes written by epoch " + epoch);
        }
        assertEquals(1, inodes.stream().distinct().count(), "the file was replaced after the first epoch");
    }

    @Test
    void anExistingFileStaysAsItWasUntilTheFirstEpochFinishes() throws IOException {
        Path target = Files.writeString(folder.resolve("metrics.jsonl"), "{\"epoch\":1,\"loss\":9.0}\n");

        try (MetricsFile metrics = new MetricsFile(target, new EpochTimer())) {
            assertEquals("{\"epoch\":1,\"loss\":9.0}\n", Files.readString(target));
            metrics.onEpoch(new EpochReport(1, 2, 0.5, OptionalDouble.empty()));
            assertEquals("{\"epoch\":1,\"loss\":0.5}\n", Files.readString(target));
        }
        assertEquals(List.of(target), Files.list(folder).toList());
    }

    /** The raw JSON token of {@code key} in a one-line object. */
    private static String value(String line, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([^,}]+)").matcher(line);
        assertTrue(m.find(), key + " missing from " + line);
        return m.group(1);
    }
}
