package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code X W^T} with {@code W^T} packed once ({@link Gemm#packAllB}, {@link FloatGemm#packAllB}) gives the same bits
 * as the product that packs it itself, on every kernel and thread count, at shapes with several depth blocks, part
 * panels, several row blocks and the transposed form (which ignores the packing); and the public form refuses a
 * packing of another tensor.
 */
final class PackedMatrixTest {
    /** rows x cols (the units) x depth (the inputs). */
    static final int[][] SHAPES = {
        {10, 64, 160}, {37, 70, 300}, {1100, 70, 203}, {600, 130, 129}, {64, 256, 784}, {200, 10, 300}, {3, 5, 7},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernel : KernelAgreementTest.kernels()) {
            for (int threads : new int[] {1, 2, 3}) {
                for (int[] shape : SHAPES) {
                    cases.add(Arguments.of(kernel, threads, shape[0], shape[1], shape[2]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} threads, {2}x{3}, depth {4}")
    @MethodSource("cases")
    void aPackedFloat64WeightMatrixGivesTheBitsOfPackingEachProduct(String kernel, int threads, int rows, int cols,
            int depth) {
        Gemm gemm = new Gemm(Kernels.select(kernel), threads);
        Random random = new Random(31L * rows + 7L * cols + depth);
        double[] x = new double[rows * depth];
        double[] w = new double[cols * depth];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
        }
        double[] packing = new double[rows * cols];
        double[] packed = new double[rows * cols];
        gemm.product(x, depth, 1, w, 1, depth, packing, rows, cols, depth);
        double[] panels = gemm.packAllB(w, 1, depth, cols, depth, null);
        gemm.product(x, depth, 1, w, 1, depth, panels, packed, rows, cols, depth);
        assertArrayEquals(packing, packed);
        // Packed again into the same storage after the weights changed: the new weights' product.
        for (int i = 0; i < w.length; i++) {
            w[i] = -0.5 * w[i] + 0.25;
        }
        assertSame(panels, gemm.packAllB(w, 1, depth, cols, depth, panels));
        gemm.product(x, depth, 1, w, 1, depth, packing, rows, cols, depth);
        gemm.product(x, depth, 1, w, 1, depth, panels, packed, rows, cols, depth);
        assertArrayEquals(packing, packed);
    }

    @ParameterizedTest(name = "{0}, {1} threads, {2}x{3}, depth {4}")
    @MethodSource("cases")
    void aPackedFloat32WeightMatrixGivesTheBitsOfPackingEachProduct(String kernel, int threads, int rows, int cols,
            int depth) {
        FloatGemm gemm = new FloatGemm(Kernels.selectFloat(kernel), threads);
        Random random = new Random(29L * rows + 5L * cols + depth);
        float[] x = new float[rows * depth];
        float[] w = new float[cols * depth];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        float[] packing = new float[rows * cols];
        float[] packed = new float[rows * cols];
        gemm.product(x, depth, 1, w, 1, depth, packing, rows, cols, depth);
        float[] panels = gemm.packAllB(w, 1, depth, cols, depth, null);
        gemm.product(x, depth, 1, w, 1, depth, panels, packed, rows, cols, depth);
        assertArrayEquals(packing, packed);
        for (int i = 0; i < w.length; i++) {
            w[i] = -0.5f * w[i] + 0.25f;
        }
        assertSame(panels, gemm.packAllB(w, 1, depth, cols, depth, panels));
        gemm.product(x, depth, 1, w, 1, depth, packing, rows, cols, depth);
        gemm.product(x, depth, 1, w, 1, depth, panels, packed, rows, cols, depth);
        assertArrayEquals(packing, packed);
    }

    @Test
    void theProductsOfBothTypesTakeAPackedMatrixAndGiveTheirOwnBits() {
        for (DataType type : DataType.values()) {
            Tensor x = filled(300, 200, type, 1);
            Tensor w = filled(90, 200, type, 2);
            Tensor expected = Tensor.zeros(300, 90, type);
            Tensor actual = Tensor.zeros(300, 90, type);
            MatrixProducts.multiplyTransposedB(x, w, expected);
            MatrixProducts.multiplyTransposedB(x, w, MatrixProducts.packForTransposedB(w, null), actual);
            long[] expectedBits = new long[expected.size()];
            long[] actualBits = new long[actual.size()];
            for (int i = 0; i < expected.size(); i++) {
                expectedBits[i] = Double.doubleToRawLongBits(expected.getFlat(i));
                actualBits[i] = Double.doubleToRawLongBits(actual.getFlat(i));
            }
            assertArrayEquals(expectedBits, actualBits, type.specName());
        }
    }

    @Test
    void aMatrixIsPackedOnlyForProductsThatPackItThemselves() {
        FloatGemm gemm = FloatGemm.shared();
        // A 10-unit output layer's X W^T is computed as (W X^T)^T, reading W in place: nothing to pack.
        PackedMatrix output = MatrixProducts.packForTransposedB(filled(10, 256, DataType.FLOAT32, 3), null);
        assertNull(output.panelsFor(gemm, 1000));
        // A 512-unit layer on 1000 rows packs W^T: packed on first use, then the same panels.
        PackedMatrix hidden = MatrixProducts.packForTransposedB(filled(512, 784, DataType.FLOAT32, 4), null);
        float[] panels = hidden.panelsFor(gemm, 1000);
        assertNotNull(panels);
        assertSame(panels, hidden.panelsFor(gemm, 1000));
    }

    @Test
    void aProductRefusesAMatrixPackedFromAnotherTensor() {
        Tensor x = filled(30, 20, DataType.FLOAT64, 1);
        Tensor w = filled(9, 20, DataType.FLOAT64, 2);
        Tensor sameValues = w.copy();
        PackedMatrix packed = MatrixProducts.packForTransposedB(sameValues, null);
        assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiplyTransposedB(x, w, packed, Tensor.zeros(30, 9)));
    }

    private static Tensor filled(int rows, int columns, DataType type, int seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, type);
        for (int i = 0; i < tensor.size(); i++) {
            tensor.setFlat(i, random.nextGaussian());
        }
        return tensor;
    }
}
