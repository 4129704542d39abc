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
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code idx}: the MNIST IDX format (an image file and a label file, each gzipped or not), as Fashion-MNIST ships.
 *
 * <p>Parameters: {@code images} and {@code labels} (required paths); {@code scale}, the factor applied to each pixel
 * (default 1; {@code 0.00392156862745098} = 1/255 maps bytes to [0, 1]); {@code classes}, names for label 0, 1, ...
 * (default the digits); {@code limit}, the most samples to read. Images are flattened row by row and kept as bytes:
 * 70,000 Fashion-MNIST images take 55 MB.
 */
public final class IdxDataSourceProvider implements DataSourceProvider {
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
        double scale = CsvDataSourceProvider.positiveScale(parameters);
        long limit = parameters.getLong("limit", Integer.MAX_VALUE);
        if (limit < 1) {
            throw new ParameterException("limit", "a whole number >= 1", Long.toString(limit));
        }
        List<String> classes = CsvDataSourceProvider.distinct(parameters, "classes", "each class name once");
        return context -> read(context, images, labels, scale, (int) Math.min(limit, Integer.MAX_VALUE), classes);
    }

    private static DataTable read(DataContext context, String imagesPath, String labelsPath, double scale, int limit,
                                  List<String> classes) throws IOException {
        Path imageFile = context.resolve(imagesPath);
        Path labelFile = context.resolve(labelsPath);
        IdxFile images = IdxFile.read(imageFile, 3);
        IdxFile labels = IdxFile.read(labelFile, 1);
        if (images.dimensions()[0] != labels.dimensions()[0]) {
            throw new DataException(labelFile, "byte offset 4", "holds " + labels.dimensions()[0] + " labels but "
                    + imageFile.getFileName() + " holds " + images.dimensions()[0] + " images");
        }
        int samples = Math.min(images.dimensions()[0], limit);
        int pixels = images.dimensions()[1] * images.dimensions()[2];
        byte[] pixelBytes = images.data().length == samples * pixels ? images.data()
                : java.util.Arrays.copyOf(images.data(), samples * pixels);
        int maxLabel = 0;
        for (int i = 0; i < samples; i++) {
            maxLabel = Math.max(maxLabel, labels.data()[i] & 0xFF);
        }
        List<String> classNames = !context.classNames().isEmpty() ? context.classNames()
                : classes != null ? classes : digits(maxLabel + 1);
        double[] oneHot = new double[samples * classNames.size()];
        for (int i = 0; i < samples; i++) {
            int label = labels.data()[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new DataException(labelFile, "byte offset " + (labels.headerLength() + i), "label " + label
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
}
