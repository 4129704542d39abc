package dev.nn.datasources;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataException;
import dev.nn.spi.DataSource;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.DataTable;
import dev.nn.spi.Matrix;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * {@code idx}: the MNIST IDX format (an image file and a label file, each gzipped or not), as Fashion-MNIST ships.
 *
 * <p>Parameters: {@code images} and {@code labels} (required paths); {@code scale}, the factor applied to each pixel
 * (default 1; {@code 0.00392156862745098} = 1/255 maps bytes to [0, 1]); {@code classes}, names for label 0, 1, ...
 * (default the digits); {@code limit}, the most samples to read. Images are flattened row by row and kept as bytes:
 * 70,000 Fashion-MNIST images take 55 MB.
 */
public final class IdxDataSourceProvider implements DataSourceProvider {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The most data one IDX file may hold: the largest byte array the JVM allocates. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    @Override
    public String name() {
        return "idx";
    }

    @Override
    public String description() {
        return "MNIST IDX image and label files, gzipped or not";
    }

    @Override
    public List<String> pathParameters() {
        return List.of("images", "labels");
    }

    @Override
    public DataSource create(ComponentParameters parameters) {
        String images = parameters.getString("images", null);
        String labels = parameters.getString("labels", null);
        if (images == null) {
            throw new ParameterException("images", "the IDX image file's path", "nothing");
        }
        if (labels == null) {
            throw new ParameterException("labels", "the IDX label file's path", "nothing");
        }
        double scale = parameters.getDouble("scale", 1.0);
        long limit = parameters.getLong("limit", Integer.MAX_VALUE);
        if (limit < 1) {
            throw new ParameterException("limit", "a whole number >= 1", Long.toString(limit));
        }
        List<String> classes = CsvDataSourceProvider.stringList(parameters, "classes");
        return context -> read(context, images, labels, scale, (int) Math.min(limit, Integer.MAX_VALUE), classes);
    }

    private static DataTable read(DataContext context, String imagesPath, String labelsPath, double scale, int limit,
                                  List<String> classes) throws IOException {
        Path imageFile = context.resolve(imagesPath);
        Path labelFile = context.resolve(labelsPath);
        Idx images = readIdx(imageFile, 3);
        Idx labels = readIdx(labelFile, 1);
        if (images.dimensions[0] != labels.dimensions[0]) {
            throw new DataException(labelFile, "byte offset 4", "holds " + labels.dimensions[0] + " labels but "
                    + imageFile.getFileName() + " holds " + images.dimensions[0] + " images");
        }
        int samples = Math.min(images.dimensions[0], limit);
        int pixels = images.dimensions[1] * images.dimensions[2];
        byte[] pixelBytes = images.data.length == samples * pixels ? images.data
                : java.util.Arrays.copyOf(images.data, samples * pixels);
        int maxLabel = 0;
        for (int i = 0; i < samples; i++) {
            maxLabel = Math.max(maxLabel, labels.data[i] & 0xFF);
        }
        List<String> classNames = !context.classNames().isEmpty() ? context.classNames()
                : classes != null ? classes : digits(maxLabel + 1);
        double[] oneHot = new double[samples * classNames.size()];
        for (int i = 0; i < samples; i++) {
            int label = labels.data[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new DataException(labelFile, "byte offset " + (labels.headerLength + i), "label " + label
                        + " but only " + classNames.size() + " classes are named");
            }
            oneHot[i * classNames.size() + label] = 1.0;
        }
        return new DataTable(Matrix.ofUnsignedBytes(samples, pixels, pixelBytes, scale),
                Matrix.of(Tensor.wrap(samples, classNames.size(), oneHot)), classNames, List.of(), scale,
                List.of(imageFile, labelFile));
    }

    private static List<String> digits(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** A parsed IDX file: its dimensions and its unsigned-byte payload. */
    private record Idx(int[] dimensions, byte[] data, int headerLength) {
    }

    private static Idx readIdx(Path file, int expectedDimensions) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    Files.isDirectory(file) ? "is a directory, not an IDX file" : "no such file");
        }
        try (InputStream in = open(file)) {
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
                sizes[d] = ((sizeBytes[offset] & 0xFF) << 24) | ((sizeBytes[offset + 1] & 0xFF) << 16)
                        | ((sizeBytes[offset + 2] & 0xFF) << 8) | (sizeBytes[offset + 3] & 0xFF);
                if (sizes[d] <= 0) {
                    throw new DataException(file, "byte offset " + (4 + offset), "dimension " + d + " is " + sizes[d]
                            + "; expected a positive size");
                }
                payload *= sizes[d];
                if (payload > MAX_PAYLOAD) {
                    throw new DataException(file, "byte offset " + (4 + offset), "the header promises more than "
                            + MAX_PAYLOAD + " bytes of data, more than nn can hold in one array");
                }
            }
            // Read no more than the header promises (and one byte to see whether there is more), so that a
            // corrupt header or a compressed file that unpacks to far more cannot exhaust memory.
            byte[] data = in.readNBytes((int) payload);
            if (data.length < payload) {
                throw new DataException(file, "byte offset " + headerLength, "the header promises " + payload
                        + " bytes of data but the file holds " + data.length);
            }
            if (in.read() >= 0) {
                throw new DataException(file, "byte offset " + (headerLength + payload), "the header promises "
                        + payload + " bytes of data but the file holds more");
            }
            return new Idx(sizes, data, headerLength);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataException(file, "", "the gzip data is corrupt or cut short (" + e.getMessage() + ")");
        }
    }

    /** The file's bytes, unpacked when it starts with the gzip magic number. */
    private static InputStream open(Path file) throws IOException {
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
