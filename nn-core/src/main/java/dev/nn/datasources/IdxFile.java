package dev.nn.datasources;

import dev.nn.input.InputFiles;
import dev.nn.spi.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file in the MNIST IDX format, gzipped or not, holding unsigned bytes: read by the {@code idx} data format and
 * by {@code nn predict}.
 *
 * @param dimensions the size of each dimension, e.g. images x rows x columns (not copied)
 * @param data the payload, row by row (not copied)
 * @param headerLength the bytes before the payload: the byte offset of {@code data[0]}
 */
public record IdxFile(int[] dimensions, byte[] data, int headerLength) {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The most data one IDX file may hold: the largest byte array the JVM allocates. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    /**
     * Reads {@code file}, which must hold unsigned bytes in {@code expectedDimensions} dimensions. Reads no more than
     * its header promises (and one byte more, to see whether there is more), so that a corrupt header or a gzipped
     * file that unpacks to far more cannot exhaust memory.
     *
     * @throws NoSuchFileException when there is no such file, or it is not a regular file (the reason says what it is)
     * @throws DataException naming the byte offset of the first problem
     */
    public static IdxFile read(Path file, int expectedDimensions) throws IOException {
        Optional<String> kind = InputFiles.notRegular(file);
        if (kind.isPresent()) {
            throw new NoSuchFileException(file.toString(), null, kind.get());
        }
        Optional<String> content = InputFiles.problem(file);
        if (content.isPresent()) {
            throw new DataException(file, "", content.get());
        }
        try (InputStream in = GzipFiles.openUnpacked(file)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new DataException(file, "byte offset 0", "expected an IDX header (4 magic bytes) but the file "
                        + "has " + magic.length + " bytes");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DataException(file, "byte offset 0", String.format(
                        "expected the IDX magic number 0x0000 but found 0x%02X%02X: not an IDX file", magic[0],
                        magic[1]));
            }
            if (magic[2] != UNSIGNED_BYTE) {
                throw new DataException(file, "byte offset 2", String.format(
                        "expected data type 0x08 (unsigned byte) but found 0x%02X", magic[2]));
            }
            int dimensions = magic[3] & 0xFF;
            if (dimensions != expectedDimensions) {
                throw new DataException(file, "byte offset 3", "expected " + expectedDimensions + " dimensions ("
                        + (expectedDimensions == 3 ? "images x rows x columns" : "labels") + ") but found "
                        + dimensions);
            }
            int headerLength = 4 + 4 * dimensions;
            byte[] sizeBytes = in.readNBytes(4 * dimensions);
            if (sizeBytes.length < 4 * dimensions) {
                throw new DataException(file, "byte offset 4", "the header is cut short: expected " + headerLength
                        + " bytes but the file has " + (4 + sizeBytes.length));
            }
            int[] sizes = new int[dimensions];
            long payload = 1;
            for (int d = 0; d < dimensions; d++) {
                int offset = 4 * d;
                // The sizes are unsigned 32-bit numbers: 0xFFFFFFFF is 4294967295, not -1.
                long size = ((sizeBytes[offset] & 0xFFL) << 24) | ((sizeBytes[offset + 1] & 0xFF) << 16)
                        | ((sizeBytes[offset + 2] & 0xFF) << 8) | (sizeBytes[offset + 3] & 0xFF);
                String what = dimensionName(expectedDimensions, d);
                if (size == 0) {
                    throw new DataException(file, "byte offset " + (4 + offset), "the header says 0 " + what
                            + "; expected at least 1");
                }
                if (size > MAX_PAYLOAD) {
                    throw new DataException(file, "byte offset " + (4 + offset), "the header says " + size + " "
                            + what + ", more than nn can hold (at most " + MAX_PAYLOAD + " bytes of data)");
                }
                sizes[d] = (int) size;
                payload *= sizes[d];
                if (payload > MAX_PAYLOAD) {
                    throw new DataException(file, "byte offset " + (4 + offset), "the header promises more than "
                            + MAX_PAYLOAD + " bytes of data, more than nn can hold in one array");
                }
            }
            // Read straight into one array when the file can hold what the header promises (40% faster than
            // readNBytes(n), which collects 8 KiB pieces and copies them); a larger promise is read piece by piece,
            // so that a corrupt header cannot make it allocate more than the file holds.
            byte[] data;
            if (payload <= GzipFiles.mostUnpackedBytes(file, in)) {
                data = new byte[(int) payload];
                int read = in.readNBytes(data, 0, data.length);
                if (read < payload) {
                    data = java.util.Arrays.copyOf(data, read);
                }
            } else {
                data = in.readNBytes((int) payload);
            }
            if (data.length < payload) {
                throw new DataException(file, "byte offset " + headerLength, "the header promises " + payload
                        + " bytes of data but the file holds " + data.length);
            }
            if (in.read() >= 0) {
                throw new DataException(file, "byte offset " + (headerLength + payload), "the header promises "
                        + payload + " bytes of data but the file holds more");
            }
            return new IdxFile(sizes, data, headerLength);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataException(file, "", "the gzip data is corrupt or cut short"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    /** {@code images}, {@code rows}, {@code columns} or {@code labels}: what dimension {@code d} counts. */
    private static String dimensionName(int dimensions, int d) {
        if (dimensions == 3) {
            return d == 0 ? "images" : d == 1 ? "rows" : "columns";
        }
        return dimensions == 1 ? "labels" : "entries in dimension " + d;
    }
}
