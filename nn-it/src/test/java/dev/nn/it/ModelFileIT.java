package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn train --save model.nn} writes one model file, which every command that reads a saved model accepts as
 * it accepts the YAML form of the same model, with the same results; cut short or changed in any byte (of its
 * spec, of its tensors, of the zip around them) it is refused with exit code 2 and one line.
 */
final class ModelFileIT {
    private static final String DAMAGED = "the file is damaged";
    /** Cut points spread over the file. */
    private static final int CUTS = 40;

    @TempDir
    static Path dir;
    private static NnProcess nn;

    @TempDir
    Path scratch;

    /** Iris, copied with its data, trained once into each form from the same spec and seed. */
    @BeforeAll
    static void trainBothForms() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("models"));
        Files.copy(NnProcess.repository().resolve("examples/iris.yaml"), dir.resolve("iris.yaml"));
        Files.copy(NnProcess.repository().resolve("examples/data/iris.csv"), dir.resolve("data/iris.csv"));
        nn = NnProcess.in(dir);
        for (String model : new String[] {"models/iris.nn", "models/iris.yaml"}) {
            NnProcess.Result train = nn.run("train", "iris.yaml", "--save", model, "--progress", "lines");
            assertEquals(0, train.exitCode(), train::describe);
            assertTrue(train.stdout().contains("model saved to " + model), train::describe);
        }
    }

    @Test
    void predictEvaluateValidateAndGradcheckGiveWhatTheYamlFormGives() {
        for (String[] command : new String[][] {
            {"predict", "MODEL", "--input", "data/iris.csv"},
            {"evaluate", "MODEL", "--data", "validation"},
            {"evaluate", "MODEL", "--data", "data/iris.csv"},
            {"validate", "MODEL"},
            {"gradcheck", "MODEL"},
        }) {
            NnProcess.Result yaml = nn.run(with(command, "models/iris.yaml"));
            NnProcess.Result file = nn.run(with(command, "models/iris.nn"));

            assertEquals(0, yaml.exitCode(), yaml::describe);
            assertEquals(0, file.exitCode(), file::describe);
            assertEquals(yaml.stdout().replace("models/iris.yaml", "models/iris.nn"), file.stdout(),
                    () -> String.join(" ", command));
        }
    }

    @Test
    void trainingOnFromAModelFileGivesWhatTrainingOnFromTheYamlFormGives() throws IOException {
        NnProcess.Result fromYaml = nn.run("train", "models/iris.yaml", "--save", scratch.resolve("a.yaml")
                .toString(), "--progress", "lines");
        NnProcess.Result fromFile = nn.run("train", "models/iris.nn", "--save", scratch.resolve("b.nn").toString(),
                "--progress", "lines");

        assertEquals(0, fromYaml.exitCode(), fromYaml::describe);
        assertEquals(0, fromFile.exitCode(), fromFile::describe);
        // The same lines but the times: the data's reading, each epoch's and the whole run's.
        String times = "(?m)(in [0-9.]+ s|  [0-9.]+ s$)";
        assertEquals(fromYaml.stdout().replaceAll(times, "").replace(scratch.resolve("a.yaml").toString(),
                "MODEL"), fromFile.stdout().replaceAll(times, "").replace(scratch.resolve("b.nn")
                .toString(), "MODEL"));
        NnProcess.Result predict = nn.run("predict", scratch.resolve("b.nn").toString(), "--input", "data/iris.csv");
        NnProcess.Result expected = nn.run("predict", scratch.resolve("a.yaml").toString(), "--input",
                "data/iris.csv");
        assertEquals(expected.stdout(), predict.stdout());
    }

    @Test
    void theSpecInsideIsReadableYamlWithProvenanceAndDataPathsRelativeToTheFile() throws IOException {
        String spec = entry(dir.resolve("models/iris.nn"), "model.yaml");

        assertTrue(spec.contains("\nlayers:\n- units: 16\n  activation: relu\n"), spec);
        assertTrue(spec.contains("path: ../data/iris.csv"), spec);
        assertTrue(spec.contains("  provenance:\n"), spec);
        assertTrue(spec.contains("  classes:\n"), spec);
        assertFalse(spec.contains("weights") || spec.contains("bias:") || spec.contains("integrity"), spec);
        NnProcess.Result elsewhere = NnProcess.in(scratch).run("evaluate", dir.resolve("models/iris.nn").toString(),
                "--data", "validation");
        assertEquals(0, elsewhere.exitCode(), elsewhere::describe);
    }

    @Test
    void aChangedDataFileIsRefusedAsForTheYamlForm() throws IOException {
        Path work = Files.createDirectories(scratch.resolve("work/data"));
        Files.copy(dir.resolve("iris.yaml"), work.resolveSibling("iris.yaml"));
        Path csv = Files.copy(dir.resolve("data/iris.csv"), work.resolve("iris.csv"));
        NnProcess here = NnProcess.in(work.getParent());
        assertEquals(0, here.run("train", "iris.yaml", "--save", "m.nn").exitCode());
        Files.writeString(csv, Files.readString(csv).replaceFirst("5\\.1", "5.2"));

        NnProcess.Result run = here.run("evaluate", "m.nn", "--data", "validation");

        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.stderr().startsWith("error: m.nn!model.yaml: data file " + csv.toRealPath()
                + " has changed since the model was trained"), run::describe);
        assertEquals(1, run.stderr().strip().lines().count(), run::describe);
    }

    @Test
    void aModelFileCutShortAnywhereIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("models/iris.nn"));
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i < CUTS; i++) {
            cuts.add((int) ((long) i * (bytes.length - 1) / (CUTS - 1)));
        }
        Path cut = scratch.resolve("cut.nn");
        for (int length : cuts) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertRefused(predict(cut), "cut at byte " + length + " of " + bytes.length);
        }
    }

    @Test
    void aModelFileWithOneByteChangedInItsSpecItsTensorsOrItsZipIsRefused() throws IOException {
        Path model = dir.resolve("models/iris.nn");
        byte[] bytes = Files.readAllBytes(model);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int epochsRun = text.indexOf("epochs_run: ") + "epochs_run: ".length();
        int tensors = text.indexOf("\"__metadata__\"");
        int data = text.indexOf("nn-model-1\"}}") + 64;
        int centralDirectory = text.lastIndexOf("PK\u0001\u0002");
        assertTrue(epochsRun > 20 && tensors > 0 && data < centralDirectory, text);
        int[] offsets = {0, 5, epochsRun, epochsRun + 40, tensors + 3, data, data + 333, centralDirectory + 20,
            bytes.length - 80, bytes.length - 30, bytes.length - 1};
        Path changed = scratch.resolve("changed.nn");
        for (int offset : offsets) {
            byte[] copy = bytes.clone();
            copy[offset] = (byte) (copy[offset] == '7' ? '8' : copy[offset] ^ 0x04);
            Files.write(changed, copy);
            assertRefused(predict(changed), "byte " + offset + " of " + bytes.length + " changed");
        }
    }

    @Test
    void aSaveNameOfAnotherFormIsRefusedBeforeTraining() {
        NnProcess.Result run = NnProcess.in(dir).run("train", "iris.yaml", "--save", scratch.resolve("m.txt")
                .toString());

        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("error: --save " + scratch.resolve("m.txt") + ": unknown model format; the file name must end "
                + "in .nn (one model file: the spec and its tensors) or .yaml or .yml (the spec with every value as "
                + "text)", run.stderr().strip());
        assertEquals("", run.stdout(), run::describe);
        assertFalse(Files.exists(scratch.resolve("m.txt")));
    }

    private static String[] with(String[] command, String model) {
        String[] args = command.clone();
        args[1] = model;
        return args;
    }

    static String entry(Path model, String name) throws IOException {
        try (ZipFile zip = new ZipFile(model.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            assertEquals(ZipEntry.STORED, entry.getMethod());
            return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private NnProcess.Result predict(Path model) {
        return nn.run("predict", model.toString(), "--input", "data/iris.csv");
    }

    private static void assertRefused(NnProcess.Result run, String what) {
        assertEquals(2, run.exitCode(), () -> what + ": " + run.describe());
        assertEquals("", run.stdout(), () -> what + ": " + run.describe());
        assertTrue(run.stderr().contains(DAMAGED), () -> what + ": " + run.describe());
        assertTrue(run.stderr().contains("retrain or restore it"), () -> what + ": " + run.describe());
        assertEquals(1, run.stderr().strip().lines().count(), () -> what + ": " + run.describe());
        assertFalse(run.stderr().contains("\tat "), () -> what + ": " + run.describe());
    }
}
