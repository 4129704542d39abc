package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * Rows of numbers held compactly: data sets keep their samples in the smallest faithful form (bytes with a scale
 * for images) and copy rows out one batch at a time, as {@code double} or, for a float32 network, as {@code float}
 * (each value the {@code double} one rounded once).
 */
public interface Matrix {
    int rows();

    int columns();

    /** Writes row {@code row} into {@code destination[offset .. offset + columns())}. */
    void copyRow(int row, double[] destination, int offset);

    /**
     * Writes row {@code row} into {@code destination[offset .. offset + columns())}, each value the one
     * {@link #copyRow(int, double[], int)} gives rounded to {@code float}. This default goes through a kept
     * {@code double} row of the calling thread; a matrix that can write floats directly should override it.
     */
    default void copyRow(int row, float[] destination, int offset) {
        double[] values = MatrixRows.scratch(columns());
        copyRow(row, values, 0);
        for (int c = 0, columns = columns(); c < columns; c++) {
            destination[offset + c] = (float) values[c];
        }
    }

    /** A matrix backed by {@code tensor} (not copied). */
    static Matrix of(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor is null");
        return new Matrix() {
            @Override
            public int rows() {
                return tensor.rows();
            }

            @Override
            public int columns() {
                return tensor.columns();
            }

            @Override
            public void copyRow(int row, double[] destination, int offset) {
                int columns = tensor.columns();
                if (tensor.isFloat32()) {
                    float[] values = tensor.floatData();
                    for (int c = 0, from = row * columns; c < columns; c++, from++) {
                        destination[offset + c] = values[from];
                    }
                } else {
                    System.arraycopy(tensor.data(), row * columns, destination, offset, columns);
                }
            }

            @Override
            public void copyRow(int row, float[] destination, int offset) {
                int columns = tensor.columns();
                if (tensor.isFloat32()) {
                    System.arraycopy(tensor.floatData(), row * columns, destination, offset, columns);
                } else {
                    double[] values = tensor.data();
                    for (int c = 0, from = row * columns; c < columns; c++, from++) {
                        destination[offset + c] = (float) values[from];
                    }
                }
            }
        };
    }

    /**
     * A matrix of unsigned bytes, each read as {@code (value & 0xFF) * scale}: one byte per value, e.g. pixels.
     *
     * @param values row-major, {@code rows * columns} bytes (not copied)
     */
    static Matrix ofUnsignedBytes(int rows, int columns, byte[] values, double scale) {
        Objects.requireNonNull(values, "values is null");
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException(values.length + " bytes do not fill " + rows + "x" + columns);
        }
        return new Matrix() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public int columns() {
                return columns;
            }

            @Override
            public void copyRow(int row, double[] destination, int offset) {
                int start = row * columns;
                for (int c = 0; c < columns; c++) {
                    destination[offset + c] = (values[start + c] & 0xFF) * scale;
                }
            }

            @Override
            public void copyRow(int row, float[] destination, int offset) {
                int start = row * columns;
                for (int c = 0; c < columns; c++) {
                    destination[offset + c] = (float) ((values[start + c] & 0xFF) * scale);
                }
            }
        };
    }

    /** Rows {@code indices} of {@code source}, in that order (a view: nothing is copied). */
    static Matrix rowsOf(Matrix source, int[] indices) {
        Objects.requireNonNull(source, "source is null");
        int[] rows = indices.clone();
        return new Matrix() {
            @Override
            public int rows() {
                return rows.length;
            }

            @Override
            public int columns() {
                return source.columns();
            }

            @Override
            public void copyRow(int row, double[] destination, int offset) {
                source.copyRow(rows[row], destination, offset);
            }

            @Override
            public void copyRow(int row, float[] destination, int offset) {
                source.copyRow(rows[row], destination, offset);
            }
        };
    }

    /** The whole matrix as a new tensor. */
    default Tensor toTensor() {
        Tensor tensor = Tensor.zeros(rows(), columns());
        for (int r = 0; r < rows(); r++) {
            copyRow(r, tensor.data(), r * columns());
        }
        return tensor;
    }
}
