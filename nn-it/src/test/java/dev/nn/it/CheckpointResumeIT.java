package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints and resume, through the packaged CLI: a run killed with SIGKILL at a random epoch (the seed is printed
 * so that a failure can be replayed) and resumed from its newest checkpoint ends bit for bit as the uninterrupted
 * run: the same saved model, the same metrics file, the same final checkpoint (parameters, batch-norm statistics and
 * optimizer state), with shuffling and dropout, for sgd with Nesterov momentum, for adam, for adamw under
 * reduce_on_plateau (whose state the checkpoint carries) and for rmsprop under a per-update cosine, both clipping. A SIGTERM writes a
 * checkpoint at the exact batch, resumed bit for bit too, and the model saved on the signal holds the last finished
 * epoch's parameters, which its final_metrics describe. A changed spec, changed data and a cut checkpoint are
 * refused; only the newest {@code keep} checkpoints stay.
 */
final class CheckpointResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINE = Pattern.compile("\"epoch\":(\\d+)");

    /** A classifier of 8 CSV columns into 3 classes with batch norm and dropout; epochs, optimizer, checkpoints. */
    private static final String SPEC = """
            name: resumable
            seed: 7
            input: 8
            layers:
              - units: 24
                activation: relu
              - type: batch_norm
              - type: dropout
                rate: 0.3
              - units: 3
                activation: softmax
            loss: cross_entropy
            optimizer: %s
            training:
              epochs: %d
              batch_size: 16
              shuffle: true
              validation_split: 0.2
              checkpoint: {dir: ck, every_epochs: %d, keep: 2}
            data:
              train: {format: csv, path: train.csv, label: label}
            """;
    private static final String ONE_SAMPLE = "f1,f2,f3,f4,f5,f6,f7,f8\n0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8\n";
    private static final String SGD = "{name: sgd, learning_rate: 0.02, momentum: 0.9, nesterov: true}";
    private static final String ADAM = "{name: adam, learning_rate: 0.003}";
    /** reduce_on_plateau's counters and reduced rate live in the checkpoint; gradients clipped by norm. */
    private static final String ADAMW_PLATEAU = "{name: adamw, learning_rate: 0.003, clip_norm: 1.0, schedule: "
            + "{name: reduce_on_plateau, patience: 2, factor: 0.5, min_learning_rate: 0.0001}}";
    /** A per-update cosine after a warm-up, a function of the update's position; gradients clipped by value. */
    private static final String RMSPROP_COSINE = "{name: rmsprop, learning_rate: 0.001, momentum: 0.5, "
            + "clip_value: 0.5, schedule: {name: cosine, interval: step, warmup_epochs: 5}}";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam", "adamw_plateau in float32", "rmsprop_cosine"})
    void aRunKilledAtARandomMomentAndResumedEndsBitForBitAsTheUninterruptedOne(String optimizer, @TempDir Path dir)
            throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("CheckpointResumeIT " + optimizer + ": kill seed " + seed);
        int epochs = 1500;
        int everyEpochs = 25;
        // Killed after the first checkpoint (at the end of epoch everyEpochs), so that there is one to resume from.
        int killAt = everyEpochs + 1 + new SplittableRandom(seed).nextInt(epochs - 200);
        writeSpec(dir, "spec.yaml", switch (optimizer) {
            case "sgd" -> SGD;
            case "adam" -> ADAM;
            case "adamw_plateau in float32" -> ADAMW_PLATEAU;
            default -> RMSPROP_COSINE;
        }, epochs, everyEpochs);
        if (optimizer.endsWith("float32")) { // float32 tensors in the checkpoints, optimizer state in float64
            Files.writeString(dir.resolve("spec.yaml"), "dtype: float32\n" + Files.readString(dir.resolve("spec.yaml")));
        }
        writeData(dir.resolve("train.csv"), 400);
        NnProcess.Result straight = NnProcess.in(dir).timeout(Duration.ofMinutes(5)).run("train", "spec.yaml",
                "--checkpoint", "straight-ck", "--metrics", "straight.jsonl", "--save", "straight.nn");
        assertEquals(0, straight.exitCode(), straight::describe);

        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--metrics", "m.jsonl", "--save",
                "final.nn", "--progress", "lines")) {
            nn.awaitWhileRunning(killAt + " epochs (seed " + seed + ")", Duration.ofMinutes(5),
                    () -> epochsIn(dir.resolve("m.jsonl")) >= killAt);
            nn.kill();
        }
        assertFalse(Files.exists(dir.resolve("final.nn")), "seed " + seed);
        NnProcess.Result resumed = NnProcess.in(dir).timeout(Duration.ofMinutes(5)).run("train", "spec.yaml",
                "--resume", "ck", "--metrics", "m.jsonl", "--save", "final.nn");

        assertEquals(0, resumed.exitCode(), () -> "seed " + seed + ": " + resumed.describe());
        assertTrue(resumed.stderr().startsWith("resuming from ck" + java.io.File.separator + "epoch-"),
                resumed::describe);
        // Every value but each epoch's wall-clock seconds, the one that differs between runs.
        assertTrue(MetricsLines.everyLineTimed(dir.resolve("straight.jsonl")), "seed " + seed);
        assertEquals(MetricsLines.withoutTime(dir.resolve("straight.jsonl")),
                MetricsLines.withoutTime(dir.resolve("m.jsonl")), "seed " + seed);
        assertSameEntries(dir.resolve("straight.nn"), dir.resolve("final.nn"), seed, "tensors.safetensors");
        String last = String.format(Locale.ROOT, "epoch-%04d.nn", epochs);
        assertSameCheckpoint(dir.resolve("straight-ck").resolve(last), dir.resolve("ck").resolve(last), seed);
        if (optimizer.equals("adamw_plateau")) {
            assertSameEntries(dir.resolve("straight-ck").resolve(last), dir.resolve("ck").resolve(last), seed,
                    "schedule.safetensors");
            assertTrue(Files.readString(dir.resolve("m.jsonl")).contains("\"learning_rate\":0.0015"),
                    "the plateau halved the rate at least once: seed " + seed);
        }
    }

    @Test
    void aSigtermMidEpochWritesACheckpointThatResumesBitForBitAndSavesTheLastFinishedEpoch(@TempDir Path dir)
            throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("CheckpointResumeIT SIGTERM: seed " + seed);
        int epochs = 1500;
        int stopAt = 20 + new SplittableRandom(seed).nextInt(epochs - 200);
        // no checkpoint but the signal's (and the last)
        writeSpec(dir, "spec.yaml", ADAMW_PLATEAU, epochs, 100_000);
        writeData(dir.resolve("train.csv"), 400);
        NnProcess.Result straight = NnProcess.in(dir).timeout(Duration.ofMinutes(5)).run("train", "spec.yaml",
                "--checkpoint", "straight-ck", "--metrics", "straight.jsonl", "--save", "straight.yaml");
        assertEquals(0, straight.exitCode(), straight::describe);

        NnProcess.Result stopped;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--metrics", "m.jsonl", "--save",
                "stopped.yaml", "--progress", "lines")) {
            nn.awaitWhileRunning(stopAt + " epochs (seed " + seed + ")", Duration.ofMinutes(5),
                    () -> epochsIn(dir.resolve("m.jsonl")) >= stopAt);
            nn.signal("TERM");
            stopped = nn.finish(Duration.ofMinutes(2));
        }
        assertEquals(130, stopped.exitCode(), stopped::describe);
        List<Path> written = checkpoints(dir.resolve("ck"));
        assertEquals(1, written.size(), stopped::describe);
        Matcher name = Pattern.compile("epoch-(\\d{4})-batch-(\\d{6})\\.nn")
                .matcher(written.get(0).getFileName().toString());
        assertTrue(name.matches(), written::toString);
        int finished = epochsIn(dir.resolve("m.jsonl"));
        assertEquals(finished + 1, Integer.parseInt(name.group(1)), stopped::describe);
        assertTrue(stopped.stderr().contains("checkpoint written to "), stopped::describe);
        assertTrue(stopped.stderr().contains("the parameters kept are those of epoch " + finished
                + ", the last finished one"), stopped::describe);
        JsonNode provenance = provenance(dir.resolve("stopped.yaml"));
        assertEquals(finished, provenance.get("final_metrics_epoch").intValue(), provenance::toString);
        JsonNode lastLine = JSON.readTree(Files.readAllLines(dir.resolve("m.jsonl")).get(finished - 1));
        assertEquals(lastLine.get("loss").doubleValue(), provenance.get("final_metrics").get("loss").doubleValue());
        assertEquals(lastLine.get("val_loss").doubleValue(),
                provenance.get("final_metrics").get("val_loss").doubleValue());
        // The model saved on the signal is the one the uninterrupted run had after that epoch: its metrics and
        // those of the straight run's same epoch are the same numbers.
        assertEquals(MetricsLines.withoutTime(dir.resolve("straight.jsonl")).get(finished - 1),
                MetricsLines.withoutTime(dir.resolve("m.jsonl")).get(finished - 1));

        Files.writeString(dir.resolve("one.csv"), ONE_SAMPLE);
        NnProcess.Result predict = NnProcess.in(dir).run("predict", written.get(0).toString(), "--input", "one.csv");
        assertEquals(0, predict.exitCode(), predict::describe); // a mid-epoch checkpoint is a model too

        NnProcess.Result resumed = NnProcess.in(dir).timeout(Duration.ofMinutes(5)).run("train", "spec.yaml",
                "--resume", written.get(0).toString(), "--metrics", "m.jsonl", "--save", "final.yaml");

        assertEquals(0, resumed.exitCode(), resumed::describe);
        assertEquals(MetricsLines.withoutTime(dir.resolve("straight.jsonl")),
                MetricsLines.withoutTime(dir.resolve("m.jsonl")));
        assertEquals(modelWithoutTimestamps(dir.resolve("straight.yaml")),
                modelWithoutTimestamps(dir.resolve("final.yaml")));
        String last = String.format(Locale.ROOT, "epoch-%04d.nn", epochs);
        assertSameCheckpoint(dir.resolve("straight-ck").resolve(last), dir.resolve("ck").resolve(last), seed);
        // adamw under reduce_on_plateau: the plateau's counters and rate cross the mid-epoch stop too
        assertSameEntries(dir.resolve("straight-ck").resolve(last), dir.resolve("ck").resolve(last), seed,
                "schedule.safetensors");
        assertTrue(Files.readString(dir.resolve("m.jsonl")).contains("\"learning_rate\":0.0015"),
                "the plateau halved the rate at least once: seed " + seed);
    }

    @Test
    void resumingWithAChangedSpecChangedDataOrACutCheckpointIsRefused(@TempDir Path dir) throws IOException {
        writeSpec(dir, "spec.yaml", SGD, 6, 2);
        writeData(dir.resolve("train.csv"), 100);
        NnProcess.Result trained = NnProcess.in(dir).run("train", "spec.yaml");
        assertEquals(0, trained.exitCode(), trained::describe);
        writeSpec(dir, "other.yaml", SGD, 6, 2);
        Files.writeString(dir.resolve("other.yaml"), Files.readString(dir.resolve("other.yaml"))
                .replace("batch_size: 16", "batch_size: 32").replace("rate: 0.3", "rate: 0.4"));

        NnProcess.Result changedSpec = NnProcess.in(dir).run("train", "other.yaml", "--resume", "ck");

        assertEquals(2, changedSpec.exitCode(), changedSpec::describe);
        assertTrue(changedSpec.stderr().contains("layers[2].rate: 0.3 in the checkpoint, 0.4 in other.yaml; "
                + "training.batch_size: 16 in the checkpoint, 32 in other.yaml"), changedSpec::describe);
        assertFalse(changedSpec.stderr().contains("\tat "), changedSpec::describe);

        Path checkpoint = checkpoints(dir.resolve("ck")).get(1);
        byte[] whole = Files.readAllBytes(checkpoint);
        Path cut = dir.resolve("cut.nn");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 100));
        NnProcess.Result damaged = NnProcess.in(dir).run("train", "spec.yaml", "--resume", "cut.nn");
        assertEquals(2, damaged.exitCode(), damaged::describe);
        assertTrue(damaged.stderr().startsWith("error: cut.nn"), damaged::describe);

        Files.writeString(dir.resolve("train.csv"), Files.readString(dir.resolve("train.csv")) + "0.5,0.5,0.5,0.5,"
                + "0.5,0.5,0.5,0.5,b\n");
        NnProcess.Result changedData = NnProcess.in(dir).run("train", "spec.yaml", "--resume", "ck");
        assertEquals(2, changedData.exitCode(), changedData::describe);
        assertTrue(changedData.stderr().contains("data file train.csv changed since the checkpoint"),
                changedData::describe);
    }

    @Test
    void onlyTheNewestKeepCheckpointsStayAndEachIsAModelThatPredicts(@TempDir Path dir) throws IOException {
        writeSpec(dir, "spec.yaml", ADAM, 9, 2);
        writeData(dir.resolve("train.csv"), 100);

        NnProcess.Result trained = NnProcess.in(dir).run("train", "spec.yaml");

        assertEquals(0, trained.exitCode(), trained::describe);
        assertEquals(List.of("epoch-0008.nn", "epoch-0009.nn"),
                checkpoints(dir.resolve("ck")).stream().map(p -> p.getFileName().toString()).toList());
        Files.writeString(dir.resolve("one.csv"), ONE_SAMPLE);
        NnProcess.Result predict = NnProcess.in(dir).run("predict", "ck/epoch-0008.nn", "--input", "one.csv");
        assertEquals(0, predict.exitCode(), predict::describe);
    }

    @Test
    void noOutputMayReplaceTheCheckpointBeingResumed(@TempDir Path dir) throws IOException {
        writeSpec(dir, "spec.yaml", ADAM, 3, 2);
        writeData(dir.resolve("train.csv"), 100);
        NnProcess.Result trained = NnProcess.in(dir).run("train", "spec.yaml");
        assertEquals(0, trained.exitCode(), trained::describe);
        Path newest = dir.resolve("ck").resolve("epoch-0003.nn");
        byte[] before = Files.readAllBytes(newest);

        for (String option : List.of("--save", "--metrics")) {
            NnProcess.Result resumed = NnProcess.in(dir).run("train", "spec.yaml", "--resume", "ck", option,
                    "ck/epoch-0003.nn");

            assertEquals(2, resumed.exitCode(), resumed::describe);
            assertTrue(resumed.stderr().contains(option + " ck/epoch-0003.nn is the checkpoint"), resumed::describe);
            assertArrayEquals(before, Files.readAllBytes(newest), option);
        }
    }

    @Test
    void afterAnEarlyStoppingRestoreTheFinalMetricsAreTheRestoredEpochs(@TempDir Path dir) throws IOException {
        writeSpec(dir, "spec.yaml", "{name: adam, learning_rate: 0.05}", 200, 1000);
        Files.writeString(dir.resolve("spec.yaml"), Files.readString(dir.resolve("spec.yaml")).replace(
                "  shuffle: true\n", "  shuffle: true\n  early_stopping: {monitor: val_loss, patience: 3}\n"));
        writeData(dir.resolve("train.csv"), 100);

        NnProcess.Result trained = NnProcess.in(dir).run("train", "spec.yaml", "--metrics", "m.jsonl", "--save",
                "model.yaml");

        assertEquals(0, trained.exitCode(), trained::describe);
        JsonNode provenance = provenance(dir.resolve("model.yaml"));
        assertTrue(provenance.has("restored_epoch"), provenance::toString);
        int restored = provenance.get("restored_epoch").intValue();
        assertTrue(restored < epochsIn(dir.resolve("m.jsonl")), provenance::toString);
        assertEquals(restored, provenance.get("final_metrics_epoch").intValue(), provenance::toString);
        JsonNode line = JSON.readTree(Files.readAllLines(dir.resolve("m.jsonl")).get(restored - 1));
        assertEquals(line.get("val_loss").doubleValue(), provenance.get("final_metrics").get("val_loss").doubleValue());
        assertEquals(line.get("loss").doubleValue(), provenance.get("final_metrics").get("loss").doubleValue());
    }

    /**
     * A plugin optimizer built against SPI 2, without {@code StatefulOptimizer}: it still trains, but checkpoints
     * and resume refuse it, naming it, rather than write checkpoints that could not continue bit for bit.
     */
    @Test
    void aPluginOptimizerThatCannotSaveItsStateIsRefusedForCheckpointsButStillTrains(@TempDir Path dir)
            throws IOException {
        Path plugins = dir.resolve("plugins");
        PluginJars.builder()
                .source("com.example.PlainProvider", """
                        package com.example;

                        import dev.nn.spi.ComponentParameters;
                        import dev.nn.spi.Optimizer;
                        import dev.nn.spi.OptimizerProvider;
                        import dev.nn.spi.Parameter;

                        public final class PlainProvider implements OptimizerProvider {
                            @Override
                            public String name() {
                                return "plain";
                            }

                            @Override
                            public Optimizer create(ComponentParameters parameters) {
                                return list -> {
                                    for (Parameter p : list) {
                                        for (int i = 0; i < p.value().size(); i++) {
                                            p.value().data()[i] -= 0.01 * p.gradient().data()[i];
                                        }
                                    }
                                };
                            }
                        }
                        """)
                .service("dev.nn.spi.OptimizerProvider", "com.example.PlainProvider")
                .manifest(PluginJars.SPI_VERSION, "2")
                .write(plugins.resolve("plain.jar"));
        writeSpec(dir, "spec.yaml", "plain", 3, 1);
        Files.writeString(dir.resolve("spec.yaml"), Files.readString(dir.resolve("spec.yaml"))
                .replace("  checkpoint: {dir: ck, every_epochs: 1, keep: 2}\n", ""));
        writeData(dir.resolve("train.csv"), 60);

        NnProcess.Result plain = NnProcess.in(dir).run("train", "spec.yaml", "--plugins", plugins.toString());
        NnProcess.Result checkpointed = NnProcess.in(dir).run("train", "spec.yaml", "--plugins", plugins.toString(),
                "--checkpoint", "ck");

        assertEquals(0, plain.exitCode(), plain::describe);
        assertEquals(2, checkpointed.exitCode(), checkpointed::describe);
        assertTrue(checkpointed.stderr().contains("error: optimizer 'plain' cannot save its state (it does not "
                + "implement dev.nn.spi.StatefulOptimizer)"), checkpointed::describe);
        assertFalse(Files.exists(dir.resolve("ck")), checkpointed::describe);
    }

    private static void writeSpec(Path dir, String name, String optimizer, int epochs, int everyEpochs)
            throws IOException {
        Files.writeString(dir.resolve(name), String.format(Locale.ROOT, SPEC, optimizer, epochs, everyEpochs));
    }

    /** {@code rows} seeded samples: 8 features in [0, 1), the class the nearest of three centres. */
    private static void writeData(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder csv = new StringBuilder("f1,f2,f3,f4,f5,f6,f7,f8,label\n");
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < 8; c++) {
                double x = random.nextDouble();
                sum += x * (c % 3 == 0 ? 1 : -0.5);
                csv.append(String.format(Locale.ROOT, "%.4f,", x));
            }
            csv.append(sum < -0.3 ? "a" : sum < 0.4 ? "b" : "c").append('\n');
        }
        Files.writeString(file, csv);
    }

    /** The finished epochs in a metrics file: the epoch of its last whole line, 0 without one. */
    private static int epochsIn(Path metrics) {
        try {
            if (!Files.exists(metrics)) {
                return 0;
            }
            String text = Files.readString(metrics, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return 0;
            }
            int start = text.lastIndexOf('\n', end - 1) + 1;
            Matcher matcher = LINE.matcher(text.substring(start, end));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | UncheckedIOException e) {
            return 0; // replaced while read
        }
    }

    private static List<Path> checkpoints(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("epoch-.*\\.nn")).sorted().toList();
        }
    }

    /** The saved model's text without the lines that differ from run to run (the time, the integrity hash). */
    private static String modelWithoutTimestamps(Path model) throws IOException {
        return String.join("\n", Files.readAllLines(model).stream()
                .filter(line -> !line.contains("trained_at:") && !line.startsWith("# integrity:")).toList());
    }

    private static JsonNode provenance(Path model) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        return yaml.readTree(model.toFile()).get("metadata").get("provenance");
    }

    /** The entries that hold what training computed are byte for byte the same. */
    private static void assertSameCheckpoint(Path expected, Path actual, long seed) throws IOException {
        assertSameEntries(expected, actual, seed, "tensors.safetensors", "optimizer.safetensors", "training.json");
    }

    private static void assertSameEntries(Path expected, Path actual, long seed, String... entries)
            throws IOException {
        try (ZipFile want = new ZipFile(expected.toFile()); ZipFile got = new ZipFile(actual.toFile())) {
            for (String entry : entries) {
                assertArrayEquals(want.getInputStream(want.getEntry(entry)).readAllBytes(),
                        got.getInputStream(got.getEntry(entry)).readAllBytes(), entry + ", seed " + seed);
            }
        }
    }
}
