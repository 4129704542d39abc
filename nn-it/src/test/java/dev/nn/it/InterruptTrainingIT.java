package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training that stops before its last epoch: interrupted by SIGTERM or Ctrl-C (SIGINT), it finishes the current
 * batch, writes the metrics so far and the {@code --save} of the current model, says so and exits 130; diverging to
 * NaN or infinity, it stops at that batch with a message naming the epoch and the batch and a hint, exits 1, and the
 * files written before stay intact.
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

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
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
            if (signal.equals("TERM")) {
                nn.terminate();
            } else {
                nn.signal("INT");
            }
            run = nn.finish(Duration.ofSeconds(60));
        }

        assertEquals(130, run.exitCode(), run::describe);
        // The launcher forwards SIGINT to the JVM as SIGTERM (a background JVM of a shell script ignores SIGINT).
        assertTrue(run.stderr().contains("SIG" + signal + ": stopping after the current batch")
                || run.stderr().contains("SIGTERM: stopping after the current batch"), run::describe);
        Matcher said = Pattern.compile("interrupted after epoch (\\d+): metrics written to m\\.jsonl; model saved to "
                + "model\\.yaml").matcher(run.stderr());
        assertTrue(said.find(), run::describe);
        int epochs = Integer.parseInt(said.group(1));
        assertTrue(epochs >= 2, run::describe);
        assertTrue(run.stdout().contains("for " + epochs + " epochs"), run::describe);
        assertCompleteMetrics(metrics, epochs);
        NnProcess.Result validate = NnProcess.in(dir).run("validate", "model.yaml");
        assertEquals(0, validate.exitCode(), validate::describe);
        assertTrue(validate.stdout().startsWith("model.yaml: valid: 2 layers (3-8-3)"), validate::describe);
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
