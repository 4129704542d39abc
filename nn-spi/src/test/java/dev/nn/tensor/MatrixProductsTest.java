package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class MatrixProductsTest {
    /**
     * {@code n, k, m}: outer, inner and other outer dimension; 1, primes and an empty inner dimension, small enough
     * for the plain loop, large enough for packed tiles (more than 4096 multiply-adds, inner dimension past a depth
     * block of 128, edges that are not whole tiles) and for sharing between threads (more than 2^17).
     */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1),
                Arguments.of(1, 7, 1),
                Arguments.of(7, 1, 13),
                Arguments.of(13, 7, 1),
                Arguments.of(7, 13, 7),
                Arguments.of(2, 3, 5),
                Arguments.of(13, 13, 13),
                Arguments.of(3, 0, 4),
                Arguments.of(1, 0, 1),
                Arguments.of(0, 5, 3),
                Arguments.of(17, 131, 19),
                Arguments.of(1, 257, 37),
                Arguments.of(37, 1, 257),
                Arguments.of(67, 257, 41),
                Arguments.of(131, 13, 97));
    }

    @ParameterizedTest(name = "n={0}, k={1}, m={2}")
    @MethodSource("shapes")
    void multiplyTransposedBMatchesTheNaiveProduct(int n, int k, int m) {
        Random random = new Random(31L * n + 7L * k + m);
        double[][] a = randomMatrix(random, n, k);
        double[][] b = randomMatrix(random, m, k);
        double[][] expected = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int p = 0; p < k; p++) {
                    expected[i][j] = Math.fma(a[i][p], b[j][p], expected[i][j]);
                }
            }
        }
        Tensor out = garbage(n, m);

        MatrixProducts.multiplyTransposedB(tensor(a, n, k), tensor(b, m, k), out);

        assertMatrix(expected, out);
    }

    @ParameterizedTest(name = "n={0}, k={1}, m={2}")
    @MethodSource("shapes")
    void multiplyTransposedAMatchesTheNaiveProduct(int n, int k, int m) {
        // out (m x k2) = a^T b with a (k x m), b (k x n): the summed dimension is k, which may be 0.
        Random random = new Random(17L * n + 5L * k + m);
        double[][] a = randomMatrix(random, k, m);
        double[][] b = randomMatrix(random, k, n);
        double[][] expected = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    expected[i][j] = Math.fma(a[p][i], b[p][j], expected[i][j]);
                }
            }
        }
        Tensor out = garbage(m, n);

        MatrixProducts.multiplyTransposedA(tensor(a, k, m), tensor(b, k, n), out);

        assertMatrix(expected, out);
    }

    @ParameterizedTest(name = "n={0}, k={1}, m={2}")
    @MethodSource("shapes")
    void multiplyMatchesTheNaiveProduct(int n, int k, int m) {
        Random random = new Random(13L * n + 11L * k + m);
        double[][] a = randomMatrix(random, n, k);
        double[][] b = randomMatrix(random, k, m);
        double[][] expected = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int p = 0; p < k; p++) {
                    expected[i][j] = Math.fma(a[i][p], b[p][j], expected[i][j]);
                }
            }
        }
        Tensor out = garbage(n, m);

        MatrixProducts.multiply(tensor(a, n, k), tensor(b, k, m), out);

        assertMatrix(expected, out);
    }

    @Test
    void repeatedLargeProductsAreBitIdentical() {
        Random random = new Random(5);
        Tensor a = tensor(randomMatrix(random, 67, 257), 67, 257);
        Tensor b = tensor(randomMatrix(random, 41, 257), 41, 257);
        Tensor first = garbage(67, 41);
        Tensor second = garbage(67, 41);

        MatrixProducts.multiplyTransposedB(a, b, first);
        MatrixProducts.multiplyTransposedB(a, b, second);

        assertArrayEquals(first.data(), second.data());
    }

    @Test
    void aSmallProductByHand() {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor w = Tensor.of(new double[][] {{5, 6}, {7, 8}});
        Tensor out = Tensor.zeros(2, 2);

        MatrixProducts.multiplyTransposedB(x, w, out);
        assertArrayEquals(new double[] {17, 23, 39, 53}, out.data());

        MatrixProducts.multiplyTransposedA(x, w, out);
        assertArrayEquals(new double[] {26, 30, 38, 44}, out.data());

        MatrixProducts.multiply(x, w, out);
        assertArrayEquals(new double[] {19, 22, 43, 50}, out.data());
    }

    @Test
    void multiplyTransposedBRejectsDifferentInnerDimensionsNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiplyTransposedB(Tensor.zeros(2, 3), Tensor.zeros(4, 5), Tensor.zeros(2, 4)));

        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("4x5"), e.getMessage());
    }

    @Test
    void multiplyTransposedARejectsDifferentRowCountsNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiplyTransposedA(Tensor.zeros(2, 3), Tensor.zeros(5, 4), Tensor.zeros(3, 4)));

        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("5x4"), e.getMessage());
    }

    @Test
    void multiplyRejectsDifferentInnerDimensionsNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiply(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 3)));

        assertTrue(e.getMessage().contains("a is 2x3") && e.getMessage().contains("b is 2x3"), e.getMessage());
    }

    @Test
    void aWrongOutputShapeIsRejectedNamingExpectedAndFound() {
        IllegalArgumentException forward = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiplyTransposedB(Tensor.zeros(2, 3), Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiplyTransposedA(Tensor.zeros(2, 3), Tensor.zeros(2, 4), Tensor.zeros(4, 3)));
        IllegalArgumentException inputs = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiply(Tensor.zeros(2, 3), Tensor.zeros(3, 4), Tensor.zeros(2, 3)));

        assertTrue(forward.getMessage().contains("2x4") && forward.getMessage().contains("4x2"), forward.getMessage());
        assertTrue(weights.getMessage().contains("3x4") && weights.getMessage().contains("4x3"), weights.getMessage());
        assertTrue(inputs.getMessage().contains("2x4") && inputs.getMessage().contains("2x3"), inputs.getMessage());
    }

    private static double[][] randomMatrix(Random random, int rows, int columns) {
        double[][] values = new double[rows][columns];
        for (double[] row : values) {
            for (int c = 0; c < columns; c++) {
                row[c] = random.nextDouble() * 4 - 2;
            }
        }
        return values;
    }

    /** {@code Tensor.of} cannot express {@code n x 0}, so build the data by hand. */
    private static Tensor tensor(double[][] values, int rows, int columns) {
        double[] data = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values[r], 0, data, r * columns, columns);
        }
        return Tensor.wrap(rows, columns, data);
    }

    /** An output holding values that must all be overwritten. */
    private static Tensor garbage(int rows, int columns) {
        return Tensor.zeros(rows, columns).fillInPlace(Double.NaN);
    }

    /**
     * Exact: the documented contract is one fused multiply-add chain per element in increasing index order from 0,
     * which is what the naive loops above compute.
     */
    private static void assertMatrix(double[][] expected, Tensor actual) {
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], actual.rowCopy(r), "row " + r);
        }
    }
}
