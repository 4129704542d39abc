package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link GoldenValuesIT} leaves out for the golden specs with a validation set: every epoch's {@code val_loss}
 * and {@code val_accuracy}, and whether early stopping stopped and which epoch's parameters it restored, against
 * {@code generate_golden.py}'s values. (The loss, accuracy and final parameters of the same specs are compared by
 * {@link GoldenValuesIT}.)
 */
final class GoldenValidationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The golden specs whose expected values have a {@code val_loss}. */
    static Stream<String> specsWithValidation() {
        try (Stream<Path> files = Files.list(GoldenValues.folder())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .filter(name -> expected(name).get("epochs").get(0).has("val_loss")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode expected(String spec) {
        Path file = GoldenValues.folder().resolve(spec.replaceFirst("\\.yaml$", ".expected.json"));
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Test
    void theGoldenSpecsIncludeAGivenValidationSetAndASplitOneWithEarlyStopping() {
        List<String> specs = specsWithValidation().toList();

        assertTrue(specs.contains("validation_split_early_stopping.yaml"), specs::toString);
        assertTrue(specs.contains("validation_set_accuracy.yaml"), specs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specsWithValidation")
    void everyEpochsValidationMetricsAndTheEarlyStoppingDecisionMatchTheGoldenValues(String spec) {
        JsonNode golden = expected(spec);
        Path metrics = dir.resolve("metrics.jsonl");
        Path model = dir.resolve("model.yaml");

        NnProcess.Result run = NnProcess.in(GoldenValues.folder()).run("train", spec, "--metrics", metrics.toString(),
                "--save", model.toString());

        assertEquals(0, run.exitCode(), run::describe);
        List<JsonNode> lines = TrainingOutputs.metrics(metrics);
        JsonNode epochs = golden.get("epochs");
        assertEquals(epochs.size(), lines.size(), spec + ": epochs run");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode expected = epochs.get(i);
            JsonNode line = lines.get(i);
            for (String key : List.of("val_loss", "val_accuracy")) {
                if (expected.has(key)) {
                    assertTrue(line.has(key), spec + ": no " + key + " in " + line);
                    Tolerance.assertClose(expected.get(key).doubleValue(), line.get(key).doubleValue(),
                            Tolerance.GOLDEN, spec + " epoch " + (i + 1) + " " + key);
                } else {
                    assertFalse(line.has(key), spec + ": unexpected " + key + " in " + line);
                }
            }
        }
        if (golden.has("stopped_early")) {
            int last = epochs.get(epochs.size() - 1).get("epoch").intValue();
            assertEquals(golden.get("stopped_early").booleanValue(),
                    run.stdout().contains("stopped early after epoch " + last + ":"), run::describe);
            int restored = golden.get("restored_epoch").intValue();
            JsonNode provenance = TrainingOutputs.spec(model).get("metadata").get("provenance");
            if (restored > 0) {
                assertTrue(run.stdout().contains("restored the parameters of epoch " + restored + " "),
                        run::describe);
                assertEquals(restored, provenance.get("restored_epoch").intValue(), provenance::toString);
            } else {
                assertFalse(run.stdout().contains("restored the parameters"), run::describe);
                assertFalse(provenance.has("restored_epoch"), provenance::toString);
            }
        }
    }
}
