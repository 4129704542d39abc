package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 products of {@link MatrixProducts}: each element is the one fma chain over the depth in increasing
 * order (the contract any faster float32 kernel keeps), they agree with the float64 products to float rounding, and
 * mixing types is refused.
 */
final class FloatProductsTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {7, 5, 3}, {32, 64, 200}, {131, 97, 389}, {4, 3, 0}};

    @Test
    void everyElementIsOneFmaChainInIncreasingOrder() {
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int m = shape[1];
            int k = shape[2];
            Tensor x = random(n, k, 1);
            Tensor w = random(m, k, 2);
            Tensor dz = random(n, m, 3);
            Tensor z = Tensor.zeros(n, m, DataType.FLOAT32);
            Tensor dw = Tensor.zeros(m, k, DataType.FLOAT32);
            Tensor dx = Tensor.zeros(n, k, DataType.FLOAT32);

            MatrixProducts.multiplyTransposedB(x, w, z);
            MatrixProducts.multiplyTransposedA(dz, x, dw);
            MatrixProducts.multiply(dz, w, dx);

            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(x.floatData()[i * k + p], w.floatData()[j * k + p], s);
                    }
                    assertEquals(s, z.floatData()[i * m + j], "x w^T at " + i + "," + j);
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    float s = 0f;
                    for (int p = 0; p < n; p++) {
                        s = Math.fma(dz.floatData()[p * m + i], x.floatData()[p * k + j], s);
                    }
                    assertEquals(s, dw.floatData()[i * k + j], "dz^T x at " + i + "," + j);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    float s = 0f;
                    for (int p = 0; p < m; p++) {
                        s = Math.fma(dz.floatData()[i * m + p], w.floatData()[p * k + j], s);
                    }
                    assertEquals(s, dx.floatData()[i * k + j], "dz w at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void float32ProductsAgreeWithFloat64ProductsToFloatRounding() {
        int n = 64;
        int m = 48;
        int k = 300;
        Tensor x = random(n, k, 4);
        Tensor w = random(m, k, 5);
        Tensor z = Tensor.zeros(n, m, DataType.FLOAT32);
        Tensor wide = Tensor.zeros(n, m);

        MatrixProducts.multiplyTransposedB(x, w, z);
        MatrixProducts.multiplyTransposedB(x.copyAs(DataType.FLOAT64), w.copyAs(DataType.FLOAT64), wide);

        double scale = 0;
        for (int i = 0; i < n * k; i++) {
            scale = Math.max(scale, Math.abs(x.floatData()[i]));
        }
        for (int e = 0; e < n * m; e++) {
            // k products of |values| <= 1, each rounding at most half an ulp of a partial sum of at most k
            double bound = k * k * 0x1p-24 * scale;
            assertTrue(Math.abs(z.floatData()[e] - wide.data()[e]) <= bound, "element " + e);
        }
    }

    @Test
    void mixedTypesAreRefused() {
        Tensor a = random(2, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixProducts.multiplyTransposedB(a, Tensor.zeros(4, 3), Tensor.zeros(2, 4, DataType.FLOAT32)));

        assertTrue(e.getMessage().contains("float32, float64 and float32"), e.getMessage());
    }

    private static Tensor random(int rows, int columns, long seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, DataType.FLOAT32);
        for (int e = 0; e < tensor.size(); e++) {
            tensor.floatData()[e] = (float) (random.nextDouble() * 2 - 1);
        }
        return tensor;
    }
}
