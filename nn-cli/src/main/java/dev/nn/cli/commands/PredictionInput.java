package dev.nn.cli.commands;

import dev.nn.model.TrainedModel;
import dev.nn.cli.support.UserInputException;
import dev.nn.datasources.CsvRows;
import dev.nn.datasources.GzipFiles;
import dev.nn.datasources.IdxFile;
import dev.nn.input.InputFiles;
import dev.nn.input.PlainNumbers;
import dev.nn.input.UserText;
import dev.nn.spi.DataException;
import dev.nn.spi.Matrix;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * The samples {@code nn predict} reads, scaled by the model's {@code input_scale}: a CSV file with a header row
 * (the model's feature columns by name when it has them, other columns ignored; else every column, in order), or an
 * IDX image file, recognised by its magic bytes {@code 00 00 08 03}. Either may be gzipped.
 */
final class PredictionInput {
    private static final byte[] IDX_IMAGES = {0, 0, 0x08, 0x03};

    private PredictionInput() {
    }

    /**
     * Reads {@code file} for {@code model}.
     *
     * @param lines receives the line of each sample in a CSV file; left empty for IDX images
     * @throws UserInputException naming the file and the line (or byte offset) of the first problem
     */
    static Matrix read(Path file, TrainedModel model, List<Integer> lines) {
        Optional<String> kind = InputFiles.problem(file);
        if (kind.isPresent()) {
            throw new UserInputException("--input " + UserText.escape(file.toString()) + ": "
                    + (Files.isDirectory(file) ? "is a directory; expected a CSV or IDX file" : kind.get()));
        }
        try {
            byte[] start = firstBytes(file, 4);
            if (Arrays.equals(start, IDX_IMAGES)) {
                return idx(file, model);
            }
            if (start.length == 4 && start[0] == 0 && start[1] == 0) {
                throw new UserInputException(file + ": byte offset 2: an IDX file of type 0x"
                        + String.format("%02X", start[2]) + " with " + (start[3] & 0xFF) + " dimension(s), not IDX "
                        + "images (unsigned bytes, 3 dimensions: magic 00 00 08 03)"
                        + ((start[3] & 0xFF) == 1 ? "; is it a label file?" : ""));
            }
            return csv(file, model, lines);
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + ": the file is neither UTF-8 text (CSV) nor an IDX image file");
        } catch (IOException e) {
            throw new UserInputException("--input " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Matrix csv(Path file, TrainedModel model, List<Integer> lines) throws IOException {
        int inputs = model.model().network().inputSize();
        String[] header = null;
        int[] columns = null;
        List<double[]> rows = new ArrayList<>();
        try (Reader reader = new java.io.InputStreamReader(GzipFiles.openUnpacked(file),
                StandardCharsets.UTF_8.newDecoder());
             CsvRows csv = CsvRows.of(file, reader)) {
            for (CsvRows.Row row; (row = csv.next()) != null; ) {
                if (header == null) {
                    header = row.cells();
                    columns = inputColumns(file, row.line(), header, model.features(), inputs);
                    continue;
                }
                if (row.cells().length != header.length) {
                    throw new UserInputException(file + ": line " + row.line() + ": expected " + header.length
                            + " values (as in the header) but found " + row.cells().length);
                }
                double[] values = new double[inputs];
                for (int c = 0; c < inputs; c++) {
                    values[c] = number(file, row, columns[c], header[columns[c]]) * model.inputScale();
                }
                rows.add(values);
                lines.add(row.line());
            }
        } catch (DataException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (header == null) {
            throw new UserInputException(file + ": the file is empty; expected a header row and data rows");
        }
        if (rows.isEmpty()) {
            throw new UserInputException(file + ": the file has a header but no data rows");
        }
        double[] data = new double[rows.size() * inputs];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, data, r * inputs, inputs);
        }
        return Matrix.of(Tensor.wrap(rows.size(), inputs, data));
    }

    /** The header positions of the model's inputs, in input order. */
    private static int[] inputColumns(Path file, int line, String[] header, List<String> features, int inputs) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (positions.putIfAbsent(header[i], i) != null) {
                throw new UserInputException(file + ": line " + line + ": the header names column "
                        + UserText.quote(header[i]) + " twice");
            }
        }
        int[] columns = new int[inputs];
        if (features.isEmpty()) {
            if (header.length != inputs) {
                throw new UserInputException(file + ": line " + line + ": the header has " + header.length
                        + " columns but the model takes " + inputs + " inputs (it names no feature columns, so "
                        + "every column is an input, in order)");
            }
            for (int i = 0; i < inputs; i++) {
                columns[i] = i;
            }
            return columns;
        }
        List<String> missing = features.stream().filter(f -> !positions.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new UserInputException(file + ": line " + line + ": no column" + (missing.size() > 1 ? "s " : " ")
                    + UserText.quoteAll(missing, 20) + "; the model's inputs are " + UserText.quoteAll(features, 20)
                    + " and the header has " + UserText.quoteAll(Arrays.asList(header), 20));
        }
        for (int i = 0; i < inputs; i++) {
            columns[i] = positions.get(features.get(i));
        }
        return columns;
    }

    private static double number(Path file, CsvRows.Row row, int cell, String column) {
        try {
            return PlainNumbers.parse(row.cells()[cell]);
        } catch (PlainNumbers.NotAPlainNumberException e) {
            throw new UserInputException(file + ":" + row.lines()[cell] + ":" + row.columns()[cell] + ": column "
                    + UserText.quote(column) + ": " + e.getMessage());
        }
    }

    private static Matrix idx(Path file, TrainedModel model) throws IOException {
        IdxFile images;
        try {
            images = IdxFile.read(file, 3);
        } catch (DataException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        int height = images.dimensions()[1];
        int width = images.dimensions()[2];
        long pixels = (long) height * width;
        int inputs = model.model().network().inputSize();
        if (pixels != inputs) {
            throw new UserInputException(file + ": byte offset 8: images of " + height + "x" + width + " = "
                    + pixels + " pixels but the model takes " + inputs + " inputs");
        }
        return Matrix.ofUnsignedBytes(images.dimensions()[0], inputs, images.data(), model.inputScale());
    }

    /** The first {@code count} bytes of the file's content (after gunzip when it is gzipped). */
    private static byte[] firstBytes(Path file, int count) throws IOException {
        try (InputStream in = GzipFiles.openUnpacked(file)) {
            return in.readNBytes(count);
        } catch (ZipException | java.io.EOFException e) {
            throw new UserInputException(file + ": the gzip data is corrupt or cut short (" + e.getMessage() + ")");
        }
    }
}
