package dev.nn.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major matrix of {@code double} or {@code float} ({@link #dataType()}): {@code rows x columns}, where a
 * row is one sample.
 *
 * <p>Shapes are checked: every operation that combines tensors throws {@link IllegalArgumentException} naming both
 * shapes when they do not fit. Methods ending in {@code InPlace} modify this tensor; all others leave it as it is.
 * {@link #data()} (float64) and {@link #floatData()} (float32) expose the backing array for kernels: element
 * {@code (r, c)} is at {@code r * columns + c}. Asking a tensor for the array of the other type throws
 * {@link IllegalStateException}: a component that only computes in float64 was handed float32 values (see
 * {@link dev.nn.spi.Layer#supportsFloat32()}, by which the platform knows which components to run widened).
 * {@link #get}, {@link #set} and {@link #fillInPlace} work on both, reading and writing {@code double}; a float32
 * tensor rounds what it is given to the nearest {@code float}.
 */
public final class Tensor {
    private final int rows;
    private final int columns;
    private final double[] data;
    private final float[] floats;

    private Tensor(int rows, int columns, double[] data) {
        this.rows = rows;
        this.columns = columns;
        this.data = data;
        this.floats = null;
    }

    private Tensor(int rows, int columns, float[] floats) {
        this.rows = rows;
        this.columns = columns;
        this.data = null;
        this.floats = floats;
    }

    /** A float64 tensor of zeros. */
    public static Tensor zeros(int rows, int columns) {
        checkDimensions(rows, columns);
        return new Tensor(rows, columns, new double[Math.multiplyExact(rows, columns)]);
    }

    /** A tensor of zeros of type {@code type}. */
    public static Tensor zeros(int rows, int columns, DataType type) {
        if (type == DataType.FLOAT64) {
            return zeros(rows, columns);
        }
        checkDimensions(rows, columns);
        return new Tensor(rows, columns, new float[Math.multiplyExact(rows, columns)]);
    }

    /** Wraps {@code data} (not copied) as a float32 {@code rows x columns} tensor. */
    public static Tensor wrap(int rows, int columns, float[] data) {
        checkDimensions(rows, columns);
        Objects.requireNonNull(data, "data is null");
        if (data.length != (long) rows * columns) {
            throw new IllegalArgumentException(
                    "data of length " + data.length + " does not fill a tensor of shape " + shape(rows, columns));
        }
        return new Tensor(rows, columns, data);
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
        return data != null ? data.length : floats.length;
    }

    /** The element type. */
    public DataType dataType() {
        return data != null ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /** Whether the elements are {@code float}. */
    public boolean isFloat32() {
        return floats != null;
    }

    /**
     * The backing array of a float64 tensor, row-major; writes to it are writes to this tensor.
     *
     * @throws IllegalStateException for a float32 tensor
     */
    public double[] data() {
        if (data == null) {
            throw new IllegalStateException("a float32 tensor of shape " + shape() + " was asked for float64 values: "
                    + "a component that computes only in float64 was given float32 values (it should not declare "
                    + "supportsFloat32(), or it should read floatData())");
        }
        return data;
    }

    /**
     * The backing array of a float32 tensor, row-major; writes to it are writes to this tensor.
     *
     * @throws IllegalStateException for a float64 tensor
     */
    public float[] floatData() {
        if (floats == null) {
            throw new IllegalStateException("a float64 tensor of shape " + shape() + " was asked for float32 values");
        }
        return floats;
    }

    /** The element at {@code (row, column)}, widened to {@code double} for a float32 tensor. */
    public double get(int row, int column) {
        int i = index(row, column);
        return data != null ? data[i] : floats[i];
    }

    /** Sets the element at {@code (row, column)}; a float32 tensor stores the nearest {@code float}. */
    public void set(int row, int column, double value) {
        int i = index(row, column);
        if (data != null) {
            data[i] = value;
        } else {
            floats[i] = (float) value;
        }
    }

    /** The element at row-major index {@code index}, widened to {@code double} for a float32 tensor. */
    public double getFlat(int index) {
        return data != null ? data[index] : floats[index];
    }

    /** Sets the element at row-major index {@code index}; a float32 tensor stores the nearest {@code float}. */
    public void setFlat(int index, double value) {
        if (data != null) {
            data[index] = value;
        } else {
            floats[index] = (float) value;
        }
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

    /** A deep copy, of the same type. */
    public Tensor copy() {
        return data != null ? new Tensor(rows, columns, data.clone()) : new Tensor(rows, columns, floats.clone());
    }

    /** A copy of type {@code type}: the same tensor's copy, widened exactly or rounded to the nearest float. */
    public Tensor copyAs(DataType type) {
        if (type == dataType()) {
            return copy();
        }
        return Tensor.zeros(rows, columns, type).copyFromInPlace(this);
    }

    /**
     * Copies {@code source}'s values into this tensor; shapes must match. Between types the values are widened
     * exactly (float32 to float64) or rounded to the nearest {@code float} (float64 to float32).
     */
    public Tensor copyFromInPlace(Tensor source) {
        requireSameShape(source, "copy");
        if (data != null && source.data != null) {
            System.arraycopy(source.data, 0, data, 0, data.length);
        } else if (floats != null && source.floats != null) {
            System.arraycopy(source.floats, 0, floats, 0, floats.length);
        } else if (data != null) {
            float[] from = source.floats;
            for (int i = 0; i < data.length; i++) {
                data[i] = from[i];
            }
        } else {
            double[] from = source.data;
            for (int i = 0; i < floats.length; i++) {
                floats[i] = (float) from[i];
            }
        }
        return this;
    }

    /** Sets every element to {@code value} (rounded to the nearest {@code float} in a float32 tensor). */
    public Tensor fillInPlace(double value) {
        if (data != null) {
            Arrays.fill(data, value);
        } else {
            Arrays.fill(floats, (float) value);
        }
        return this;
    }

    /** Copies row {@code row} out as a new array (widened for a float32 tensor). */
    public double[] rowCopy(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " outside a tensor of shape " + shape());
        }
        double[] result = new double[columns];
        for (int c = 0; c < columns; c++) {
            result[c] = getFlat(row * columns + c);
        }
        return result;
    }

    /** The values as an array of rows (widened for a float32 tensor). */
    public double[][] toArray() {
        double[][] result = new double[rows][];
        for (int r = 0; r < rows; r++) {
            result[r] = rowCopy(r);
        }
        return result;
    }

    /** Whether every element is finite (neither NaN nor infinite). */
    public boolean isFinite() {
        if (data != null) {
            return Elementwise.allFinite(data);
        }
        return FloatElementwise.allFinite(floats);
    }

    /** Equal shape, type and elements (as {@link Arrays#equals(double[], double[])} compares them). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor other && rows == other.rows && columns == other.columns
                && Arrays.equals(data, other.data) && Arrays.equals(floats, other.floats);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + (data != null ? Arrays.hashCode(data) : 7 * Arrays.hashCode(floats));
    }

    @Override
    public String toString() {
        return "Tensor" + shape() + (floats != null ? "(float32)" : "") + Arrays.deepToString(toArray());
    }
}
