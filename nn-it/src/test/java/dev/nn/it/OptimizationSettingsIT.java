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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer's schedule and clipping keys through the CLI, as a user writes them: {@code nn config} shows the
 * schedule with every default, {@code --set} changes it, a bad key is one message at its line and column with exit
 * code 2, and a model saved with a schedule that monitors the validation set still predicts, exports and summarises
 * (those read no data). The defaults expected are torch's, as the schedules' javadoc documents them.
 */
final class OptimizationSettingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = """
            input: 2
            layers:
              - units: 4
                activation: tanh
              - units: 2
                activation: softmax
            loss: cross_entropy
            optimizer: {name: rmsprop, learning_rate: 0.01, clip_value: 0.5, schedule: reduce_on_plateau}
            training:
              epochs: 6
              validation_split: 0.25
            data:
              train:
                inputs: [[0, 1], [1, 0], [1, 1], [0, 0], [0.2, 0.9], [0.9, 0.1], [0.8, 0.8], [0.1, 0.2]]
                targets: [[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [1, 0], [0, 1], [0, 1]]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeSpec() throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);
    }

    @Test
    void configShowsTheScheduleWithEveryDefault() throws IOException {
        NnProcess.Result run = NnProcess.in(dir).run("config", "--json", "spec.yaml");

        assertEquals(0, run.exitCode(), run::describe);
        JsonNode optimizer = JSON.readTree(run.stdout()).get("optimizer");
        assertEquals(0.99, optimizer.get("alpha").doubleValue(), run::describe);
        assertEquals(0.5, optimizer.get("clip_value").doubleValue(), run::describe);
        JsonNode schedule = optimizer.get("schedule");
        assertEquals("reduce_on_plateau", schedule.get("name").asText(), run::describe);
        assertEquals("val_loss", schedule.get("monitor").asText());
        assertEquals("min", schedule.get("mode").asText());
        assertEquals(0.1, schedule.get("factor").doubleValue());
        assertEquals(10, schedule.get("patience").intValue());
        assertEquals(1e-4, schedule.get("threshold").doubleValue());
        assertEquals("rel", schedule.get("threshold_mode").asText());
        assertEquals(0, schedule.get("cooldown").intValue());
        assertEquals(0.0, schedule.get("min_learning_rate").doubleValue());
    }

    @Test
    void setChangesTheScheduleAndTheRateEachEpochPrints() throws IOException {
        NnProcess.Result run = NnProcess.in(dir).run("train", "spec.yaml", "--progress", "lines",
                "--set", "optimizer.schedule={name: step, step_size: 2, gamma: 0.5}", "--metrics", "m.jsonl");

        assertEquals(0, run.exitCode(), run::describe);
        List<Double> rates = TrainingOutputs.metrics(dir.resolve("m.jsonl")).stream()
                .map(line -> line.get("learning_rate").doubleValue()).toList();
        assertEquals(List.of(0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025), rates);
        assertTrue(run.stdout().contains("learning_rate 0.0025  "), run::describe);
    }

    @Test
    void setOfTheScheduleNameAloneChecksTheNewName() throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC.replace("schedule: reduce_on_plateau",
                "schedule: {name: reduce_on_plateau, patience: 2}"));

        NnProcess.Result run = NnProcess.in(dir).run("train", "spec.yaml", "--set",
                "optimizer.schedule.name=cosin");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("--set optimizer.schedule.name=cosin (from the command line): unknown "
                + "schedule 'cosin'; did you mean 'cosine'?; available: constant, cosine, exponential, "
                + "reduce_on_plateau, step"), run::describe);
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.describe());
    }

    @Test
    void aBadScheduleValueIsOneMessageAtItsLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC.replace("schedule: reduce_on_plateau",
                "schedule: {name: reduce_on_plateau, factor: 1.5}"));

        NnProcess.Result run = NnProcess.in(dir).run("validate", "spec.yaml");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("spec.yaml:8:"), run::describe);
        assertTrue(run.stderr().contains("optimizer.schedule.factor: schedule 'reduce_on_plateau': expected a "
                + "number in (0, 1) but found 1.5"), run::describe);
    }

    @Test
    void clipNormAndClipValueTogetherAreRefused() {
        NnProcess.Result run = NnProcess.in(dir).run("train", "spec.yaml", "--set", "optimizer.clip_norm=1");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("optimizer.clip_value: clip_norm and clip_value together: set one of them"),
                run::describe);
    }

    @Test
    void aModelSavedWithAPlateauOnValidationLossPredictsExportsAndSummarises() throws IOException {
        NnProcess.Result train = NnProcess.in(dir).run("train", "spec.yaml", "--save", "model.nn");
        assertEquals(0, train.exitCode(), train::describe);
        Files.writeString(dir.resolve("in.csv"), "x1,x2\n0.3,0.7\n");

        NnProcess.Result predict = NnProcess.in(dir).run("predict", "model.nn", "--input", "in.csv");
        NnProcess.Result export = NnProcess.in(dir).run("export", "model.nn", "--output", "model.onnx");
        NnProcess.Result summary = NnProcess.in(dir).run("summary", "model.nn");

        assertEquals(0, predict.exitCode(), predict::describe);
        assertEquals(0, export.exitCode(), export::describe);
        assertTrue(Files.size(dir.resolve("model.onnx")) > 0);
        assertEquals(0, summary.exitCode(), summary::describe);
        assertTrue(summary.stdout().contains("optimizer             rmsprop (learning_rate=0.01, clip_value=0.5, "
                + "schedule=reduce_on_plateau)"), summary::describe);
    }
}
