package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved model's provenance records the SHA-256 of each data file; {@code evaluate --data validation|test} and
 * {@code train SAVED_MODEL} refuse data that changed since, naming the file and both hashes, unless
 * {@code --allow-changed-data} turns that into a warning.
 */
final class DataProvenanceIT {
    private static final String FLAG = "--allow-changed-data";

    @TempDir
    Path dir;
    private Path csv;
    private String trainedHash;

    @BeforeEach
    void trainOnACopyOfIris() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.copy(NnProcess.repository().resolve("examples/iris.yaml"), dir.resolve("iris.yaml"));
        csv = Files.copy(NnProcess.repository().resolve("examples/data/iris.csv"), dir.resolve("data/iris.csv"));
        trainedHash = sha256(csv);
        NnProcess.Result train = NnProcess.in(dir).run("train", "iris.yaml", "--save", "model.yaml");
        assertEquals(0, train.exitCode(), train::describe);
    }

    @Test
    void unchangedDataIsEvaluatedWithoutAWord() {
        NnProcess.Result run = NnProcess.in(dir).run("evaluate", "model.yaml", "--data", "validation");

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("", run.stderr(), run::describe);
    }

    @Test
    void evaluatingOnChangedDataIsRefusedNamingTheFileAndBothHashes() throws IOException {
        String changed = changeOneValue();

        NnProcess.Result run = NnProcess.in(dir).run("evaluate", "model.yaml", "--data", "validation");

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("", run.stdout(), run::describe);
        assertEquals("error: model.yaml: data file " + csv.toRealPath() + " has changed since the model was trained "
                + "(sha256 was " + trainedHash.substring(0, 12) + "..., is now " + changed.substring(0, 12)
                + "...); restore the data the model was trained on, or give " + FLAG + " to use it as it is now",
                run.stderr().strip());
    }

    @Test
    void theTestSetIsCheckedToo() throws IOException {
        Files.copy(csv, dir.resolve("data/test.csv"));
        Files.writeString(dir.resolve("iris.yaml"), Files.readString(dir.resolve("iris.yaml"))
                + "  test: {format: csv, path: data/test.csv, label: species}\n");
        NnProcess.Result train = NnProcess.in(dir).run("train", "iris.yaml", "--save", "model.yaml");
        assertEquals(0, train.exitCode(), train::describe);
        Files.writeString(dir.resolve("data/test.csv"), "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        NnProcess.Result run = NnProcess.in(dir).run("evaluate", "model.yaml", "--data", "test");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().contains("data file " + dir.resolve("data/test.csv").toRealPath() + " has changed"),
                run::describe);
    }

    @Test
    void theOverrideEvaluatesWithALoudWarning() throws IOException {
        changeOneValue();

        NnProcess.Result run = NnProcess.in(dir).run("evaluate", "model.yaml", "--data", "validation", FLAG);

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().startsWith("evaluated iris"), run::describe);
        assertTrue(run.stderr().startsWith("warning: model.yaml: data file " + csv.toRealPath() + " has changed"),
                run::describe);
        assertTrue(run.stderr().contains("using it as it is now (" + FLAG + ")"), run::describe);
    }

    @Test
    void trainingASavedModelOnChangedDataIsRefusedUnlessAllowed() throws IOException {
        changeOneValue();

        NnProcess.Result refused = NnProcess.in(dir).run("train", "model.yaml", "--save", "again.yaml");
        NnProcess.Result allowed = NnProcess.in(dir).run("train", "model.yaml", "--save", "again.yaml", FLAG);

        assertEquals(2, refused.exitCode(), refused::describe);
        // Only the lines that say the data was read: no training.
        assertEquals(java.util.List.of(), refused.stdoutLines().stream().filter(line -> !line.startsWith("read"))
                .toList(), refused::describe);
        assertTrue(refused.stderr().contains("has changed since the model was trained"), refused::describe);
        assertTrue(refused.stderr().contains(FLAG), refused::describe);
        assertEquals(0, allowed.exitCode(), allowed::describe);
        assertTrue(allowed.stderr().startsWith("warning: model.yaml: data file "), allowed::describe);
        assertTrue(Files.exists(dir.resolve("again.yaml")), allowed::describe);
    }

    @Test
    void predictingNeedsNoTrainingData() throws IOException {
        changeOneValue();

        NnProcess.Result run = NnProcess.in(dir).run("predict", "model.yaml", "--input", "data/iris.csv");

        assertEquals(0, run.exitCode(), run::describe);
        assertFalse(run.stderr().contains("changed"), run::describe);
    }

    /** Changes the first sample's first value; the new SHA-256. */
    private String changeOneValue() throws IOException {
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        int line = text.indexOf('\n') + 1;
        char digit = text.charAt(line);
        assertTrue(Character.isDigit(digit), text.substring(0, 60));
        Files.writeString(csv, text.substring(0, line) + (digit == '9' ? '8' : (char) (digit + 1))
                + text.substring(line + 1), StandardCharsets.UTF_8);
        return sha256(csv);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
