package dev.nn.tensor;

/**
 * The innermost loop of {@link Gemm}: a tile of {@link #mr()} rows times one packed panel of {@link #nr()} columns.
 *
 * <p>Every implementation computes each output element as the same chain of fused multiply-adds in increasing depth
 * order, {@code s = fma(a(i, p), b(p, j), s)} starting from {@code 0} (or from the value already in {@code c} when
 * accumulating), so that any tile shape, kernel or thread split gives bit-identical results.
 */
abstract class MicroKernel {
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
    abstract void tile(double[] a, int aOff, double[] panel, int depth, double[] c, int cOff, int cStride,
            boolean accumulate);

    /**
     * {@link #tile} on {@code A} where it is, without packing: {@code A(r, p) = a[aOff + r aRowStride + p]} (a
     * row-major {@code A}, as {@code X} in {@code X W^T} and {@code dZ} in {@code dZ W}), the same chains in the same
     * order, so the same bits.
     */
    abstract void tileInPlace(double[] a, int aOff, int aRowStride, double[] panel, int depth, double[] c, int cOff,
            int cStride, boolean accumulate);

    /** {@link #tile} for a single row: {@code A(0, p) = a[aOff + p aDepthStride]}. */
    abstract void row(double[] a, int aOff, int aDepthStride, double[] panel, int depth,
            double[] c, int cOff, boolean accumulate);
}
