package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nn.cli.support.StopSignals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training that stops before its last epoch: interrupted by SIGTERM, Ctrl-C (SIGINT) or a hang-up (SIGHUP), sent to
 * nn or to its whole process group, it finishes the current batch, writes the metrics so far and the {@code --save}
 * of the current model, says so and exits 130; before training it exits 130 at once having written nothing; after
 * training (test evaluation, save) it finishes and exits 130; a second signal quits at once and leaves no file
 * half-written. Diverging to NaN or infinity, it stops at that batch with a message naming the epoch and the batch
 * and a hint, exits 1, and the files written before stay intact.
 */
final class InterruptTrainingIT {
    private static final int SIGINT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Trains for hours: only a signal ends it. */
    private static final String ENDLESS = """
            name: endless
            seed: 1
            input: 3
            layers:
              - units: 8
                activation: tanh
              - units: 3
                activation: softmax
            loss: cross_entropy
            optimizer: {name: sgd, learning_rate: 0.05}
            training:
              epochs: 100000000
              batch_size: 2
            data:
              train:
                inputs: [[0.2, 0.4, 0.1], [0.7, 0.3, 0.8], [0.1, 0.9, 0.5], [0.6, 0.6, 0.2]]
                targets: [[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]]
            """;

    /** A classifier of four CSV columns into x, y, z: hidden units, the training CSV and the test CSV. */
    private static final String CLASSIFIER = """
            name: classifier
            seed: 1
            input: 4
            layers:
              - units: %d
                activation: tanh
              - units: %<d
                activation: tanh
              - units: 3
                activation: softmax
            loss: cross_entropy
            optimizer: sgd
            training:
              epochs: 1
              batch_size: 10
            data:
              train: {format: csv, path: %s, label: label}
              test: {format: csv, path: %s, label: label}
            """;
    /**
     * 4,008,002 parameters: a 108 MB model whose save takes about a second, and whose test evaluation (with
     * {@link #bigModelWithTestSet()}) takes seconds.
     */
    private static final String BIG_MODEL = """
            name: big
            seed: 3
            input: 2
            layers:
              - units: 2000
                activation: relu
              - units: 2000
                activation: relu
              - units: 2
            loss: mse
            optimizer: sgd
            training:
              epochs: 1
            data:
              train:
                inputs: [[0.1, 0.2]]
                targets: [[0.3, 0.4]]
            """;
    private static final int BIG_MODEL_TEST_SAMPLES = 40000;
    private static final long BIG_MODEL_PARAMETERS = 2 * 2000 + 2000 + 2000 * 2000 + 2000 + 2000 * 2 + 2;
    private static final Pattern NUMBER_LINE = Pattern.compile("^\\s*(- )+-?[0-9][0-9.Ee+-]*$");
    private static final Pattern TEMPORARY_FILE = Pattern.compile("^\\..*\\.tmp$");

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT", "HUP"})
    void aSignalStopsAfterTheBatchWritesWhatWasAskedForAndExits130(String signal, @TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), ENDLESS);
        Path metrics = dir.resolve("m.jsonl");
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--metrics", "m.jsonl", "--save",
                "model.yaml", "--progress", "lines")) {
            if (signal.equals("INT")) {
                Assumptions.assumeFalse(nn.ignores(SIGINT), "this test runs from a background job, whose children "
                        + "inherit SIGINT ignored; Java cannot handle a signal ignored at its start");
            }
            nn.awaitWhileRunning("two lines in m.jsonl", Duration.ofSeconds(60), () -> lines(metrics) >= 2);
            nn.signal(signal);
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        // The launcher exec's the JVM, so the signal reaches it as sent.
        assertEquals(1, count(run.stderr(), "SIG" + signal + ": stopping after the current batch (again to quit at "
                + "once)"), run::describe);
        assertSavedAfterAnInterrupt(run, dir, metrics);
    }

    @Test
    void aSignalToTheWholeProcessGroupIsOneRequest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), ENDLESS);
        Path metrics = dir.resolve("m.jsonl");
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.startUnder(List.of("setsid", "--wait"), dir, "train", "spec.yaml",
                "--metrics", "m.jsonl", "--save", "model.yaml", "--progress", "lines")) {
            nn.awaitWhileRunning("two lines in m.jsonl", Duration.ofSeconds(60), () -> lines(metrics) >= 2);
            nn.signalGroup("TERM");
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertEquals(1, count(run.stderr(), "SIGTERM: stopping after the current batch"), run::describe);
        assertFalse(run.stderr().contains("quitting now"), run::describe);
        assertSavedAfterAnInterrupt(run, dir, metrics);
    }

    /**
     * A real hang-up: nn runs on a pseudo-terminal ({@code script}), whose other end closes; the kernel sends SIGHUP
     * to nn, which leads the terminal's session. What nn prints is gone with the terminal; the files are not.
     */
    @Test
    void aTerminalHangUpStopsTrainingAndTheModelIsSaved(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1) to make a terminal");
        Files.writeString(dir.resolve("spec.yaml"), ENDLESS);
        Path metrics = dir.resolve("m.jsonl");
        try (BackgroundNn nn = BackgroundNn.startUnder(List.of("sh", "-c", "exec script -qfec \"$*\" /dev/null",
                "sh"), dir, "train", "spec.yaml", "--metrics", "m.jsonl", "--save", "model.yaml", "--progress",
                "lines")) {
            nn.awaitWhileRunning("two lines in m.jsonl", Duration.ofSeconds(60), () -> lines(metrics) >= 2);
            ProcessHandle jvm = nn.jvm().orElseThrow(() -> new AssertionError("no JVM"));
            nn.killStarted();
            jvm.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }

        long epochs = lines(metrics);
        assertCompleteMetrics(metrics, (int) epochs);
        assertValidModel(dir, "3-8-3");
        assertEquals(List.of(), temporaryFiles(dir));
    }

    /**
     * GNU timeout sends SIGTERM to nn and then to its whole group: the two are one request, not "quit now". Five
     * seconds are enough to be training (nn starts in well under one) unless the machine is swamped; then the signal
     * lands before training, which must be one request too.
     */
    @Test
    void timeoutStopsTrainingAndTheModelIsSaved(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), ENDLESS);
        Path metrics = dir.resolve("m.jsonl");
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.startUnder(List.of("timeout", "--preserve-status", "-s", "TERM", "5"),
                dir, "train", "spec.yaml", "--metrics", "m.jsonl", "--save", "model.yaml", "--progress", "lines")) {
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        // one request: one "stopping" (or "before training") line, the "stopped after epoch" line aside
        assertEquals(1, count(run.stderr(), "SIGTERM") - count(run.stderr(), "SIGTERM: stopped after epoch "),
                run::describe);
        assertFalse(run.stderr().contains("quitting now"), run::describe);
        if (run.stdout().isEmpty()) { // before training: nothing written
            assertFalse(Files.exists(metrics), run::describe);
            assertFalse(Files.exists(dir.resolve("model.yaml")), run::describe);
        } else {
            assertTrue(run.stderr().contains("SIGTERM: stopping after the current batch"), run::describe);
            assertSavedAfterAnInterrupt(run, dir, metrics);
        }
    }

    @Test
    void aSignalWhileTheDataIsReadExitsAt130AtOnceHavingWrittenNothing(@TempDir Path dir) throws IOException {
        writeCsv(dir.resolve("train.csv"), 1_500_000);
        writeCsv(dir.resolve("test.csv"), 1_500_000);
        Files.writeString(dir.resolve("spec.yaml"), CLASSIFIER.formatted(1, "train.csv", "test.csv"));
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--metrics", "m.jsonl", "--save",
                "model.yaml", "--progress", "lines")) {
            nn.awaitWhileRunning("nn reading train.csv", Duration.ofSeconds(60), () -> nn.hasOpen("train.csv"));
            nn.terminate();
            // Exiting at once: the load goes no further (test.csv is read after train.csv).
            while (nn.isAlive()) {
                assertFalse(nn.hasOpen("test.csv"), "nn went on reading the data after SIGTERM");
                BackgroundNn.pause();
            }
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("SIGTERM before training started: nothing was written"), run::describe);
        assertEquals("reading train.csv, test.csv (77 MB) ...\n", run.stdout(), "only the line that says the data is "
                + "being read: " + run.describe());
        assertFalse(Files.exists(dir.resolve("m.jsonl")), run::describe);
        assertFalse(Files.exists(dir.resolve("model.yaml")), run::describe);
        assertEquals(List.of(), temporaryFiles(dir));
        assertNoStackTrace(run);
    }

    /** Commands other than train quit at once, with the same exit code and a message, not the JVM's 143. */
    @Test
    void aSignalToAnotherCommandQuitsAt130WithAMessage(@TempDir Path dir) throws IOException {
        writeCsv(dir.resolve("train.csv"), 1_500_000);
        Files.writeString(dir.resolve("spec.yaml"), CLASSIFIER.formatted(1, "train.csv", "train.csv"));
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "validate", "spec.yaml")) {
            nn.awaitWhileRunning("nn reading train.csv", Duration.ofSeconds(60), () -> nn.hasOpen("train.csv"));
            nn.terminate();
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertEquals(List.of("", "SIGTERM: quitting; no file is left half-written"), run.stderr().lines().toList(),
                run::describe);
        assertEquals("", run.stdout(), run::describe);
    }

    @Test
    void aSignalDuringTheTestEvaluationFinishesItAndSavesTheModel(@TempDir Path dir) throws IOException {
        writeCsv(dir.resolve("train.csv"), 60);
        writeCsv(dir.resolve("test.csv"), 100_000);
        Files.writeString(dir.resolve("spec.yaml"), CLASSIFIER.formatted(256, "train.csv", "test.csv"));
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--save", "model.yaml", "--progress",
                "lines")) {
            nn.awaitWhileRunning("the last epoch's line", Duration.ofSeconds(120),
                    () -> nn.stdoutSoFar().contains("epoch 1/1"));
            nn.terminate();
            run = nn.finish(Duration.ofSeconds(120));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("SIGTERM after training: finishing the test evaluation, --save model.yaml "
                + "first, then exiting with 130 (again to quit at once)"), run::describe);
        assertTrue(run.stdout().contains("model saved to model.yaml"), run::describe);
        assertTrue(run.stdout().contains("test: loss "), run::describe);
        assertValidModel(dir, "4-256-256-3");
        assertTrue(Files.readString(dir.resolve("model.yaml"), StandardCharsets.UTF_8).contains("test_loss"),
                "the saved model lacks the test metrics");
        assertEquals(List.of(), temporaryFiles(dir));
        assertNoStackTrace(run);
    }

    @Test
    void aSecondSignalDuringTheTestEvaluationQuitsAndLeavesTheOldModel(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), bigModelWithTestSet());
        String previousModel = "# a model saved before; it must survive\n";
        Files.writeString(dir.resolve("model.yaml"), previousModel);
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--save", "model.yaml", "--progress",
                "lines")) {
            nn.awaitWhileRunning("the last epoch's line", Duration.ofSeconds(120),
                    () -> nn.stdoutSoFar().contains("epoch 1/1"));
            nn.terminate();
            awaitTheSameRequestWindow(nn);
            assertEquals(List.of(), temporaryFiles(dir), "the test evaluation ended within "
                    + StopSignals.SAME_REQUEST + ": too small a test set to land a second signal during it");
            nn.terminate();
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("SIGTERM after training: finishing the test evaluation, --save model.yaml "
                + "first"), run::describe);
        assertTrue(run.stderr().contains("SIGTERM again: quitting now; not done: the test evaluation, --save "
                + "model.yaml"), run::describe);
        assertFalse(run.stdout().contains("test: loss"), run::describe);
        assertEquals(previousModel, Files.readString(dir.resolve("model.yaml"), StandardCharsets.UTF_8));
        assertEquals(List.of(), temporaryFiles(dir));
        assertNoStackTrace(run);
    }

    @Test
    void aSignalDuringTheSaveFinishesItAndTheSameSignalAgainWithinTheWindowChangesNothing(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), BIG_MODEL);
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--save", "model.yaml", "--progress",
                "lines")) {
            nn.awaitWhileRunning("the save's temporary file", Duration.ofSeconds(120),
                    () -> !temporaryFiles(dir).isEmpty());
            long first = System.nanoTime();
            nn.terminate();
            // As a group signal or timeout can: the same signal once more, after the first was handled.
            nn.awaitWhileRunning("the first signal's message", Duration.ofSeconds(30),
                    () -> nn.stderrSoFar().contains("SIGTERM after training"));
            nn.terminate();
            long echo = System.nanoTime() - first;
            assertTrue(echo < StopSignals.SAME_REQUEST.toNanos(), "the second signal came " + echo / 1_000_000
                    + " ms after the first, outside the window of one request");
            assertFalse(temporaryFiles(dir).isEmpty(), "the save ended before the second signal");
            run = nn.finish(Duration.ofSeconds(120));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertEquals(1, count(run.stderr(), "SIGTERM"), run::describe);
        assertTrue(run.stderr().contains("SIGTERM after training: finishing --save model.yaml first, then exiting "
                + "with 130"), run::describe);
        assertTrue(run.stdout().contains("model saved to model.yaml"), run::describe);
        assertCompleteBigModel(dir);
        assertEquals(List.of(), temporaryFiles(dir));
        assertNoStackTrace(run);
    }

    /**
     * The first signal lands during the test evaluation, which outlasts {@link StopSignals#SAME_REQUEST}, so the
     * second, sent as soon as the save's temporary file appears, is a second request that lands during the save.
     */
    @Test
    void aSecondSignalDuringTheSaveLeavesTheOldOrTheNewCompleteModelAndNoTemporaryFile(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), bigModelWithTestSet());
        String previousModel = "# a model saved before\n";
        Files.writeString(dir.resolve("model.yaml"), previousModel);
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--save", "model.yaml", "--progress",
                "lines")) {
            nn.awaitWhileRunning("the last epoch's line", Duration.ofSeconds(120),
                    () -> nn.stdoutSoFar().contains("epoch 1/1"));
            nn.terminate();
            long secondRequest = System.nanoTime() + StopSignals.SAME_REQUEST.toNanos() + 200_000_000L;
            nn.awaitWhileRunning("the save's temporary file", Duration.ofSeconds(120),
                    () -> !temporaryFiles(dir).isEmpty());
            assertTrue(System.nanoTime() > secondRequest, "the test evaluation ended within "
                    + StopSignals.SAME_REQUEST + ": too small a test set for the next signal to be a second one");
            nn.terminate();
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("SIGTERM again: quitting now; not done: --save model.yaml"), run::describe);
        if (Files.size(dir.resolve("model.yaml")) == previousModel.length()) {
            assertEquals(previousModel, Files.readString(dir.resolve("model.yaml"), StandardCharsets.UTF_8));
        } else {
            assertCompleteBigModel(dir);
        }
        assertEquals(List.of(), temporaryFiles(dir));
        assertNoStackTrace(run);
    }

    /**
     * A plugin activation whose forward pass never returns: each signal names the call nn waits for, the first
     * cannot stop training (the batch never ends), the second quits.
     */
    @Test
    void aSignalWhileAPluginCallHangsNamesItAndASecondQuits(@TempDir Path dir) throws IOException {
        Path plugins = dir.resolve("plugins");
        PluginJars.builder()
                .source("com.example.Hang", """
                        package com.example;

                        public final class Hang {
                            /** Hangs in training; elsewhere (nn's check of its derivative) the identity. */
                            public static double forever(double x) {
                                if (StackWalker.getInstance().walk(frames -> frames.noneMatch(
                                        f -> f.getClassName().equals("dev.nn.train.Trainer")))) {
                                    return x;
                                }
                                try {
                                    java.nio.file.Files.writeString(java.nio.file.Path.of("hanging"), "");
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                                while (true) {
                                    try {
                                        Thread.sleep(1000);
                                    } catch (InterruptedException e) {
                                        // hang on
                                    }
                                }
                            }
                        }
                        """)
                .source("com.example.HangProvider", PluginSupport.activation("com.example.HangProvider", "hang",
                        "Hang.forever(x)", "1"))
                .service(PluginJars.ACTIVATION_PROVIDER, "com.example.HangProvider")
                .write(plugins.resolve("hang.jar"));
        Files.writeString(dir.resolve("spec.yaml"), PluginSupport.spec("hang", "mse"));
        NnProcess.Result run;
        try (BackgroundNn nn = BackgroundNn.start(dir, "train", "spec.yaml", "--plugins", plugins.toString(),
                "--save", "model.yaml", "--progress", "lines")) {
            nn.awaitWhileRunning("the plugin's forward pass", Duration.ofSeconds(60),
                    () -> Files.exists(dir.resolve("hanging")));
            nn.terminate();
            nn.awaitWhileRunning("the first signal's message", Duration.ofSeconds(30),
                    () -> nn.stderrSoFar().contains("waiting for "));
            awaitTheSameRequestWindow(nn);
            nn.terminate();
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        Matcher waiting = Pattern.compile("waiting for plugin hang\\.jar \\(com\\.example\\.HangProvider\\): "
                + "activation 'hang' forward, running \\d+ s").matcher(run.stderr());
        assertTrue(waiting.find(), run::describe);
        assertTrue(waiting.find(), "the second signal does not name the call:\n" + run.describe());
        assertTrue(run.stderr().contains("SIGTERM: stopping after the current batch"), run::describe);
        assertTrue(run.stderr().contains("SIGTERM again: quitting now; not done: --save model.yaml"),
                run::describe);
        assertFalse(Files.exists(dir.resolve("model.yaml")), run::describe);
        assertEquals(List.of(), temporaryFiles(dir));
    }

    /** What an interrupted run of {@link #ENDLESS} must leave: the message, the metrics and a loadable model. */
    private static void assertSavedAfterAnInterrupt(NnProcess.Result run, Path dir, Path metrics)
            throws IOException {
        Matcher said = Pattern.compile("SIG[A-Z]+: stopped after epoch (\\d+) of 100000000; writing what was asked "
                + "for, then exiting with 130").matcher(run.stderr());
        assertTrue(said.find(), run::describe);
        int epochs = Integer.parseInt(said.group(1));
        assertTrue(run.stdout().contains("metrics written to m.jsonl\nmodel saved to model.yaml\n"), run::describe);
        assertTrue(epochs >= 2, run::describe);
        assertTrue(run.stdout().contains("for " + epochs + " epochs"), run::describe);
        assertCompleteMetrics(metrics, epochs);
        NnProcess.Result validate = NnProcess.in(dir).run("validate", "model.yaml");
        assertEquals(0, validate.exitCode(), validate::describe);
        assertTrue(validate.stdout().startsWith("model.yaml: valid: 2 layers (3-8-3)"), validate::describe);
        assertEquals(List.of(), temporaryFiles(dir));
        assertNoStackTrace(run);
    }

    @Test
    void aDivergingRunStopsAtTheBatchAndLeavesTheFilesWrittenBefore(@TempDir Path dir) throws IOException {
        // w <- w - 1e150 * 2 (w x - t) x: the loss is 1, then 1.6e301, then overflows in epoch 3.
        Files.writeString(dir.resolve("spec.yaml"), """
                name: diverges
                input: 1
                layers:
                  - units: 1
                    weights: [[0.0]]
                    bias: [0.0]
                loss: mse
                optimizer: {name: sgd, learning_rate: 1.0e150}
                training:
                  epochs: 10
                data:
                  train:
                    inputs: [[1.0]]
                    targets: [[1.0]]
                """);
        String previousModel = "# a model saved before; it must survive\n";
        Files.writeString(dir.resolve("model.yaml"), previousModel);

        NnProcess.Result run = NnProcess.in(dir).run("train", "spec.yaml", "--metrics", "m.jsonl", "--save",
                "model.yaml", "--progress", "lines");

        assertEquals(1, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("error: training diverged at epoch 3, batch 1/1: the loss is Infinity"),
                run::describe);
        assertTrue(run.stderr().contains("Hint: lower the learning rate, or scale the inputs"), run::describe);
        assertCompleteMetrics(dir.resolve("m.jsonl"), 2);
        assertEquals(previousModel, Files.readString(dir.resolve("model.yaml"), StandardCharsets.UTF_8));
        assertNoStackTrace(run);
    }

    /** {@link #BIG_MODEL} with a test set of {@link #BIG_MODEL_TEST_SAMPLES} random samples. */
    private static String bigModelWithTestSet() {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder inputs = new StringBuilder();
        StringBuilder targets = new StringBuilder();
        for (int sample = 0; sample < BIG_MODEL_TEST_SAMPLES; sample++) {
            String separator = sample == 0 ? "" : ", ";
            inputs.append(separator).append('[').append(random.nextInt(1000) / 1000.0).append(", ")
                    .append(random.nextInt(1000) / 1000.0).append(']');
            targets.append(separator).append('[').append(random.nextInt(1000) / 1000.0).append(", ")
                    .append(random.nextInt(1000) / 1000.0).append(']');
        }
        return BIG_MODEL.replace("data:\n", "data:\n  test:\n    inputs: [" + inputs + "]\n    targets: [" + targets
                + "]\n");
    }

    /** Polls until {@link StopSignals#SAME_REQUEST} has passed since now, so that the next signal is a second one. */
    private static void awaitTheSameRequestWindow(BackgroundNn nn) {
        long after = System.nanoTime() + StopSignals.SAME_REQUEST.toNanos() + 200_000_000L;
        nn.awaitWhileRunning("the end of the window of one request", StopSignals.SAME_REQUEST.plusSeconds(10),
                () -> System.nanoTime() > after);
    }

    /** {@code rows} rows of four random numbers and a class x, y or z, with a header. */
    private static void writeCsv(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(rows);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("a,b,c,d,label\n");
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < 4; column++) {
                    out.write(Integer.toString(random.nextInt(100_000)));
                    out.write(',');
                }
                out.write("xyz".charAt(row % 3));
                out.write('\n');
            }
        }
    }

    /** The hidden temporary files of unfinished writes in {@code dir} ({@code .model.yaml.PID-N.tmp}). */
    private static List<String> temporaryFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> TEMPORARY_FILE.matcher(name).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code model.yaml} in {@code dir} loads, with the given shape ({@code 4-256-256-3}). */
    private static void assertValidModel(Path dir, String shape) {
        NnProcess.Result validate = NnProcess.in(dir).run("validate", "model.yaml");
        assertEquals(0, validate.exitCode(), validate::describe);
        assertTrue(validate.stdout().contains("(" + shape + ")"), validate::describe);
    }

    /**
     * {@code model.yaml} in {@code dir} is the whole {@link #BIG_MODEL}: every parameter and the provenance that
     * ends the file (the file is above the 64 MB a spec may have, so {@code nn validate} refuses to read it).
     */
    private static void assertCompleteBigModel(Path dir) throws IOException {
        Path model = dir.resolve("model.yaml");
        long numbers = 0;
        boolean layers = true;
        String last = "";
        try (BufferedReader lines = Files.newBufferedReader(model, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                layers &= !line.startsWith("loss:");
                if (layers && NUMBER_LINE.matcher(line).matches()) {
                    numbers++;
                }
                last = line;
            }
        }
        assertEquals(BIG_MODEL_PARAMETERS, numbers, "parameters in the saved model");
        assertEquals("    plugins: []", last, "the last line of the saved model");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(model.toFile(), "r")) {
            file.seek(file.length() - 1);
            assertEquals('\n', file.read(), "the saved model ends inside a line");
        }
    }

    private static long count(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }

    /** Every line of {@code file} is a whole JSON object, for epochs 1 to {@code epochs} in order. */
    private static void assertCompleteMetrics(Path file, int epochs) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "the last line is cut: " + text);
        List<String> lines = text.lines().toList();
        assertEquals(epochs, lines.size(), text);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertTrue(line.isObject(), lines.get(i));
            assertEquals(i + 1, line.get("epoch").asInt(), lines.get(i));
            assertTrue(line.get("loss").isNumber(), lines.get(i));
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).lines().count() : 0;
        } catch (IOException e) {
            return 0; // replaced while read: try again
        }
    }

    private static void assertNoStackTrace(NnProcess.Result run) {
        assertFalse(run.stderr().contains("\tat "), run::describe);
        assertFalse(run.stderr().contains("Exception"), run::describe);
    }
}
