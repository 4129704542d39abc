package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * Rows of numbers held compactly: data sets keep their samples in the smallest faithful form (bytes with a scale
 * for images) and copy rows out as {@code double} one batch at a time.
 */
public interface Matrix {
    int rows();

    int columns();

    /** Writes row {@code row} into {@code destination[offset .. offset + columns())}. */
    void copyRow(int row, double[] destination, int offset);

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
                System.arraycopy(tensor.data(), row * tensor.columns(), destination, offset, tensor.columns());
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
