package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel and every vector tile, at every thread count, against a naive product: on shapes with sizes 1, primes,
 * exact multiples of the tiles (4, 6 and 8 rows; panels of 2 to 4 vectors) and sizes that leave every remainder of
 * rows and of panel columns, depths across the depth block, products large enough to be shared between threads, and
 * a tall one that is split by rows across several row blocks. Each result must equal the naive fused multiply-add
 * chain bit for bit, and the naive multiply-then-add sum to rounding.
 */
final class KernelAgreementTest {
    /** {@code rows, cols, depth}. */
    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 1, 7}, {1, 13, 1}, {2, 3, 5}, {7, 13, 7}, {13, 13, 13},
        {4, 32, 128}, {5, 33, 129}, {3, 17, 300}, {31, 37, 41}, {64, 10, 128},
        {67, 131, 257}, {97, 61, 13}, {2, 1009, 101}, {300, 5, 500}, {257, 7, 3},
        {1, 1000, 200}, {128, 96, 640},
        {6, 16, 128}, {8, 24, 256}, {12, 48, 131}, {24, 96, 129}, {14, 25, 127}, {23, 47, 255}, {19, 11, 3},
        {11, 71, 389}, {48, 40, 384}, {521, 19, 131}, {1100, 70, 203},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernel : kernels()) {
            for (int threads : new int[] {1, 2, 3}) {
                for (int[] shape : SHAPES) {
                    cases.add(Arguments.of(kernel, threads, shape[0], shape[1], shape[2]));
                }
            }
        }
        return cases.stream();
    }

    /** {@code scalar}, and when the JVM has the Vector API, {@code vector} (the machine's tile) and every tile. */
    static List<String> kernels() {
        List<String> kernels = new ArrayList<>(List.of("scalar"));
        if (Kernels.vectorModulePresent()) {
            kernels.add("vector");
            for (String tile : Kernels.TILES) {
                kernels.add("vector:" + tile);
            }
        }
        return kernels;
    }

    @ParameterizedTest(name = "{0}, {1} threads, {2}x{3}, depth {4}")
    @MethodSource("cases")
    void everyLayoutMatchesTheNaiveProduct(String kernel, int threads, int rows, int cols, int depth) {
        Gemm gemm = new Gemm(Kernels.select(kernel), threads);
        Random random = new Random(1_000_003L * rows + 1_009L * cols + depth);
        // C = A B with A rows x depth, B depth x cols, in each of the three storage layouts of MatrixProducts.
        double[] aRowMajor = random(random, rows * depth);
        double[] aColumnMajor = transpose(aRowMajor, rows, depth);
        double[] bRowMajor = random(random, depth * cols);
        double[] bColumnMajor = transpose(bRowMajor, depth, cols);
        double[] expectedFma = new double[rows * cols];
        double[] expectedPlain = new double[rows * cols];
        double[] scale = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double fma = 0;
                double plain = 0;
                double magnitude = 0;
                for (int p = 0; p < depth; p++) {
                    double x = aRowMajor[i * depth + p];
                    double y = bRowMajor[p * cols + j];
                    fma = Math.fma(x, y, fma);
                    plain += x * y;
                    magnitude += Math.abs(x * y);
                }
                expectedFma[i * cols + j] = fma;
                expectedPlain[i * cols + j] = plain;
                scale[i * cols + j] = magnitude;
            }
        }

        double[] forward = garbage(rows * cols);      // X W^T: A row-major, B stored as cols x depth
        gemm.product(aRowMajor, depth, 1, bColumnMajor, 1, depth, forward, rows, cols, depth);
        double[] weightGradient = garbage(rows * cols); // dZ^T X: A stored as depth x rows, B row-major
        gemm.product(aColumnMajor, 1, rows, bRowMajor, cols, 1, weightGradient, rows, cols, depth);
        double[] inputGradient = garbage(rows * cols);  // dZ W: both row-major
        gemm.product(aRowMajor, depth, 1, bRowMajor, cols, 1, inputGradient, rows, cols, depth);

        for (double[] actual : List.of(forward, weightGradient, inputGradient)) {
            for (int e = 0; e < actual.length; e++) {
                assertEquals(Double.doubleToLongBits(expectedFma[e]), Double.doubleToLongBits(actual[e]),
                        () -> "element " + actual.length + " differs from the fma chain");
                double tolerance = 4 * Math.ulp(1.0) * depth * scale[e] + Double.MIN_NORMAL;
                assertTrue(Math.abs(actual[e] - expectedPlain[e]) <= tolerance,
                        "element differs from the plain sum beyond rounding");
            }
        }
    }

    /** Uniform in [-1, 1), with some zeros of both signs, which ReLU layers produce (and whose sums keep a sign). */
    static double[] random(Random random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            int draw = random.nextInt(10);
            values[i] = draw == 0 ? 0.0 : draw == 1 ? -0.0 : random.nextDouble() * 2 - 1;
        }
        return values;
    }

    static double[] transpose(double[] values, int rows, int cols) {
        double[] result = new double[values.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                result[j * rows + i] = values[i * cols + j];
            }
        }
        return result;
    }

    static double[] garbage(int size) {
        double[] values = new double[size];
        java.util.Arrays.fill(values, Double.NaN);
        return values;
    }
}
