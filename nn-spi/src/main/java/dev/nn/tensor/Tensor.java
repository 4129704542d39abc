package dev.nn.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major matrix of {@code double}: {@code rows x columns}, where a row is one sample.
 *
 * <p>Shapes are checked: every operation that combines tensors throws {@link IllegalArgumentException} naming both
 * shapes when they do not fit. Methods ending in {@code InPlace} modify this tensor; all others leave it as it is.
 * {@link #data()} exposes the backing array for kernels: element {@code (r, c)} is at {@code r * columns + c}.
 */
public final class Tensor {
    private final int rows;
    private final int columns;
    private final double[] data;

    private Tensor(int rows, int columns, double[] data) {
        this.rows = rows;
        this.columns = columns;
        this.data = data;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int rows, int columns) {
        checkDimensions(rows, columns);
        return new Tensor(rows, columns, new double[Math.multiplyExact(rows, columns)]);
    }

    /** Wraps {@code data} (not copied) as a {@code rows x columns} tensor. */
    public static Tensor wrap(int rows, int columns, double[] data) {
        checkDimensions(rows, columns);
        Objects.requireNonNull(data, "data is null");
        if (data.length != (long) rows * columns) {
            throw new IllegalArgumentException(
                    "data of length " + data.length + " does not fill a tensor of shape " + shape(rows, columns));
        }
        return new Tensor(rows, columns, data);
    }

    /** Copies a rectangular array of rows; a ragged array is rejected naming the first row that differs. */
    public static Tensor of(double[][] values) {
        Objects.requireNonNull(values, "values is null");
        int rows = values.length;
        int columns = rows == 0 ? 0 : values[0].length;
        double[] data = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            if (values[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length
                        + " values where row 0 has " + columns);
            }
            System.arraycopy(values[r], 0, data, r * columns, columns);
        }
        return new Tensor(rows, columns, data);
    }

    /** A {@code 1 x n} tensor holding a copy of {@code values}. */
    public static Tensor row(double... values) {
        return new Tensor(1, values.length, values.clone());
    }

    private static void checkDimensions(int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("negative shape " + shape(rows, columns));
        }
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Number of elements, {@code rows * columns}. */
    public int size() {
        return data.length;
    }

    /** The backing array, row-major; writes to it are writes to this tensor. */
    public double[] data() {
        return data;
    }

    public double get(int row, int column) {
        return data[index(row, column)];
    }

    public void set(int row, int column, double value) {
        data[index(row, column)] = value;
    }

    private int index(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("(" + row + ", " + column + ") outside a tensor of shape " + shape());
        }
        return row * columns + column;
    }

    /** The shape as text, {@code "2x3"}. */
    public String shape() {
        return shape(rows, columns);
    }

    private static String shape(int rows, int columns) {
        return rows + "x" + columns;
    }

    /** Whether {@code other} has the same number of rows and columns. */
    public boolean hasShape(int rows, int columns) {
        return this.rows == rows && this.columns == columns;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code other} has this tensor's shape.
     *
     * @param operation what was being done, for the message
     */
    public void requireSameShape(Tensor other, String operation) {
        if (!other.hasShape(rows, columns)) {
            throw new IllegalArgumentException(
                    operation + ": shapes " + shape() + " and " + other.shape() + " do not match");
        }
    }

    /** Throws {@link IllegalArgumentException} unless this tensor is {@code rows x columns}. */
    public void requireShape(int rows, int columns, String what) {
        if (!hasShape(rows, columns)) {
            throw new IllegalArgumentException(
                    what + ": expected shape " + shape(rows, columns) + " but found " + shape());
        }
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(rows, columns, data.clone());
    }

    /** Copies {@code source}'s values into this tensor; shapes must match. */
    public Tensor copyFromInPlace(Tensor source) {
        requireSameShape(source, "copy");
        System.arraycopy(source.data, 0, data, 0, data.length);
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fillInPlace(double value) {
        Arrays.fill(data, value);
        return this;
    }

    /** Copies row {@code row} out as a new array. */
    public double[] rowCopy(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " outside a tensor of shape " + shape());
        }
        return Arrays.copyOfRange(data, row * columns, (row + 1) * columns);
    }

    /** The values as an array of rows. */
    public double[][] toArray() {
        double[][] result = new double[rows][];
        for (int r = 0; r < rows; r++) {
            result[r] = Arrays.copyOfRange(data, r * columns, (r + 1) * columns);
        }
        return result;
    }

    /** Whether every element is finite (neither NaN nor infinite). */
    public boolean isFinite() {
        return Elementwise.allFinite(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor other && rows == other.rows && columns == other.columns
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shape() + Arrays.deepToString(toArray());
    }
}
