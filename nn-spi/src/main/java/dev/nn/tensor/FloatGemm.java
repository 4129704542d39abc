package dev.nn.tensor;

import java.util.Arrays;

/**
 * The float32 matrix product behind {@link MatrixProducts}: {@code C (rows x cols) = A B} with
 * {@code A(i, p) = a[i aRowStride + p aDepthStride]} and {@code B(p, j) = b[p bDepthStride + j bColStride]}, the
 * contract of {@link Gemm#product} in {@code float}.
 *
 * <p>Each output element is one chain of {@link Math#fma(float, float, float)} over the depth in increasing order
 * from {@code 0f}; any faster implementation must keep exactly that chain, so results stay bit-identical on every
 * run and for any number of threads. This one is the plain loop that defines it.
 */
final class FloatGemm {
    private static final FloatGemm SHARED = new FloatGemm();

    private FloatGemm() {
    }

    /** The instance {@link MatrixProducts} uses. */
    static FloatGemm shared() {
        return SHARED;
    }

    /** Computes {@code c = A B}; {@code c} is {@code rows x cols}, row-major, overwritten. */
    void product(float[] a, int aRowStride, int aDepthStride, float[] b, int bDepthStride, int bColStride,
                 float[] c, int rows, int cols, int depth) {
        if (depth == 0) {
            Arrays.fill(c, 0, rows * cols, 0f);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int aRow = i * aRowStride;
            int cRow = i * cols;
            for (int j = 0; j < cols; j++) {
                int bColumn = j * bColStride;
                float sum = 0f;
                for (int p = 0; p < depth; p++) {
                    sum = Math.fma(a[aRow + p * aDepthStride], b[p * bDepthStride + bColumn], sum);
                }
                c[cRow + j] = sum;
            }
        }
    }

    /** For reports: {@code "float32 scalar, 1 thread"}. */
    String description() {
        return "float32 scalar, 1 thread";
    }
}
