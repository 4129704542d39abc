package dev.nn.it;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter's values as read from a test's input or output: a weight matrix (rows x columns) or a bias (one row),
 * flattened row-major.
 *
 * @param rows the number of rows; 1 for a bias
 * @param columns the number of columns
 * @param values {@code rows * columns} values, row-major
 */
record Matrix(int rows, int columns, double[] values) {
    Matrix {
        requireNonNull(values, "values is null");
        if (values.length != rows * columns) {
            throw new IllegalArgumentException(rows + " x " + columns + " but " + values.length + " values");
        }
    }

    /**
     * Reads a JSON or YAML node: a list of numbers (one row) or a list of equally long lists of numbers.
     *
     * @throws IllegalArgumentException when the node is anything else (a ragged list, a string, ...)
     */
    static Matrix of(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty list but found " + node);
        }
        if (!node.get(0).isArray()) {
            return new Matrix(1, node.size(), numbers(node));
        }
        List<double[]> rows = new ArrayList<>();
        for (JsonNode row : node) {
            rows.add(numbers(row));
        }
        int columns = rows.get(0).length;
        double[] values = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + rows.get(r).length + " values, row 0 has "
                        + columns + ": " + node);
            }
            System.arraycopy(rows.get(r), 0, values, r * columns, columns);
        }
        return new Matrix(rows.size(), columns, values);
    }

    private static double[] numbers(JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("expected a list of numbers but found " + list);
        }
        double[] values = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = list.get(i);
            if (!value.isNumber()) {
                throw new IllegalArgumentException("expected a number but found " + value + " in " + list);
            }
            values[i] = value.doubleValue();
        }
        return values;
    }

    /** e.g. {@code 4 x 3}. */
    String shape() {
        return rows + " x " + columns;
    }
}
