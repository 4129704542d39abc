package dev.nn.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Positional reads of a file past 4 GB: a sparse file (a few kilobytes on disk) holds doubles at 5 GB, and they
 * read back there, through a slice too; offsets are never cut to 32 bits.
 */
final class RegionTest {
    private static final long FIVE_GB = 5L << 30;

    @TempDir
    Path folder;

    @Test
    void readsDoublesAndBytesPast4Gb() throws IOException {
        Path file = folder.resolve("sparse");
        double[] values = {1.5, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN};
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(values);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            channel.write(bytes, FIVE_GB);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Region region = Region.of(channel, 0, channel.size(), "sparse");
            double[] read = new double[values.length];

            region.doubles(FIVE_GB, read);

            assertArrayEquals(values, read);
            assertEquals(1.5, region.bytes(FIVE_GB, 8).getDouble(0));
            double[] sliced = new double[1];
            region.slice(FIVE_GB - 8, 16).doubles(8, sliced);
            assertEquals(1.5, sliced[0]);
            double[] zeros = new double[3];
            region.doubles(FIVE_GB - 24, zeros);
            assertArrayEquals(new double[3], zeros);
        }
    }

    @Test
    void aFileShorterThanExpectedIsOneMessageNamingIt() throws IOException {
        Path file = folder.resolve("short");
        java.nio.file.Files.write(file, new byte[16]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Region region = Region.of(channel, 0, 32, "short.nn");

            ModelFileException e = assertThrows(ModelFileException.class, () -> region.doubles(0, new double[4]));
            assertTrue(e.getMessage().startsWith("short.nn: the file shrank while it was read"), e::getMessage);
        }
    }
}
