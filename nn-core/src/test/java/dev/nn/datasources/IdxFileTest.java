package dev.nn.datasources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class IdxFileTest {
    @Test
    void aGzippedFileReadsToTheSameBytesAsThePlainOne(@TempDir Path dir) throws IOException {
        byte[] pixels = new byte[3 * 5 * 7];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        byte[] plain = idx(new int[] {3, 5, 7}, pixels);
        Path raw = Files.write(dir.resolve("images.idx"), plain);
        Path gz = Files.write(dir.resolve("images.idx.gz"), gzip(plain));

        IdxFile fromRaw = IdxFile.read(raw, 3);
        IdxFile fromGz = IdxFile.read(gz, 3);

        assertArrayEquals(new int[] {3, 5, 7}, fromGz.dimensions());
        assertArrayEquals(pixels, fromRaw.data());
        assertArrayEquals(pixels, fromGz.data());
    }

    @Test
    void aGzippedFileWhoseHeaderPromisesMoreThanItCanHoldIsRefusedNamingTheOffset(@TempDir Path dir)
            throws IOException {
        // The header promises 2 x 1000 x 1000 bytes; the file unpacks to 16 + 10.
        byte[] header = idx(new int[] {2, 1000, 1000}, new byte[10]);
        Path gz = Files.write(dir.resolve("cut.idx.gz"), gzip(header));

        DataException e = assertThrows(DataException.class, () -> IdxFile.read(gz, 3));

        assertTrue(e.getMessage().contains("byte offset 16: the header promises 2000000 bytes of data but the file "
                + "holds 10"), e.getMessage());
    }

    @Test
    void theMostAFileCanUnpackToIsItsSizeOrDeflatesLimitWhenGzipped(@TempDir Path dir) throws IOException {
        byte[] plain = idx(new int[] {4}, new byte[] {1, 2, 3, 4});
        Path raw = Files.write(dir.resolve("labels.idx"), plain);
        Path gz = Files.write(dir.resolve("labels.idx.gz"), gzip(plain));

        try (InputStream rawIn = GzipFiles.openUnpacked(raw); InputStream gzIn = GzipFiles.openUnpacked(gz)) {
            assertEquals(plain.length, GzipFiles.mostUnpackedBytes(raw, rawIn));
            assertEquals(1032L * Files.size(gz), GzipFiles.mostUnpackedBytes(gz, gzIn));
        }
    }

    private static byte[] idx(int[] dimensions, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + payload.length);
        buffer.put(new byte[] {0, 0, 0x08, (byte) dimensions.length});
        for (int d : dimensions) {
            buffer.putInt(d);
        }
        buffer.put(payload);
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
