package dev.nn.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows copied as floats are the double rows rounded once, whichever matrix holds them. */
final class MatrixTest {
    private static final int ROWS = 5;
    private static final int COLUMNS = 7;

    @Test
    void everyMatrixCopiesFloatRowsAsItsDoubleRowsRounded() {
        Random random = new Random(7);
        Tensor doubles = Tensor.zeros(ROWS, COLUMNS);
        Tensor floats = Tensor.zeros(ROWS, COLUMNS, DataType.FLOAT32);
        byte[] bytes = new byte[ROWS * COLUMNS];
        random.nextBytes(bytes);
        for (int i = 0; i < ROWS * COLUMNS; i++) {
            doubles.setFlat(i, random.nextGaussian() / 3);
            floats.setFlat(i, random.nextGaussian() / 3);
        }
        Matrix plain = new Matrix() { // only the double copy: the float one is the interface's default
            @Override
            public int rows() {
                return ROWS;
            }

            @Override
            public int columns() {
                return COLUMNS;
            }

            @Override
            public void copyRow(int row, double[] destination, int offset) {
                for (int c = 0; c < COLUMNS; c++) {
                    destination[offset + c] = doubles.get(row, c) * 1.1;
                }
            }
        };
        List<Matrix> matrices = List.of(Matrix.of(doubles), Matrix.of(floats),
                Matrix.ofUnsignedBytes(ROWS, COLUMNS, bytes, 1 / 255.0),
                Matrix.rowsOf(Matrix.of(doubles), new int[] {4, 0, 2}), plain);
        for (Matrix matrix : matrices) {
            for (int row = 0; row < matrix.rows(); row++) {
                double[] wide = new double[COLUMNS + 2];
                matrix.copyRow(row, wide, 2);
                float[] expected = new float[COLUMNS + 3];
                for (int c = 0; c < COLUMNS; c++) {
                    expected[3 + c] = (float) wide[2 + c];
                }
                float[] actual = new float[COLUMNS + 3];
                matrix.copyRow(row, actual, 3);
                assertArrayEquals(expected, actual, matrix + ", row " + row);
            }
        }
        double[] row = new double[COLUMNS];
        Matrix.of(floats).copyRow(1, row, 0);
        assertEquals(floats.get(1, 3), row[3], "a float32 tensor's double row holds its floats exactly");
    }
}
