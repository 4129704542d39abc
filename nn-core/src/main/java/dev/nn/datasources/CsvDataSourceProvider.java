package dev.nn.datasources;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
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
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code csv}: a comma-separated file with a header row.
 *
 * <p>Parameters: {@code path} (required); {@code label}, a categorical column one-hot encoded with the class names
 * kept (sorted, or as {@code classes} lists them), or {@code targets}, a list of numeric columns for regression;
 * {@code features}, the input columns (default: every other column); {@code scale}, a factor applied to every
 * input (default 1); {@code limit}, the most rows to read.
 */
public final class CsvDataSourceProvider implements DataSourceProvider {
    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String description() {
        return "comma-separated values with a header row";
    }

    @Override
    public DataSource create(ComponentParameters parameters) {
        String path = parameters.getString("path", null);
        if (path == null) {
            throw new ParameterException("path", "the CSV file's path", "nothing");
        }
        String label = parameters.getString("label", null);
        List<String> targets = stringList(parameters, "targets");
        List<String> features = stringList(parameters, "features");
        List<String> classes = stringList(parameters, "classes");
        double scale = parameters.getDouble("scale", 1.0);
        long limit = parameters.getLong("limit", Long.MAX_VALUE);
        if (label == null && targets == null) {
            throw new ParameterException("label", "a label column (classification) or 'targets' (regression)",
                    "neither");
        }
        if (label != null && targets != null) {
            throw new ParameterException("targets", "either 'label' or 'targets', not both", "both");
        }
        if (limit < 1) {
            throw new ParameterException("limit", "a whole number >= 1", Long.toString(limit));
        }
        return context -> read(context, path, label, targets, features, classes, scale, limit);
    }

    /** A list of strings, or {@code null} when absent. */
    @SuppressWarnings("unchecked")
    static List<String> stringList(ComponentParameters parameters, String name) {
        Object value = parameters.getObject(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || list.isEmpty()
                || !list.stream().allMatch(v -> v instanceof String)) {
            throw new ParameterException(name, "a non-empty list of column names", String.valueOf(value));
        }
        return (List<String>) list;
    }

    private static DataTable read(DataContext context, String pathText, String label, List<String> targetColumns,
                                  List<String> featureColumns, List<String> classes, double scale, long limit)
            throws IOException {
        Path path = context.resolve(pathText);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null,
                    Files.isDirectory(path) ? "is a directory, not a CSV file" : "no such file");
        }
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             MappingIterator<String[]> iterator = mapper.readerFor(String[].class).readValues(reader)) {
            while (iterator.hasNextValue()) {
                JsonLocation at = iterator.getParser().currentLocation();
                String[] row = iterator.nextValue();
                if (row.length == 1 && row[0].isBlank()) {
                    continue;
                }
                rows.add(row);
                lines.add(at.getLineNr());
                if (rows.size() > limit) {
                    break;
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(path);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof java.nio.charset.CharacterCodingException) {
                    throw notUtf8(path);
                }
            }
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DataException(path, line > 0 ? "line " + line : "", "malformed CSV: " + e.getOriginalMessage());
        }
        if (rows.isEmpty()) {
            throw new DataException(path, "", "the file is empty; expected a header row and data rows");
        }
        String[] header = rows.get(0);
        if (header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1); // the byte-order mark spreadsheet programs put before UTF-8 text
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (columns.putIfAbsent(header[i], i) != null) {
                throw new DataException(path, "line 1", "the header names column '" + header[i] + "' twice");
            }
        }
        List<String> outputs = label != null ? List.of(label) : targetColumns;
        for (String column : outputs) {
            requireColumn(path, columns, column);
        }
        List<String> inputs = featureColumns != null ? featureColumns
                : columns.keySet().stream().filter(c -> !outputs.contains(c)).toList();
        for (String column : inputs) {
            requireColumn(path, columns, column);
        }
        int samples = Math.min(rows.size() - 1, (int) Math.min(limit, Integer.MAX_VALUE));
        if (samples == 0) {
            throw new DataException(path, "", "the file has a header but no data rows");
        }
        double[] features = new double[samples * inputs.size()];
        String[] labels = new String[samples];
        double[] targets = label == null ? new double[samples * outputs.size()] : null;
        for (int r = 0; r < samples; r++) {
            String[] row = rows.get(r + 1);
            String where = "line " + lines.get(r + 1);
            if (row.length != header.length) {
                throw new DataException(path, where, "expected " + header.length + " values (as in the header) but "
                        + "found " + row.length);
            }
            for (int c = 0; c < inputs.size(); c++) {
                features[r * inputs.size() + c] = number(path, where, inputs.get(c),
                        row[columns.get(inputs.get(c))]) * scale;
            }
            if (label != null) {
                labels[r] = row[columns.get(label)];
                if (labels[r].isEmpty()) {
                    throw new DataException(path, where, "column '" + label + "': expected a class label but found "
                            + "an empty value");
                }
            } else {
                for (int c = 0; c < outputs.size(); c++) {
                    targets[r * outputs.size() + c] = number(path, where, outputs.get(c),
                            row[columns.get(outputs.get(c))]);
                }
            }
        }
        Matrix inputMatrix = Matrix.of(Tensor.wrap(samples, inputs.size(), features));
        if (label == null) {
            return new DataTable(inputMatrix, Matrix.of(Tensor.wrap(samples, outputs.size(), targets)), List.of(),
                    inputs, scale, List.of(path));
        }
        List<String> classNames = !context.classNames().isEmpty() ? context.classNames()
                : classes != null ? classes : List.copyOf(new TreeSet<>(List.of(labels)));
        Map<String, Integer> classIndex = new LinkedHashMap<>();
        for (String name : classNames) {
            classIndex.put(name, classIndex.size());
        }
        double[] oneHot = new double[samples * classNames.size()];
        for (int r = 0; r < samples; r++) {
            Integer index = classIndex.get(labels[r]);
            if (index == null) {
                throw new DataException(path, "line " + lines.get(r + 1), "column '" + label + "': unknown class '"
                        + labels[r] + "'; the classes are " + String.join(", ", classNames));
            }
            oneHot[r * classNames.size() + index] = 1.0;
        }
        return new DataTable(inputMatrix, Matrix.of(Tensor.wrap(samples, classNames.size(), oneHot)), classNames,
                inputs, scale, List.of(path));
    }

    /** Where the first byte that is not UTF-8 is: read again in pieces, only when decoding failed. */
    private static DataException notUtf8(Path path) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(1 << 16);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(1 << 16);
        long offset = 0;
        long line = 1;
        try (java.io.InputStream stream = Files.newInputStream(path)) {
            boolean end = false;
            while (!end) {
                int read = stream.read(in.array(), in.position(), in.remaining());
                end = read < 0;
                if (read > 0) {
                    in.position(in.position() + read);
                }
                in.flip();
                int start = in.position();
                var result = decoder.decode(in, out.clear(), end);
                for (int i = start; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        line++;
                    }
                }
                offset += in.position() - start;
                if (result.isError()) {
                    return new DataException(path, "line " + line, String.format("the file is not UTF-8 text: "
                            + "invalid byte 0x%02X at byte offset %d", in.get(in.position()), offset));
                }
                in.compact();
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the message without a position
        }
        return new DataException(path, "", "the file is not UTF-8 text");
    }

    private static void requireColumn(Path path, Map<String, Integer> columns, String column) {
        if (!columns.containsKey(column)) {
            throw new DataException(path, "line 1", "no column '" + column + "'; the header has: "
                    + String.join(", ", columns.keySet()));
        }
    }

    private static double number(Path path, String where, String column, String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(path, where, "column '" + column + "': expected a finite number but found '"
                + text + "'");
    }
}
