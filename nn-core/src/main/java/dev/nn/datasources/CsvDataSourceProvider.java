package dev.nn.datasources;

import dev.nn.input.InputFiles;
import dev.nn.input.PlainNumbers;
import dev.nn.input.UserText;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code csv}: a comma-separated file with a header row.
 *
 * <p>Parameters: {@code path} (required); {@code label}, a categorical column one-hot encoded with the class names
 * kept (sorted, or as {@code classes} lists them), or {@code targets}, a list of numeric columns for regression, in
 * the order given; {@code features}, the input columns (default: every other column); {@code scale}, a factor > 0
 * applied to every input (default 1); {@code limit}, the most rows to read. Names are each given once.
 *
 * <p>Cells are numbers only in {@link PlainNumbers}' grammar, reported at their line and column otherwise; the file
 * must be a regular file ({@link InputFiles}) of UTF-8 text without control characters but tabs and line breaks.
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
        List<String> targets = distinct(parameters, "targets", "each column name once");
        List<String> features = distinct(parameters, "features", "each column name once");
        List<String> classes = distinct(parameters, "classes", "each class name once");
        double scale = positiveScale(parameters);
        long limit = parameters.getLong("limit", Long.MAX_VALUE);
        if (label == null && targets == null) {
            throw new ParameterException("label", "a label column (classification) or 'targets' (regression)",
                    "neither");
        }
        if (label != null && targets != null) {
            throw new ParameterException("targets", "either 'label' or 'targets', not both", "both");
        }
        if (classes != null && label == null) {
            throw new ParameterException("classes", "no 'classes' for regression (they name a label's values)",
                    "classes with 'targets'");
        }
        if (limit < 1) {
            throw new ParameterException("limit", "a whole number >= 1", Long.toString(limit));
        }
        List<String> outputs = label != null ? List.of(label) : targets;
        if (features != null) {
            for (String feature : features) {
                if (outputs.contains(feature)) {
                    throw new ParameterException("features", "input columns other than the "
                            + (label != null ? "label" : "targets"), UserText.quote(feature) + ", which is "
                            + (label != null ? "the label" : "a target"));
                }
            }
        }
        return context -> read(context, path, label, targets, features, classes, scale, limit);
    }

    /** {@code scale}: a finite factor > 0 (0 would make every input 0), default 1. */
    static double positiveScale(ComponentParameters parameters) {
        double scale = parameters.getDouble("scale", 1.0);
        if (!(scale > 0)) {
            throw new ParameterException("scale", "a number > 0 (the factor applied to every input)",
                    Double.toString(scale));
        }
        return scale;
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
            throw new ParameterException(name, "a non-empty list of " + ("classes".equals(name) ? "class" : "column")
                    + " names", value instanceof String text ? "the string " + UserText.quote(text)
                    : value instanceof List<?> list ? (list.isEmpty() ? "an empty list" : "a list with an element that "
                    + "is not a name") : value instanceof Map<?, ?> ? "a mapping" : UserText.clip(value.toString()));
        }
        return (List<String>) list;
    }

    /** Like {@link #stringList}, refusing a name given twice. */
    static List<String> distinct(ComponentParameters parameters, String name, String expected) {
        List<String> values = stringList(parameters, name);
        if (values != null) {
            Set<String> seen = new HashSet<>();
            for (String value : values) {
                if (!seen.add(value)) {
                    throw new ParameterException(name, expected, UserText.quote(value) + " twice");
                }
            }
        }
        return values;
    }

    private static DataTable read(DataContext context, String pathText, String label, List<String> targetColumns,
                                  List<String> featureColumns, List<String> classes, double scale, long limit)
            throws IOException {
        Path path = context.resolve(pathText);
        Optional<String> kind = InputFiles.notRegular(path);
        if (kind.isPresent()) {
            throw new NoSuchFileException(path.toString(), null, kind.get());
        }
        Optional<String> content = InputFiles.problem(path);
        if (content.isPresent()) {
            throw new DataException(path, "", content.get());
        }
        List<String> outputs = label != null ? List.of(label) : targetColumns;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             CsvRows csv = CsvRows.of(path, reader)) {
            CsvRows.Row header = csv.next();
            if (header == null) {
                throw new DataException(path, "", "the file is empty; expected a header row and data rows");
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (int i = 0; i < header.cells().length; i++) {
                if (columns.putIfAbsent(header.cells()[i], i) != null) {
                    throw new DataException(path, header.lines()[i], header.columns()[i], "the header names column "
                            + UserText.quote(header.cells()[i]) + " twice");
                }
            }
            for (String column : outputs) {
                requireColumn(path, header.line(), columns, column);
            }
            List<String> inputs = featureColumns != null ? featureColumns
                    : columns.keySet().stream().filter(c -> !outputs.contains(c)).toList();
            for (String column : inputs) {
                requireColumn(path, header.line(), columns, column);
            }
            int[] inputAt = inputs.stream().mapToInt(columns::get).toArray();
            int[] outputAt = outputs.stream().mapToInt(columns::get).toArray();
            List<String> known = !context.classNames().isEmpty() ? context.classNames() : classes;
            Map<String, Integer> classIndex = known == null ? new HashMap<>() : index(known);
            Numbers features = new Numbers(path);
            Numbers targets = new Numbers(path);
            List<String> labels = new ArrayList<>();
            int samples = 0;
            for (CsvRows.Row row; samples < limit && (row = csv.next()) != null; samples++) {
                String[] cells = row.cells();
                if (cells.length != header.cells().length) {
                    throw new DataException(path, "line " + row.line(), "expected " + header.cells().length
                            + " values (as in the header) but found " + cells.length);
                }
                for (int c = 0; c < inputAt.length; c++) {
                    double scaled = number(path, row, inputAt[c], inputs.get(c)) * scale;
                    if (!Double.isFinite(scaled)) {
                        throw new DataException(path, row.lines()[inputAt[c]], row.columns()[inputAt[c]], "column "
                                + UserText.quote(inputs.get(c)) + ": " + row.cells()[inputAt[c]] + " times the scale "
                                + scale + " is too large for a number");
                    }
                    features.add(scaled);
                }
                if (label == null) {
                    for (int c = 0; c < outputAt.length; c++) {
                        targets.add(number(path, row, outputAt[c], outputs.get(c)));
                    }
                    continue;
                }
                String value = cells[outputAt[0]];
                if (value.isEmpty()) {
                    throw new DataException(path, row.lines()[outputAt[0]], row.columns()[outputAt[0]], "column "
                            + UserText.quote(label) + ": expected a class label but found an empty value");
                }
                if (known != null && !classIndex.containsKey(value)) {
                    throw new DataException(path, row.lines()[outputAt[0]], row.columns()[outputAt[0]], "column "
                            + UserText.quote(label) + ": unknown class " + UserText.quote(value)
                            + "; the classes are " + names(known));
                }
                labels.add(value);
            }
            if (samples == 0) {
                throw new DataException(path, "", "the file has a header but no data rows");
            }
            Matrix inputMatrix = Matrix.of(Tensor.wrap(samples, inputs.size(), features.toArray()));
            if (label == null) {
                return new DataTable(inputMatrix, Matrix.of(Tensor.wrap(samples, outputs.size(), targets.toArray())),
                        List.of(), inputs, scale, List.of(path));
            }
            List<String> classNames = known != null ? known : List.copyOf(new TreeSet<>(labels));
            if (known == null) {
                classIndex = index(classNames);
            }
            double[] oneHot = new double[samples * classNames.size()];
            for (int r = 0; r < samples; r++) {
                oneHot[r * classNames.size() + classIndex.get(labels.get(r))] = 1.0;
            }
            return new DataTable(inputMatrix, Matrix.of(Tensor.wrap(samples, classNames.size(), oneHot)),
                    classNames, inputs, scale, List.of(path));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(path);
        }
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (String name : names) {
            index.putIfAbsent(name, index.size());
        }
        return index;
    }

    /** The names quoted for a message, at most ten of them. */
    static String names(List<String> names) {
        return UserText.quoteAll(names, 10);
    }

    /** Doubles appended one at a time, without boxing. */
    private static final class Numbers {
        private final Path file;
        private double[] values = new double[1024];
        private int size;

        Numbers(Path file) {
            this.file = file;
        }

        void add(double value) {
            if (size == values.length) {
                if (values.length >= Integer.MAX_VALUE - 8 - values.length) {
                    throw new DataException(file, "", "holds more numbers than nn can hold in one array (2147483639)");
                }
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
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

    private static void requireColumn(Path path, int line, Map<String, Integer> columns, String column) {
        if (!columns.containsKey(column)) {
            throw new DataException(path, "line " + line, "no column " + UserText.quote(column)
                    + "; the header has: " + names(List.copyOf(columns.keySet())));
        }
    }

    private static double number(Path path, CsvRows.Row row, int cell, String column) {
        try {
            return PlainNumbers.parse(row.cells()[cell]);
        } catch (PlainNumbers.NotAPlainNumberException e) {
            throw new DataException(path, row.lines()[cell], row.columns()[cell], "column " + UserText.quote(column)
                    + ": " + e.getMessage());
        }
    }
}
