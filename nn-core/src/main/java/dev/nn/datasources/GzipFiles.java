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
     * The most bytes {@code file}, opened as {@code unpacked} by {@link #openUnpacked}, can unpack to: deflate packs
     * at most 1032 bytes into one, so a gzipped file holds at most 1032 times its size (a header promising more is
     * wrong); a plain file, its size.
     */
    public static long mostUnpackedBytes(Path file, InputStream unpacked) throws IOException {
        return Files.size(file) * (unpacked instanceof GZIPInputStream ? 1032 : 1);
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
