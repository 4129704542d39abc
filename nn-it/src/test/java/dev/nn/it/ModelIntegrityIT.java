package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved model carries an integrity check: cut short at any point, or changed in one digit of a weight or of its
 * metadata, it is refused with exit code 2 and one line, and nothing is predicted from it.
 */
final class ModelIntegrityIT {
    private static final String DAMAGED = "the file is damaged or was edited";
    /** Cut points spread over the file, besides each of its last 100 bytes. */
    private static final int SPREAD = 100;

    @TempDir
    static Path shared;
    private static Path model;
    private static Path input;
    private static String expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainAndPredict() {
        model = shared.resolve("iris-model.yaml");
        NnProcess.Result train = NnProcess.inRepository().run("train", "examples/iris.yaml", "--save",
                model.toString());
        assertEquals(0, train.exitCode(), train::describe);
        input = NnProcess.repository().resolve("examples/data/iris.csv");
        NnProcess.Result predict = NnProcess.inRepository().run("predict", model.toString(), "--input",
                input.toString());
        assertEquals(0, predict.exitCode(), predict::describe);
        expected = predict.stdout();
    }

    @Test
    void aModelCutShortAnywhereIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i < SPREAD; i++) {
            cuts.add(1 + (int) ((long) i * (bytes.length - 101) / SPREAD));
        }
        for (int length = bytes.length - 100; length < bytes.length; length++) {
            cuts.add(length);
        }
        assertTrue(cuts.size() >= 195, "cut points: " + cuts.size());
        Path cut = dir.resolve("cut.yaml");
        for (int length : cuts) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertRefused(predict(cut), "cut at byte " + length + " of " + bytes.length);
        }
    }

    @Test
    void oneDigitChangedInAWeightIsRefused() throws IOException {
        String text = Files.readString(model, StandardCharsets.UTF_8);
        Matcher weight = Pattern.compile("\\n  - - (-?0\\.)(\\d)").matcher(text);
        assertTrue(weight.find(), "no weight row in " + model);

        Path edited = write("weight.yaml", changeDigit(text, weight.start(2)));

        assertRefused(predict(edited), "a weight changed");
    }

    @Test
    void oneDigitChangedInTheMetadataIsRefused() throws IOException {
        String text = Files.readString(model, StandardCharsets.UTF_8);
        Matcher epochs = Pattern.compile("\\n    epochs_run: (\\d)").matcher(text);
        assertTrue(epochs.find(), "no epochs_run in " + model);

        Path edited = write("metadata.yaml", changeDigit(text, epochs.start(1)));

        assertRefused(predict(edited), "epochs_run changed");
    }

    @Test
    void aModelWhoseIntegrityLineIsDeletedIsRefused() throws IOException {
        String text = Files.readString(model, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# integrity: sha256:"), text.substring(0, 80));

        Path edited = write("no-line.yaml", text.substring(text.indexOf('\n') + 1));

        NnProcess.Result run = predict(edited);
        assertRefused(run, "integrity line deleted");
        assertTrue(run.stderr().contains("metadata.provenance"), run::describe);
    }

    @Test
    void aModelEditedByHandAsTheReadmeSaysIsAnOrdinarySpec() throws IOException {
        String text = Files.readString(model, StandardCharsets.UTF_8);
        int provenance = text.indexOf("\n  provenance:\n");
        assertTrue(provenance > 0, "no provenance in " + model);
        Path edited = write("by-hand.yaml", text.substring(text.indexOf('\n') + 1, provenance + 1));

        NnProcess.Result run = predict(edited);

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(expected, run.stdout());
    }

    private static String changeDigit(String text, int at) {
        char digit = text.charAt(at);
        char other = digit == '9' ? '8' : (char) (digit + 1);
        String changed = text.substring(0, at) + other + text.substring(at + 1);
        assertNotEquals(text, changed);
        return changed;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static NnProcess.Result predict(Path file) {
        return NnProcess.inRepository().run("predict", file.toString(), "--input", input.toString());
    }

    private static void assertRefused(NnProcess.Result run, String what) {
        assertEquals(2, run.exitCode(), () -> what + ": " + run.describe());
        assertEquals("", run.stdout(), () -> what + ": " + run.describe());
        assertTrue(run.stderr().contains(DAMAGED), () -> what + ": " + run.describe());
        assertEquals(1, run.stderr().strip().lines().count(), () -> what + ": " + run.describe());
        assertFalse(run.stderr().contains("\tat "), () -> what + ": " + run.describe());
    }
}
