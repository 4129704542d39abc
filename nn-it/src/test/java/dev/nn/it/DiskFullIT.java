package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: a 256 KB tmpfs mounted for each test (the tests run as root on Linux; elsewhere they are
 * skipped, saying why) and filled up. Every write that does not fit fails with exit 1 and a message naming the file,
 * and the file the user had keeps its bytes.
 */
final class DiskFullIT {
    @TempDir
    Path dir;
    private Path full;
    private boolean mounted;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        Path examples = NnProcess.repository().resolve("examples");
        Files.copy(examples.resolve("iris.yaml"), dir.resolve("iris.yaml"));
        Files.copy(examples.resolve("data/iris.csv"), Files.createDirectory(dir.resolve("data")).resolve("iris.csv"));
        full = Files.createDirectory(dir.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", full.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        mounted = mount.waitFor() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs to fill (needs root on Linux): " + said);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            Process umount = new ProcessBuilder("umount", full.toString()).inheritIO().start();
            assertEquals(0, umount.waitFor(), "umount " + full);
        }
    }

    /** Fills the disk, then frees {@code room} bytes (whole pages): less than any output of the tests needs. */
    private void fill(long room) throws IOException {
        Path filler = full.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left on device"), e.toString());
        }
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - room));
        }
    }

    private NnProcess.Result nn(String... args) {
        return NnProcess.in(dir).run(args);
    }

    private void assertNoTemporaryFile() throws IOException {
        try (Stream<Path> files = Files.list(full)) {
            List<Path> left = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), left, "temporary files left on the full disk");
        }
    }

    private Path trainedModel() {
        NnProcess.Result run = nn("train", "iris.yaml", "--save", "model.yaml");
        assertEquals(0, run.exitCode(), run::describe);
        return dir.resolve("model.yaml");
    }

    @Test
    void saveOnAFullDiskNamesTheFileAndLeavesTheOldModel() throws IOException {
        byte[] old = Files.readAllBytes(trainedModel());
        Path target = Files.write(full.resolve("model.yaml"), old);
        fill(0);

        NnProcess.Result run = nn("train", "iris.yaml", "--save", "full/model.yaml");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("error: cannot write full/model.yaml: No space left on device (the old full/model.yaml is "
                + "unchanged)\n", run.stderr(), run::describe);
        assertArrayEquals(old, Files.readAllBytes(target));
        assertNoTemporaryFile();
    }

    @Test
    void metricsOnAFullDiskNamesTheFileAndLeavesTheOldMetrics() throws IOException {
        byte[] old = "{\"epoch\":1,\"loss\":0.5}\n".getBytes(StandardCharsets.UTF_8);
        Path target = Files.write(full.resolve("m.jsonl"), old);
        fill(0);

        NnProcess.Result run = nn("train", "iris.yaml", "--metrics", "full/m.jsonl");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("error: cannot write full/m.jsonl: No space left on device (the old full/m.jsonl is unchanged)\n",
                run.stderr(), run::describe);
        assertArrayEquals(old, Files.readAllBytes(target));
        assertNoTemporaryFile();
    }

    @Test
    void predictOutputOnAFullDiskNamesTheFileAndLeavesTheOldOutput() throws IOException {
        trainedModel();
        byte[] old = "p_setosa,p_versicolor,p_virginica,predicted\n".getBytes(StandardCharsets.UTF_8);
        Path target = Files.write(full.resolve("p.csv"), old);
        fill(8192);

        NnProcess.Result run = nn("predict", "model.yaml", "--input", "data/iris.csv", "--output", "full/p.csv");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("error: cannot write full/p.csv: No space left on device (the old full/p.csv is unchanged)\n",
                run.stderr(), run::describe);
        assertArrayEquals(old, Files.readAllBytes(target));
        assertNoTemporaryFile();
    }

    @Test
    void predictToStandardOutputOnAFullDiskFailsInsteadOfCuttingTheOutput() throws IOException {
        trainedModel();
        List<String> rows = Files.readAllLines(dir.resolve("data/iris.csv"));
        StringBuilder many = new StringBuilder(rows.get(0)).append('\n');
        for (int i = 0; i < 10_000; i++) {
            many.append(rows.get(1 + i % (rows.size() - 1))).append('\n');
        }
        Files.writeString(dir.resolve("many.csv"), many);
        fill(16_384);

        NnProcess.Result run = NnProcess.in(dir).env("NN", NnProcess.distribution().resolve("bin/nn").toString())
                .runProgram(Path.of("/bin/bash"), "-c",
                        "exec \"$NN\" predict model.yaml --input many.csv > full/predictions.csv");

        assertEquals(1, run.exitCode(), run::describe);
        assertEquals("error: cannot write to standard output: No space left on device\n", run.stderr(),
                run::describe);
        long written = Files.readAllLines(full.resolve("predictions.csv")).size();
        assertTrue(written > 0 && written < 10_001, written + " lines written");
    }
}
