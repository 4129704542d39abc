package dev.nn.datasources;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Data files that may be gzipped, recognised by their content rather than their name. */
public final class GzipFiles {
    private GzipFiles() {
    }

    /**
     * The most bytes a file of {@code size} bytes can unpack to: deflate packs at most 1032 bytes into one, so a
     * gzipped file holds at most 1032 times its size (a header promising more is wrong); a plain file, its size.
     */
    public static long mostUnpackedBytes(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            boolean gzipped = magic.length == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b;
            return gzipped ? size * 1032 : size;
        }
    }

    /** The file's bytes, unpacked when it starts with the gzip magic number ({@code 1f 8b}). */
    public static InputStream openUnpacked(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            return first == 0x1f && second == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
