package dev.nn.tensor;

/**
 * {@link MicroKernel} for {@code float}: the innermost loop of {@link FloatGemm}, a tile of {@link #mr()} rows times
 * one packed panel of {@link #nr()} columns, each element one chain {@code s = Math.fma(a, b, s)} in {@code float}
 * over increasing depth from {@code 0f} (or from the value in {@code c} when accumulating).
 */
abstract class FloatMicroKernel {
    /** Rows of a tile; {@link #tile} handles exactly this many rows, {@link #row} one. */
    abstract int mr();

    /** Columns in a packed panel. */
    abstract int nr();

    /** A short description for logs and benchmark reports. */
    abstract String description();

    /**
     * For {@code r < mr()} and {@code j < nr()}:
     * {@code c[cOff + r cStride + j] (+)= sum_{p < depth} a[aOff + p mr() + r] panel[p nr() + j]}, on a packed sliver
     * of {@code A}.
     *
     * @param accumulate whether to start from the values in {@code c} instead of {@code 0}
     */
    abstract void tile(float[] a, int aOff, float[] panel, int depth, float[] c, int cOff, int cStride,
            boolean accumulate);

    /**
     * {@link #tile} on {@code A} where it is, without packing: {@code A(r, p) = a[aOff + r aRowStride + p]} (a
     * row-major {@code A}, as {@code X} in {@code X W^T} and {@code dZ} in {@code dZ W}), the same chains in the same
     * order, so the same bits.
     */
    abstract void tileInPlace(float[] a, int aOff, int aRowStride, float[] panel, int depth, float[] c, int cOff,
            int cStride, boolean accumulate);

    /** {@link #tile} for a single row: {@code A(0, p) = a[aOff + p aDepthStride]}. */
    abstract void row(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
            float[] c, int cOff, boolean accumulate);

    /**
     * Packs sixteen columns of a transposed {@code B} (sixteen rows of {@code W} in {@code X W^T}):
     * {@code panel[dst + p nr + r] = b[src + r colStride + p depthStride]} for {@code r < 16}, {@code p < depth}. This
     * plain version reads the sixteen rows in step, one value of each per depth step, so that each step writes a
     * whole cache line of the panel; a vector kernel transposes squares of them in registers instead.
     */
    void packTransposed16(float[] b, int src, int colStride, int depthStride, int depth, float[] panel, int dst,
            int nr) {
        int s0 = src;
        int s1 = s0 + colStride;
        int s2 = s1 + colStride;
        int s3 = s2 + colStride;
        int s4 = s3 + colStride;
        int s5 = s4 + colStride;
        int s6 = s5 + colStride;
        int s7 = s6 + colStride;
        int s8 = s7 + colStride;
        int s9 = s8 + colStride;
        int s10 = s9 + colStride;
        int s11 = s10 + colStride;
        int s12 = s11 + colStride;
        int s13 = s12 + colStride;
        int s14 = s13 + colStride;
        int s15 = s14 + colStride;
        for (int p = 0, at = 0, to = dst; p < depth; p++, at += depthStride, to += nr) {
            panel[to] = b[s0 + at];
            panel[to + 1] = b[s1 + at];
            panel[to + 2] = b[s2 + at];
            panel[to + 3] = b[s3 + at];
            panel[to + 4] = b[s4 + at];
            panel[to + 5] = b[s5 + at];
            panel[to + 6] = b[s6 + at];
            panel[to + 7] = b[s7 + at];
            panel[to + 8] = b[s8 + at];
            panel[to + 9] = b[s9 + at];
            panel[to + 10] = b[s10 + at];
            panel[to + 11] = b[s11 + at];
            panel[to + 12] = b[s12 + at];
            panel[to + 13] = b[s13 + at];
            panel[to + 14] = b[s14 + at];
            panel[to + 15] = b[s15 + at];
        }
    }
}
