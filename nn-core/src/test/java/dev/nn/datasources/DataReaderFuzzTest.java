package dev.nn.datasources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataException;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.DataTable;
import dev.nn.testing.Fuzzing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever bytes a CSV or IDX file holds, its reader answers with a {@link DataTable} whose inputs and
 * targets agree, or with a {@link DataException} or {@link IOException} that names the file; never another
 * exception. Inputs are random bytes, random CSV-like text and mutations of the CSV seeds in
 * {@code src/test/resources/fuzz-corpus/data} and of valid IDX files made here (plain and gzipped).
 *
 * <p>{@link Fuzzing} describes the seed and how to run longer ({@code -Dnn.fuzz.tries=100000}).
 */
final class DataReaderFuzzTest {
    private static final String[] CSV_PIECES = {
        ",", ",", "\n", "\r\n", "\"", "\"\"", " ", "0", "1", "2.5", "-3e2", "NaN", "Infinity", "-", ".", "x", "y",
        "label", "species", "a", "b", "é", "\u0000", "\t", "#", "\uFEFF",
    };
    private static final List<byte[]> CSV_SEEDS = Fuzzing.corpus("fuzz-corpus/data", ".csv").stream()
            .map(DataReaderFuzzTest::read).toList();

    @TempDir
    Path folder;

    @Test
    void anyCsvIsATableOrAProblemNamingTheFile() {
        Path file = folder.resolve("data.csv");
        Fuzzing.forAll("csv", Fuzzing.tries(400), this::csv, b -> b, bytes -> {
            Files.write(file, bytes);
            for (Map<String, Object> parameters : List.of(
                    Map.<String, Object>of("path", "data.csv", "label", "label"),
                    Map.<String, Object>of("path", "data.csv", "label", "species", "limit", 3L),
                    Map.<String, Object>of("path", "data.csv", "targets", List.of("y"), "scale", 0.5),
                    Map.<String, Object>of("path", "data.csv", "label", "a", "features", List.of("b")))) {
                read(new CsvDataSourceProvider(), parameters, List.of(), file);
                read(new CsvDataSourceProvider(), parameters, List.of("x", "y"), file);
            }
        });
    }

    private byte[] csv(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Fuzzing.bytes(random, 120);
            case 1 -> {
                StringBuilder text = new StringBuilder(random.nextBoolean() ? "a,b,label\n" : "x1,x2,y\n");
                for (int i = random.nextInt(40); i > 0; i--) {
                    text.append(CSV_PIECES[random.nextInt(CSV_PIECES.length)]);
                }
                yield text.toString().getBytes(StandardCharsets.UTF_8);
            }
            default -> Fuzzing.mutate(CSV_SEEDS.get(random.nextInt(CSV_SEEDS.size())), random);
        };
    }

    @Test
    void anyIdxFilesAreATableOrAProblemNamingTheFile() {
        Path images = folder.resolve("images.idx");
        Path labels = folder.resolve("labels.idx");
        Fuzzing.forAll("idx", Fuzzing.tries(300), this::idxPair, DataReaderFuzzTest::joined, pair -> {
            Files.write(images, pair.get(0));
            Files.write(labels, pair.get(1));
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("images", "images.idx");
            parameters.put("labels", "labels.idx");
            read(new IdxDataSourceProvider(), parameters, List.of(), images, labels);
            parameters.put("limit", 2L);
            parameters.put("classes", List.of("zero", "one", "two"));
            read(new IdxDataSourceProvider(), parameters, List.of(), images, labels);
        });
    }

    /** Valid image and label files, then one or both mutated or replaced by random bytes; each maybe gzipped. */
    private List<byte[]> idxPair(SplittableRandom random) {
        int samples = 1 + random.nextInt(4);
        int rows = 1 + random.nextInt(3);
        int columns = 1 + random.nextInt(3);
        byte[] images = idx(random, new int[] {samples, rows, columns}, 3);
        byte[] labels = idx(random, new int[] {samples}, 1);
        for (int i = 0; i < labels.length - 8; i++) {
            labels[8 + i] = (byte) random.nextInt(3);
        }
        int which = random.nextInt(4);
        if (which == 0 || which == 2) {
            images = random.nextInt(4) == 0 ? Fuzzing.bytes(random, 40) : Fuzzing.mutate(images, random);
        }
        if (which == 1 || which == 2) {
            labels = random.nextInt(4) == 0 ? Fuzzing.bytes(random, 20) : Fuzzing.mutate(labels, random);
        }
        if (random.nextInt(4) == 0) {
            images = maybeCut(gzip(images), random);
        }
        if (random.nextInt(4) == 0) {
            labels = maybeCut(gzip(labels), random);
        }
        return List.of(images, labels);
    }

    private static byte[] idx(SplittableRandom random, int[] sizes, int dimensions) {
        int payload = 1;
        for (int size : sizes) {
            payload *= size;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions + payload);
        buffer.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dimensions);
        for (int size : sizes) {
            buffer.putInt(size);
        }
        byte[] data = new byte[payload];
        random.nextBytes(data);
        buffer.put(data);
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] maybeCut(byte[] bytes, SplittableRandom random) {
        return random.nextBoolean() ? bytes : java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
    }

    private static byte[] joined(List<byte[]> pair) {
        byte[] joined = new byte[pair.get(0).length + pair.get(1).length];
        System.arraycopy(pair.get(0), 0, joined, 0, pair.get(0).length);
        System.arraycopy(pair.get(1), 0, joined, pair.get(0).length, pair.get(1).length);
        return joined;
    }

    /** Reads with {@code provider}: a consistent table, or a problem naming one of {@code files}. */
    private void read(DataSourceProvider provider, Map<String, Object> parameters, List<String> classes,
                      Path... files) {
        DataTable table;
        try {
            table = provider.create(new ComponentParameters(parameters)).read(new DataContext(folder, classes));
        } catch (DataException e) {
            assertTrue(List.of(files).contains(e.file()), () -> "names " + e.file());
            assertFalse(e.getMessage().isBlank());
            return;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            assertTrue(List.of(files).stream().anyMatch(f -> message.contains(f.getFileName().toString())),
                    () -> "names no file: " + e);
            return;
        }
        int samples = table.inputs().rows();
        assertTrue(samples > 0, "no samples");
        assertEquals(samples, table.targets().rows());
        if (!table.classNames().isEmpty()) {
            assertEquals(table.classNames().size(), table.targets().columns());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
