package dev.nn.tensor;

/**
 * A matrix {@code b (m x k)} laid out once as the products of {@link MatrixProducts#multiplyTransposedB} lay out
 * {@code b^T} for their kernels, so that many products {@code a b^T} with the same {@code b} skip that step: an
 * inference pass over many batches with the same weights (see {@link MatrixProducts#packForTransposedB}).
 *
 * <p>It holds a copy of {@code b}'s values as they were when packed, and knows the tensor it came from: a product
 * refuses it for any other tensor. It does not notice when that tensor's values change afterwards; whoever packs it
 * packs again after any change (the dense layer does so for each inference series, see
 * {@code ForwardContext#inferenceOverFixedParameters()}).
 */
public final class PackedMatrix {
    final Tensor source;
    final double[] doubles;
    final float[] floats;

    PackedMatrix(Tensor source, double[] doubles, float[] floats) {
        this.source = source;
        this.doubles = doubles;
        this.floats = floats;
    }

    /** Whether this was packed from {@code tensor} (the same object). */
    public boolean packedFrom(Tensor tensor) {
        return source == tensor;
    }
}
