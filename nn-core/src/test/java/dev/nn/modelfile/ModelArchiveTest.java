package dev.nn.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed zip: what is written reads back, the JDK's own zip reader agrees, and a file cut at any offset or
 * changed in any byte is refused with one {@link ModelFileException} naming the file, never anything else.
 */
final class ModelArchiveTest {
    private static final byte[] YAML = "input: 2\nlayers:\n  - units: 1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    private static Map<String, Tensor> tensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weights", Tensor.of(new double[][] {{0.5, -1.25}}));
        tensors.put("layers.0.bias", Tensor.row(0.125));
        return tensors;
    }

    private Path small() throws IOException {
        Path file = folder.resolve("small.nn");
        ModelArchive.builder()
                .entry(ModelArchive.MODEL_ENTRY, YAML)
                .tensors(ModelArchive.TENSORS_ENTRY, tensors(), Map.of("format", "test"))
                .entry("extra.json", "{}".getBytes(StandardCharsets.UTF_8))
                .write(file);
        return file;
    }

    @Test
    void readsBackEveryEntryInOrder() throws IOException {
        ModelArchive archive = ModelArchive.read(small());

        assertEquals(List.of("model.yaml", "tensors.safetensors", "extra.json"), List.copyOf(archive.entryNames()));
        assertArrayEquals(YAML, archive.entry(ModelArchive.MODEL_ENTRY).orElseThrow());
        assertEquals(tensors(), archive.tensors(ModelArchive.TENSORS_ENTRY).tensors());
        assertEquals(Map.of("format", "test"), archive.tensors(ModelArchive.TENSORS_ENTRY).metadata());
        assertEquals(Optional.empty(), archive.entry("absent"));
        assertArrayEquals(SafeTensors.toBytes(tensors(), Map.of("format", "test")),
                archive.entry(ModelArchive.TENSORS_ENTRY).orElseThrow());
    }

    @Test
    void isAZipOfStoredEntriesThatTheJdkReadsWithTheSealAsItsComment() throws IOException {
        Path file = small();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(3, zip.size());
            ZipEntry model = zip.getEntry(ModelArchive.MODEL_ENTRY);
            assertEquals(ZipEntry.STORED, model.getMethod());
            assertArrayEquals(YAML, zip.getInputStream(model).readAllBytes());
            assertArrayEquals(SafeTensors.toBytes(tensors(), Map.of("format", "test")),
                    zip.getInputStream(zip.getEntry(ModelArchive.TENSORS_ENTRY)).readAllBytes());
            byte[] bytes = Files.readAllBytes(file);
            String expectedSeal = "nn-sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Arrays.copyOf(bytes, bytes.length - 74)));
            assertEquals(expectedSeal, zip.getComment());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSameEntriesGiveTheSameBytes() throws IOException {
        byte[] first = Files.readAllBytes(small());
        byte[] second = Files.readAllBytes(small());

        assertArrayEquals(first, second);
    }

    @Test
    void isArchiveLooksAtTheFirstFourBytes() throws IOException {
        Path yaml = Files.write(folder.resolve("m.yaml"), YAML);
        Path pk = Files.write(folder.resolve("pk"), new byte[] {'P', 'K', 3, 4});

        assertTrue(ModelArchive.isArchive(small()));
        assertTrue(ModelArchive.isArchive(pk));
        assertFalse(ModelArchive.isArchive(yaml));
        assertFalse(ModelArchive.isArchive(folder));
        assertFalse(ModelArchive.isArchive(folder.resolve("absent")));
    }

    @Test
    void aFileCutAtAnyOffsetIsRefusedNamingTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(small());
        Path cut = folder.resolve("cut.nn");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            String message = refused(cut, "cut at " + length);
            assertTrue(message.startsWith(cut + ": the file is damaged: ")
                    && message.endsWith("; retrain or restore it"), message);
            assertTrue(length == 0 ? message.contains("it is empty")
                    : message.contains("cut short or changed") || message.contains("does not match"), message);
        }
    }

    @Test
    void aFileWithAnyByteChangedIsRefusedNamingTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(small());
        Path changed = folder.resolve("changed.nn");
        for (int offset = 0; offset < bytes.length; offset++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] copy = bytes.clone();
                copy[offset] ^= (byte) flip;
                Files.write(changed, copy);
                String message = refused(changed, "byte " + offset + " xor " + flip);
                assertTrue(message.startsWith(changed + ": the file is damaged"), message);
            }
        }
    }

    @Test
    void aResealedArchiveWithBrokenStructureIsStillRefusedWithOneMessage() throws IOException {
        byte[] bytes = Files.readAllBytes(small());
        Path broken = folder.resolve("broken.nn");
        SplittableRandom random = new SplittableRandom(20261201);
        int refusals = 0;
        for (int trial = 0; trial < 1500; trial++) {
            byte[] copy = bytes.clone();
            int changes = 1 + random.nextInt(3);
            for (int i = 0; i < changes; i++) {
                int offset = random.nextInt(copy.length - 74);
                copy[offset] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (copy[offset] + 1);
            }
            Files.write(broken, reseal(copy));
            try {
                ModelArchive archive = ModelArchive.read(broken);
                for (String name : archive.entryNames()) {
                    archive.entry(name).orElseThrow();
                }
                archive.tensors(ModelArchive.TENSORS_ENTRY);
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().startsWith(broken.toString()), e::getMessage);
                refusals++;
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + " threw " + e, e);
            }
        }
        assertTrue(refusals > 1000, "only " + refusals + " of 1500 damaged archives were refused");
    }

    @Test
    void namesWhatIsMissingAndWhatIsThere() throws IOException {
        Path file = folder.resolve("only-yaml.nn");
        ModelArchive.builder().entry(ModelArchive.MODEL_ENTRY, YAML).write(file);

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelArchive.read(file).tensors(ModelArchive.TENSORS_ENTRY));
        assertEquals(file + ": has no entry tensors.safetensors; it has: model.yaml", e.getMessage());
    }

    @Test
    void namesTheEntryWhoseTensorsAreBad() throws IOException {
        Path file = folder.resolve("bad-tensors.nn");
        ModelArchive.builder().entry(ModelArchive.TENSORS_ENTRY, new byte[3]).write(file);

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelArchive.read(file).tensors(ModelArchive.TENSORS_ENTRY));
        assertTrue(e.getMessage().startsWith(file + "!tensors.safetensors: is 3 bytes long"), e::getMessage);
    }

    @Test
    void refusesWhatIsNotAFile() throws IOException {
        assertEquals(folder + ": is a directory; expected a model file (.nn)", refused(folder, "a folder"));
        Path absent = folder.resolve("absent.nn");
        assertEquals(absent + ": no such file", refused(absent, "no file"));
    }

    @Test
    void refusesAZipFromElsewhereAsUnsealed() throws IOException {
        Path file = folder.resolve("plain.zip");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(ModelArchive.MODEL_ENTRY));
            zip.write(YAML);
            zip.closeEntry();
        }

        assertTrue(refused(file, "a plain zip").contains("it does not end with its seal (nn-sha256:...)"));
    }

    @Test
    void refusesTwoEntriesOfTheSameName() {
        ModelArchive.Builder builder = ModelArchive.builder().entry("a", new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> builder.entry("a", new byte[0]));
    }

    private static String refused(Path file, String what) {
        try {
            ModelArchive.read(file);
        } catch (ModelFileException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": threw " + e, e);
        }
        return fail(what + ": was accepted");
    }

    /** The bytes with their seal recomputed, as a writer that meant them would have written it. */
    private static byte[] reseal(byte[] bytes) {
        try {
            int end = bytes.length - 74;
            byte[] hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Arrays.copyOf(bytes, end))).getBytes(StandardCharsets.ISO_8859_1);
            byte[] sealed = bytes.clone();
            System.arraycopy(hex, 0, sealed, end + 10, 64);
            return sealed;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
