package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --set KEY=VALUE} on the commands that read a spec, {@code nn config} (the spec as used, every default
 * written out) and the {@code --json} forms of {@code validate} and {@code plugins}, run as a user runs them, on the
 * Iris example. The defaults expected are the ones docs/spec.md and the providers' javadoc document (Adam's betas
 * 0.9 and 0.999, epsilon 1e-8; the CSV format's scale 1; early stopping's restore_best true and min_delta 0).
 */
final class OverridesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void copyIris() throws IOException {
        Files.copy(NnProcess.repository().resolve("examples/iris.yaml"), dir.resolve("iris.yaml"));
        Files.createDirectories(dir.resolve("data"));
        Files.copy(NnProcess.repository().resolve("examples/data/iris.csv"), dir.resolve("data/iris.csv"));
    }

    @Test
    void trainUsesTheOverriddenValuesAndTheSavedModelRecordsThem() throws IOException {
        NnProcess.Result train = NnProcess.in(dir).run("train", "iris.yaml", "--progress", "lines",
                "--set", "training.epochs=3", "--set", "optimizer.learning_rate=0.05", "--set", "layers[0].units=8",
                "--save", "model.yaml");

        assertEquals(0, train.exitCode(), train::describe);
        assertTrue(train.stdout().contains("trained iris (4-8-3) for 3 epochs"), train::describe);
        assertTrue(Files.readString(dir.resolve("model.yaml")).contains(
                "    overrides:\n    - training.epochs=3\n    - optimizer.learning_rate=0.05\n    - \"layers[0].units=8\"\n"),
                "the provenance lists the overrides in order");
        NnProcess.Result saved = NnProcess.in(dir).run("config", "--json", "model.yaml");
        assertEquals(0, saved.exitCode(), saved::describe);
        JsonNode spec = JSON.readTree(saved.stdout());
        assertEquals(3, spec.at("/training/epochs").intValue(), saved::describe);
        assertEquals(0.05, spec.at("/optimizer/learning_rate").doubleValue(), saved::describe);
        assertEquals(8, spec.at("/layers/0/units").intValue(), saved::describe);
    }

    @Test
    void aFlowMappingValueIsCheckedAndItsDefaultsFilledIn() throws IOException {
        NnProcess.Result run = NnProcess.in(dir).run("config", "--json", "iris.yaml",
                "--set", "training.early_stopping={monitor: val_loss, patience: 3}");

        assertEquals(0, run.exitCode(), run::describe);
        JsonNode rule = JSON.readTree(run.stdout()).at("/training/early_stopping");
        assertEquals("val_loss", rule.get("monitor").textValue(), run::describe);
        assertEquals(3, rule.get("patience").intValue(), run::describe);
        assertTrue(rule.get("restore_best").booleanValue(), run::describe);
        assertEquals(0.0, rule.get("min_delta").doubleValue(), run::describe);
    }

    @Test
    void anUnknownKeyIsOneMessageFromTheCommandLineAndNothingIsWritten() {
        NnProcess.Result run = NnProcess.in(dir).run("train", "iris.yaml", "--set", "training.epoch=5",
                "--save", "model.nn", "--metrics", "metrics.jsonl");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals(List.of("error: --set training.epoch=5 (from the command line): unknown key 'epoch'; did you "
                        + "mean 'epochs'?; valid keys here: batch_size, checkpoint, early_stopping, epochs, shuffle, "
                        + "validation_split"),
                NnProcess.withoutIncubatorWarning(run.stderr()).lines().toList(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertFalse(Files.exists(dir.resolve("model.nn")), run::describe);
        assertFalse(Files.exists(dir.resolve("metrics.jsonl")), run::describe);
    }

    @Test
    void aListIndexPastTheEndIsOneClearMessage() {
        NnProcess.Result run = NnProcess.in(dir).run("validate", "iris.yaml", "--set", "layers[9].units=3");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals(List.of("error: --set layers[9].units=3 (from the command line): layers has 2 elements "
                        + "(layers[0] to layers[1]); there is no layers[9]"),
                NnProcess.withoutIncubatorWarning(run.stderr()).lines().toList(), run::describe);
    }

    @Test
    void aValueOfTheWrongTypeAndAnArgumentWithoutEqualsSignAreRefused() {
        NnProcess.Result wrongType = NnProcess.in(dir).run("summary", "iris.yaml", "--set", "layers[1].units=many");
        NnProcess.Result noValue = NnProcess.in(dir).run("gradcheck", "iris.yaml", "--set", "training.epochs");

        assertEquals(2, wrongType.exitCode(), wrongType::describe);
        assertEquals(List.of("error: --set layers[1].units=many (from the command line): expected a whole number "
                + "but found the string \"many\""),
                NnProcess.withoutIncubatorWarning(wrongType.stderr()).lines().toList(), wrongType::describe);
        assertEquals(2, noValue.exitCode(), noValue::describe);
        assertEquals(List.of("error: --set training.epochs (from the command line): expected KEY=VALUE, e.g. --set "
                + "training.epochs=5"), NnProcess.withoutIncubatorWarning(noValue.stderr()).lines().toList(),
                noValue::describe);
    }

    @Test
    void aSavedModelsCommandsDoNotTakeOverrides() {
        NnProcess.Result run = NnProcess.in(dir).run("evaluate", "iris.yaml", "--data", "train", "--set",
                "training.epochs=5");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("Unknown options: '--set'"), run::describe);
    }

    @Test
    void configWritesEveryDefaultAndTheResultValidatesAndTrainsBitForBitLikeTheOriginal() throws IOException {
        NnProcess.Result config = NnProcess.in(dir).run("config", "iris.yaml", "--set", "training.epochs=4");
        assertEquals(0, config.exitCode(), config::describe);
        assertEquals("", NnProcess.withoutIncubatorWarning(config.stderr()), config::describe);
        for (String line : List.of("  beta1: 0.9", "  beta2: 0.999", "  epsilon: 1.0E-8", "  weight_decay: 0.0",
                "  init: he_uniform", "  init: glorot_uniform", "  shuffle: true", "    scale: 1.0", "seed: 1",
                "  epochs: 4")) {
            assertTrue(config.stdoutLines().contains(line), () -> line + "\n" + config.describe());
        }
        Files.writeString(dir.resolve("resolved.yaml"), config.stdout());

        NnProcess.Result validate = NnProcess.in(dir).run("validate", "resolved.yaml");
        NnProcess.Result original = NnProcess.in(dir).run("train", "iris.yaml", "--set", "training.epochs=4",
                "--metrics", "original.jsonl", "--progress", "lines");
        NnProcess.Result resolved = NnProcess.in(dir).run("train", "resolved.yaml", "--metrics", "resolved.jsonl",
                "--progress", "lines");
        NnProcess.Result again = NnProcess.in(dir).run("config", "resolved.yaml");

        assertEquals(0, validate.exitCode(), validate::describe);
        assertEquals(0, original.exitCode(), original::describe);
        assertEquals(0, resolved.exitCode(), resolved::describe);
        List<Double> originalLosses = losses(dir.resolve("original.jsonl"));
        assertEquals(4 * 2, originalLosses.size());
        assertEquals(originalLosses, losses(dir.resolve("resolved.jsonl")));
        assertEquals(config.stdout(), again.stdout(), "the resolved spec resolves to itself");
    }

    /** Every epoch's loss and val_loss, as the doubles written. */
    private static List<Double> losses(Path metrics) throws IOException {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode epoch = JSON.readTree(line);
            losses.add(epoch.get("loss").doubleValue());
            losses.add(epoch.get("val_loss").doubleValue());
        }
        return losses;
    }

    @Test
    void configOfABadSpecExitsTwoWithNothingOnStandardOutput() {
        NnProcess.Result run = NnProcess.in(dir).run("config", "iris.yaml", "--set", "optimizer.beta3=0.5");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertTrue(NnProcess.withoutIncubatorWarning(run.stderr()).startsWith("error: --set optimizer.beta3=0.5 "
                + "(from the command line): unknown parameter 'beta3' for optimizer 'adam'"), run::describe);
    }

    @Test
    void validateAndPluginsWriteJson() throws IOException {
        NnProcess.Result validate = NnProcess.in(dir).run("validate", "--json", "iris.yaml");
        NnProcess.Result plugins = NnProcess.in(dir).run("plugins", "--json");
        NnProcess.Result invalid = NnProcess.in(dir).run("validate", "--json", "iris.yaml", "--set", "input=0");

        assertEquals(0, validate.exitCode(), validate::describe);
        JsonNode result = JSON.readTree(validate.stdout());
        assertEquals("iris.yaml", result.get("source").textValue());
        assertTrue(result.get("valid").booleanValue());
        assertEquals(List.of(4, 16, 3), JSON.convertValue(result.get("shape"), List.class));
        assertEquals(16 * 4 + 16 + 3 * 16 + 3, result.get("parameters").intValue());
        assertEquals("cross_entropy", result.get("loss").textValue());
        assertEquals("adam", result.get("optimizer").textValue());
        assertEquals(120, result.get("training_samples").intValue(), "150 flowers, 20% held out");
        assertEquals(0, plugins.exitCode(), plugins::describe);
        JsonNode components = JSON.readTree(plugins.stdout()).get("components");
        assertEquals(JSON.readTree(plugins.stdout()).get("count").intValue(), components.size());
        boolean adam = false;
        for (JsonNode component : components) {
            adam |= component.get("kind").textValue().equals("optimizer") && component.get("name").textValue()
                    .equals("adam") && component.get("built_in").booleanValue() && component.get("alias_of").isNull();
        }
        assertTrue(adam, plugins::describe);
        assertEquals(2, invalid.exitCode(), invalid::describe);
        assertEquals("", invalid.stdout(), invalid::describe);
        assertTrue(invalid.stderr().contains("error: --set input=0 (from the command line): expected a whole "
                + "number >= 1 but found 0"), invalid::describe);
    }
}
