package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs never destroy what the user had: an output onto an input or onto another output is refused before any work
 * and leaves every file with its bytes; a link stays a link; a device, a FIFO or a descriptor is written directly and
 * stays what it was; a failure to write, standard output included, is an error. Each run is a command as a user would
 * type it, on a copy of {@code examples/iris.yaml} and its data, through a shell where it redirects.
 */
final class OutputSafetyIT {
    @TempDir
    Path dir;
    private Path spec;
    private Path data;
    private byte[] specBytes;
    private byte[] dataBytes;

    @BeforeEach
    void copyTheIrisExample() throws IOException {
        Path examples = NnProcess.repository().resolve("examples");
        spec = Files.copy(examples.resolve("iris.yaml"), dir.resolve("iris.yaml"));
        data = Files.copy(examples.resolve("data/iris.csv"), Files.createDirectory(dir.resolve("data"))
                .resolve("iris.csv"));
        specBytes = Files.readAllBytes(spec);
        dataBytes = Files.readAllBytes(data);
    }

    private NnProcess.Result nn(String... args) {
        return NnProcess.in(dir).run(args);
    }

    /** {@code bash -c COMMAND} in the folder, with {@code $NN} the distribution's launcher. */
    private NnProcess.Result shell(String command) {
        return NnProcess.in(dir).env("NN", NnProcess.distribution().resolve("bin/nn").toString())
                .runProgram(Path.of("/bin/bash"), "-c", command);
    }

    private static void assertRefused(NnProcess.Result run, String message) {
        assertEquals(2, run.exitCode(), run::describe);
        assertEquals("error: " + message + "\n", run.stderr(), run::describe);
        assertEquals("", run.stdout(), run::describe);
    }

    private void assertInputsUnchanged() throws IOException {
        assertArrayEquals(specBytes, Files.readAllBytes(spec), "the spec changed");
        assertArrayEquals(dataBytes, Files.readAllBytes(data), "the data changed");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file is left");
        }
    }

    private Path trainedModel() {
        NnProcess.Result run = nn("train", "iris.yaml", "--save", "model.yaml");
        assertEquals(0, run.exitCode(), run::describe);
        return dir.resolve("model.yaml");
    }

    @Test
    void saveOntoItsOwnSpecIsRefused() throws IOException {
        assertRefused(nn("train", "iris.yaml", "--save", "iris.yaml"),
                "--save iris.yaml is the spec (SPEC iris.yaml): refusing to overwrite an input");
        assertInputsUnchanged();
    }

    @Test
    void saveOntoTheSpecsDataCsvIsRefused() throws IOException {
        assertRefused(nn("train", "iris.yaml", "--save", "data/iris.csv"),
                "--save data/iris.csv is the training data (iris.yaml data.train.path data/iris.csv): refusing to "
                        + "overwrite an input");
        assertInputsUnchanged();
    }

    @Test
    void theDataCsvIsFoundRelativeToTheSpecsFolderFromAnotherWorkingDirectory() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));

        NnProcess.Result run = NnProcess.in(elsewhere).run("train", "../iris.yaml", "--metrics", "../data/iris.csv");

        assertRefused(run, "--metrics ../data/iris.csv is the training data (../iris.yaml data.train.path "
                + "data/iris.csv): refusing to overwrite an input");
        assertInputsUnchanged();
    }

    @Test
    void saveOntoTheSpecThroughASymbolicLinkOrDotDotIsRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("link.yaml"), Path.of("iris.yaml"));

        assertRefused(nn("train", "iris.yaml", "--save", "link.yaml"),
                "--save link.yaml is the spec (SPEC iris.yaml): refusing to overwrite an input");
        assertRefused(nn("train", "iris.yaml", "--plot", "data/../iris.yaml"),
                "--plot data/../iris.yaml is the spec (SPEC iris.yaml): refusing to overwrite an input");
        assertTrue(Files.isSymbolicLink(dir.resolve("link.yaml")));
        assertInputsUnchanged();
    }

    @Test
    void metricsAndSaveOntoOneFileAreRefused() throws IOException {
        byte[] old = "{\"epoch\":1,\"loss\":0.5}\n".getBytes(StandardCharsets.UTF_8);
        Path metrics = Files.write(dir.resolve("m.yaml"), old);

        assertRefused(nn("train", "iris.yaml", "--metrics", "m.yaml", "--save", "m.yaml"),
                "--save m.yaml is also --metrics m.yaml: refusing to write two outputs to one file");
        assertArrayEquals(old, Files.readAllBytes(metrics));
        assertInputsUnchanged();
    }

    @Test
    void predictOutputOntoTheModelOrTheInputIsRefused() throws IOException {
        Path model = trainedModel();
        byte[] modelBytes = Files.readAllBytes(model);

        assertRefused(nn("predict", "model.yaml", "--input", "data/iris.csv", "--output", "model.yaml"),
                "--output model.yaml is the model (MODEL model.yaml): refusing to overwrite an input");
        assertRefused(nn("predict", "model.yaml", "--input", "data/iris.csv", "--output", "./data/iris.csv"),
                "--output ./data/iris.csv is the input (--input data/iris.csv): refusing to overwrite an input");
        assertArrayEquals(modelBytes, Files.readAllBytes(model));
        assertInputsUnchanged();
    }

    @Test
    void plotOntoItsMetricsFileIsRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("m.png"), Path.of("m.jsonl"));
        byte[] old = "{\"epoch\":1,\"loss\":0.5}\n".getBytes(StandardCharsets.UTF_8);
        Path metrics = Files.write(dir.resolve("m.jsonl"), old);

        assertRefused(nn("plot", "m.jsonl", "-o", "m.png"),
                "-o m.png is the metrics file (METRICS m.jsonl): refusing to overwrite an input");
        assertArrayEquals(old, Files.readAllBytes(metrics));
    }

    @Test
    void saveThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink() throws IOException {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("models")).resolve("iris-v1.yaml"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("current.yaml"), Path.of("models/iris-v1.yaml"));

        NnProcess.Result run = nn("train", "iris.yaml", "--save", "current.yaml");

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("models/iris-v1.yaml"), Files.readSymbolicLink(link));
        assertTrue(Files.readString(real).contains("weights:"), "the link's target is not the trained model");
        NnProcess.Result predict = nn("predict", "current.yaml", "--input", "data/iris.csv");
        assertEquals(0, predict.exitCode(), predict::describe);
        assertEquals(151, predict.stdoutLines().size(), predict::describe);
        assertInputsUnchanged();
    }

    @Test
    void saveToDevNullLeavesTheDeviceADevice() throws IOException {
        Path devNull = Path.of("/dev/null");
        BasicFileAttributes before = Files.readAttributes(devNull, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assumeTrue(before.isOther(), "/dev/null is not a device here");

        NnProcess.Result run = nn("train", "iris.yaml", "--save", "/dev/null", "--metrics", "/dev/null");

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("model saved to /dev/null"), run::describe);
        BasicFileAttributes after = Files.readAttributes(devNull, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertTrue(after.isOther() && !after.isRegularFile(), "/dev/null is no longer a device");
        assertEquals(before.fileKey(), after.fileKey());
        assertEquals(0, Files.size(devNull));
        assertInputsUnchanged();
    }

    @Test
    void predictOutputToDevStdoutWritesTheCsvBeforeItsMessage() throws IOException {
        Path devStdout = Path.of("/dev/stdout");
        assumeTrue(Files.isSymbolicLink(devStdout), "/dev/stdout is not a link here");
        trainedModel();

        NnProcess.Result run = nn("predict", "model.yaml", "--input", "data/iris.csv", "--output", "/dev/stdout");

        assertEquals(0, run.exitCode(), run::describe);
        List<String> lines = run.stdoutLines();
        assertEquals(152, lines.size(), run::describe);
        assertEquals("p_setosa,p_versicolor,p_virginica,predicted", lines.get(0));
        assertTrue(lines.get(1).endsWith(",setosa"), lines.get(1));
        assertEquals("wrote 150 predictions to /dev/stdout", lines.get(151));
        assertTrue(Files.isSymbolicLink(devStdout), "/dev/stdout is no longer a link");
    }

    @Test
    void metricsToAFifoAreStreamedToTheProcessReadingIt() throws Exception {
        Path fifo = dir.resolve("metrics.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        Path received = dir.resolve("received.jsonl");
        Process reader = new ProcessBuilder("cat", fifo.toString()).redirectOutput(received.toFile()).start();

        NnProcess.Result run;
        try {
            run = nn("train", "iris.yaml", "--metrics", "metrics.fifo");
            assertTrue(reader.waitFor(60, TimeUnit.SECONDS), "the reader did not see the end of the metrics");
        } finally {
            reader.destroyForcibly();
        }

        assertEquals(0, run.exitCode(), run::describe);
        List<String> lines = Files.readAllLines(received);
        assertEquals(100, lines.size());
        for (int epoch = 1; epoch <= 100; epoch++) {
            assertTrue(lines.get(epoch - 1).startsWith("{\"epoch\":" + epoch + ",\"loss\":"), lines.get(epoch - 1));
        }
        assertFalse(Files.isRegularFile(fifo), "the FIFO was replaced by a regular file");
        assertInputsUnchanged();
    }

    @Test
    void metricsToAProcessSubstitutionGetEveryEpoch() throws IOException {
        NnProcess.Result run = shell("\"$NN\" train iris.yaml --metrics >(wc -l > count.txt); s=$?; wait; exit $s");

        assertEquals(0, run.exitCode(), run::describe);
        Path count = dir.resolve("count.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(count) && Files.readString(count).endsWith("\n")) && System.nanoTime() < deadline) {
            pause();
        }
        assertEquals("100", Files.readString(count).strip(), run::describe);
        assertInputsUnchanged();
    }

    /** A short pause between two looks at a condition that another process makes true. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void predictToAFullStandardOutputFails() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full on this system");
        trainedModel();

        NnProcess.Result run = shell("exec \"$NN\" predict model.yaml --input data/iris.csv > /dev/full");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("error: cannot write to standard output: No space left on device\n", run.stderr(),
                run::describe);
    }

    @Test
    void predictOutputToAFullDeviceFailsNamingIt() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full on this system");
        trainedModel();

        NnProcess.Result run = nn("predict", "model.yaml", "--input", "data/iris.csv", "--output", "/dev/full");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("error: cannot write /dev/full: No space left on device\n", run.stderr(), run::describe);
    }
}
