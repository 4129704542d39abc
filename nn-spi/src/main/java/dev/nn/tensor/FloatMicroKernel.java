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
}
