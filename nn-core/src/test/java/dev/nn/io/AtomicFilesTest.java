package dev.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AtomicFilesTest {
    @TempDir
    Path folder;

    @Test
    void writesTheBytesToANewFile() throws IOException {
        Path target = folder.resolve("model.yaml");

        AtomicFiles.write(target, "input: 2\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("input: 2\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void writesWhatTheContentCallbackWritesAndCreatesMissingFolders() throws IOException {
        Path target = folder.resolve("a/b/metrics.jsonl");

        AtomicFiles.write(target, out -> {
            out.write("{\"epoch\": 1}\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"epoch\": 2}\n".getBytes(StandardCharsets.UTF_8));
        });

        assertEquals("{\"epoch\": 1}\n{\"epoch\": 2}\n", Files.readString(target));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old content that is longer than the new\n");

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void aWriteDeletesTheTemporaryFilesThatEndedProcessesLeftForTheSameTarget() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long live = ProcessHandle.current().pid();
        Path stale = Files.writeString(folder.resolve(".model.yaml." + ended.pid() + "-123456789.tmp"), "part");
        Path ofALiveWriter = Files.writeString(folder.resolve(".model.yaml." + live + "-42.tmp"), "part");
        Path ofAnotherTarget = Files.writeString(folder.resolve(".other.yaml." + ended.pid() + "-7.tmp"), "part");
        Path notOurs = Files.writeString(folder.resolve(".model.yaml.backup.tmp"), "keep");
        Path target = folder.resolve("model.yaml");

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of(ofALiveWriter, notOurs, target, ofAnotherTarget).stream().sorted().toList(),
                entries(folder).stream().sorted().toList());
        assertFalse(Files.exists(stale));
    }

    @Test
    void onlyTemporaryFileNamesOfTheTargetWithAnEndedProcessAreStale() {
        String prefix = ".model.yaml.";
        long live = ProcessHandle.current().pid();

        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml." + live + "-1.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.-1.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.12-.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.12-x.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.99999999999999999999-1.tmp", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess("model.yaml", prefix));
        assertFalse(AtomicFiles.isTemporaryFileOfEndedProcess(".model.yaml.123456.tmp", prefix));
    }

    @Test
    void aContentFailureMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");
        IOException failure = new IOException("disk full");

        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void aRuntimeFailureMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("serialisation failed");
        }));

        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), entries(folder));
    }

    @Test
    void aFailureWithoutAnOldFileLeavesNothing() throws IOException {
        Path target = folder.resolve("model.yaml");

        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("failed");
        }));

        assertFalse(Files.exists(target));
        assertEquals(List.of(), entries(folder));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path target = Files.writeString(folder.resolve("model.yaml"), "old\n");
        Set<PosixFilePermission> readableByAll = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(target, readableByAll);

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(readableByAll, Files.getPosixFilePermissions(target));
    }

    @Test
    void aNewFileGetsTheUsualPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path usual = Files.writeString(folder.resolve("usual.txt"), "x");
        Path target = folder.resolve("model.yaml");

        AtomicFiles.write(target, "new\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(target));
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
