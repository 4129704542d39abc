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
