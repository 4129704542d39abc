package dev.nn.tensor;

/**
 * A matrix {@code b (m x k)} laid out once as the products of {@link MatrixProducts#multiplyTransposedB} lay out
 * {@code b^T} for their kernels, so that many products {@code a b^T} with the same {@code b} skip that step: an
 * inference pass over many batches with the same weights (see {@link MatrixProducts#packForTransposedB}).
 *
 * <p>It is packed by the first product that packs {@code b^T} at all (a small product, or one computed as
 * {@code (b a^T)^T}, reads {@code b} itself), and then holds a copy of {@code b}'s values as they were then. It knows
 * the tensor it came from: a product refuses it for any other tensor. It does not notice when that tensor's values
 * change afterwards; whoever packs it packs again after any change (the dense layer does so for each inference series,
 * see {@code ForwardContext#inferenceOverFixedParameters()}).
 */
public final class PackedMatrix {
    private final Tensor source;
    private double[] doubles;
    private float[] floats;
    /** Whether {@link #doubles} or {@link #floats} hold {@link #source}'s panels (else they are only storage). */
    private boolean packed;

    PackedMatrix(Tensor source, double[] doubles, float[] floats) {
        this.source = source;
        this.doubles = doubles;
        this.floats = floats;
    }

    /** Whether this was packed from {@code tensor} (the same object). */
    public boolean packedFrom(Tensor tensor) {
        return source == tensor;
    }

    /** A packing of {@code b} that takes over this one's storage, to be packed when first used. */
    PackedMatrix reusedFor(Tensor b) {
        return new PackedMatrix(b, doubles, floats);
    }

    /**
     * The panels for {@code gemm}'s product of {@code rows} rows by this matrix transposed, packed now if not yet, or
     * {@code null} when that product packs no panels of it.
     */
    double[] panelsFor(Gemm gemm, int rows) {
        int m = source.rows();
        int k = source.columns();
        if (!gemm.packsB(rows, m, k, 1, 1)) {
            return null;
        }
        if (!packed) {
            // B(p, j) = b[j k + p], as in MatrixProducts.multiplyTransposedB.
            doubles = gemm.packAllB(source.data(), 1, k, m, k, doubles);
            packed = true;
        }
        return doubles;
    }

    /** {@link #panelsFor(Gemm, int)} in float32. */
    float[] panelsFor(FloatGemm gemm, int rows) {
        int m = source.rows();
        int k = source.columns();
        if (!gemm.packsB(rows, m, k, 1, 1)) {
            return null;
        }
        if (!packed) {
            floats = gemm.packAllB(source.floatData(), 1, k, m, k, floats);
            packed = true;
        }
        return floats;
    }
}
