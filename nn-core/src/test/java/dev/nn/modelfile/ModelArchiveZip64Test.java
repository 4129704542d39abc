package dev.nn.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZIP64 form (APPNOTE 4.3.14, 4.3.15, 4.5.3) that archives past 4 GB or 65,535 entries take: a small archive
 * forced into it reads back, Python's {@code zipfile} (an independent reader) reads it, and so does the JDK's; an
 * archive of 65,536 entries takes it for real. Damage anywhere in it is still one {@link ModelFileException}.
 */
final class ModelArchiveZip64Test {
    private static final byte[] YAML = "input: 2\nlayers:\n  - units: 1\n".getBytes(StandardCharsets.UTF_8);
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;

    /**
     * Prints, for every entry Python's zipfile finds, its name, size and the SHA-256 of what it reads (checking
     * the CRC-32 as it reads), then the archive's comment.
     */
    private static final String PYTHON = """
            import hashlib, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                for info in z.infolist():
                    data = z.read(info)
                    print(info.filename, info.file_size, info.compress_type, hashlib.sha256(data).hexdigest())
                print(z.comment.decode("ascii"))
            """;

    @TempDir
    Path folder;

    private static Map<String, Tensor> tensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weights", Tensor.of(new double[][] {{0.5, -1.25}, {3.0, 1e-300}}));
        tensors.put("layers.0.bias", Tensor.row(0.125, -7.0));
        return tensors;
    }

    /** Every size and offset of at least 1 byte goes into the ZIP64 fields, as past 4 GB they must. */
    private Path forcedZip64() throws IOException {
        Path file = folder.resolve("zip64.nn");
        ModelArchive.builder()
                .zip64Limit(1)
                .entry(ModelArchive.MODEL_ENTRY, YAML)
                .tensors(ModelArchive.TENSORS_ENTRY, tensors(), Map.of("format", "test"))
                .entry("extra.json", "{}".getBytes(StandardCharsets.UTF_8))
                .write(file);
        return file;
    }

    @Test
    void aForcedZip64ArchiveReadsBack() throws IOException {
        ModelArchive archive = ModelArchive.read(forcedZip64());

        assertEquals(List.of("model.yaml", "tensors.safetensors", "extra.json"), List.copyOf(archive.entryNames()));
        assertArrayEquals(YAML, archive.entry(ModelArchive.MODEL_ENTRY).orElseThrow());
        assertEquals(tensors(), archive.tensors(ModelArchive.TENSORS_ENTRY).tensors());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), archive.entry("extra.json").orElseThrow());
    }

    @Test
    void aForcedZip64ArchiveHasTheZip64RecordsBeforeItsEndRecord() throws IOException {
        byte[] bytes = Files.readAllBytes(forcedZip64());
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - ModelArchive.SEAL_LENGTH - 22;
        int locator = end - 20;
        int record = locator - 56;

        assertEquals(ZIP64_LOCATOR, in.getInt(locator));
        assertEquals(record, in.getLong(locator + 8));
        assertEquals(ZIP64_END, in.getInt(record));
        assertEquals(44, in.getLong(record + 4));
        assertEquals(3, in.getLong(record + 32));
        assertEquals(-1, in.getInt(end + 12), "directory size left to the zip64 record");
        assertEquals(-1, in.getInt(end + 16), "directory offset left to the zip64 record");
        assertEquals(-1, in.getInt(18), "the first local header's compressed size is in its zip64 field");
        assertEquals(20, in.getShort(28), "the first local header's zip64 field: tag, length, two sizes");
    }

    @Test
    void pythonsZipfileReadsAForcedZip64Archive() throws Exception {
        Path file = forcedZip64();

        List<String> lines = python(file);

        assertEquals(List.of(
                "model.yaml " + YAML.length + " 0 " + sha256(YAML),
                "tensors.safetensors " + SafeTensors.byteSize(tensors(), Map.of("format", "test")) + " 0 "
                        + sha256(SafeTensors.toBytes(tensors(), Map.of("format", "test"))),
                "extra.json 2 0 " + sha256("{}".getBytes(StandardCharsets.UTF_8)),
                sealOf(file)), lines);
    }

    @Test
    void theJdksZipReaderReadsAForcedZip64Archive() throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(forcedZip64().toFile())) {
            assertEquals(3, zip.size());
            assertArrayEquals(SafeTensors.toBytes(tensors(), Map.of("format", "test")),
                    zip.getInputStream(zip.getEntry(ModelArchive.TENSORS_ENTRY)).readAllBytes());
        }
    }

    @Test
    void moreThan65535EntriesTakeTheZip64FormAndReadBackInPython() throws Exception {
        Path file = folder.resolve("many.nn");
        ModelArchive.Builder builder = ModelArchive.builder();
        int count = 65536;
        for (int i = 0; i < count; i++) {
            builder.entry("e" + i, new byte[] {(byte) i});
        }
        builder.write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - ModelArchive.SEAL_LENGTH - 22;

        ModelArchive archive = ModelArchive.read(file);

        assertEquals(count, archive.entryNames().size());
        assertArrayEquals(new byte[] {(byte) 65535}, archive.entry("e65535").orElseThrow());
        assertEquals((short) 0xFFFF, in.getShort(end + 10), "the count is left to the zip64 record");
        assertEquals(ZIP64_LOCATOR, in.getInt(end - 20));
        assertEquals(0, in.getShort(28), "entries within 4 GB have no zip64 field");
        List<String> lines = python(file);
        assertEquals(count + 1, lines.size());
        assertEquals("e65535 1 0 " + sha256(new byte[] {(byte) 65535}), lines.get(count - 1));
    }

    @Test
    void anArchiveWithin4GbAndFewEntriesHasNoZip64Records() throws IOException {
        Path file = folder.resolve("plain.nn");
        ModelArchive.builder().entry(ModelArchive.MODEL_ENTRY, YAML).write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(30 + 10 + YAML.length + 46 + 10 + 22 + ModelArchive.SEAL_LENGTH, bytes.length);
        assertNotEquals(ZIP64_LOCATOR, in.getInt(bytes.length - ModelArchive.SEAL_LENGTH - 22 - 20));
    }

    @Test
    void aForcedZip64ArchiveWithAnyByteChangedIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(forcedZip64());
        Path changed = folder.resolve("changed.nn");
        for (int offset = 0; offset < bytes.length; offset++) {
            byte[] copy = bytes.clone();
            copy[offset] ^= 0x01;
            Files.write(changed, copy);
            try {
                ModelArchive.read(changed);
                throw new AssertionError("byte " + offset + " changed was accepted");
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().startsWith(changed + ": the file is damaged"), e::getMessage);
            }
        }
    }

    private static List<String> python(Path file) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", PYTHON, file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not on the PATH: " + e.getMessage());
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, process.exitValue(), output);
        return new ArrayList<>(output.lines().toList());
    }

    private static String sealOf(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new String(bytes, bytes.length - ModelArchive.SEAL_LENGTH, ModelArchive.SEAL_LENGTH,
                StandardCharsets.ISO_8859_1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
