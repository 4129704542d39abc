package dev.nn.tensor;

/**
 * The three matrix products of a dense layer, each writing into a caller-owned output so that nothing is allocated.
 *
 * <p>For inputs {@code X (n x k)}, weights {@code W (m x k)} and output gradients {@code dZ (n x m)}:
 * <ul>
 *   <li>{@link #multiplyTransposedB}: {@code Z = X W^T} (forward),</li>
 *   <li>{@link #multiplyTransposedA}: {@code dW = dZ^T X} (weight gradient),</li>
 *   <li>{@link #multiply}: {@code dX = dZ W} (input gradient).</li>
 * </ul>
 * No transpose is materialised: the products are cache-blocked and register-tiled with fused multiply-add, on the
 * JDK Vector API when the JVM has {@code jdk.incubator.vector} and on a scalar kernel otherwise, and large products
 * are shared between the available processors.
 *
 * <p>Each output element is one chain of fused multiply-adds in increasing index order, {@code s = fma(a, b, s)} from
 * {@code s = 0}, whichever kernel, tile or thread computes it: results are bit-identical on every run, for any
 * number of threads ({@code -Dnn.threads=N}), for either kernel and any vector tile
 * ({@code -Dnn.kernels=auto|vector|vector:RxV|scalar}).
 *
 * <p>Float32 tensors (all three of a product) go to the float32 product, whose elements are each one chain of
 * {@code Math.fma(float, float, float)} in the same order, with the same guarantees.
 */
public final class MatrixProducts {
    private static final class Engine {
        static final Gemm GEMM = Kernels.fromProperties();
    }

    private MatrixProducts() {
    }

    /**
     * The kernel, its tile and vector width, and the thread count in use, for reports:
     * {@code "vector 4x4 (jdk.incubator.vector, 512-bit: ...), 2 threads"}. Selecting them happens on the first product
     * (or this call), not when the class loads.
     */
    public static String implementation() {
        Gemm gemm = Engine.GEMM;
        return gemm.kernel().description() + ", " + gemm.threads() + (gemm.threads() == 1 ? " thread" : " threads");
    }

    /** The float32 product in use, for reports. */
    public static String float32Implementation() {
        return FloatGemm.shared().description();
    }

    private static DataType sameType(Tensor a, Tensor b, Tensor out) {
        DataType type = a.dataType();
        if (b.dataType() != type || out.dataType() != type) {
            throw new IllegalArgumentException("matrix product of " + a.dataType().specName() + ", "
                    + b.dataType().specName() + " and " + out.dataType().specName() + " tensors: all three must "
                    + "have one type");
        }
        return type;
    }

    /**
     * {@code out = a b^T}: {@code a (n x k)}, {@code b (m x k)}, {@code out (n x m)}; {@code out} is overwritten.
     */
    public static void multiplyTransposedB(Tensor a, Tensor b, Tensor out) {
        transposedB(a, b, null, out);
    }

    /**
     * {@code b (m x k)} to be packed for {@link #multiplyTransposedB(Tensor, Tensor, PackedMatrix, Tensor)}: every
     * panel of {@code b^T} that a product {@code a b^T} would pack from it, for each batch and each block of rows,
     * packed once, by the first product given it that packs {@code b^T} at all (no packing happens here; products
     * that read {@code b} itself, small ones and those computed as {@code (b a^T)^T}, never pack it). Reuses
     * {@code reuse}'s storage when it has the size needed (it is then {@code reuse} no longer). The packing costs
     * about what one product's packing of {@code b^T} costs, and holds as many values as {@code b}, rounded up to
     * whole panels.
     */
    public static PackedMatrix packForTransposedB(Tensor b, PackedMatrix reuse) {
        return reuse == null ? new PackedMatrix(b, null, null) : reuse.reusedFor(b);
    }

    /**
     * {@link #multiplyTransposedB(Tensor, Tensor, Tensor)} with {@code b^T}'s panels taken from {@code packedB}
     * instead of packed from {@code b} again: the same values in the same order, so the same bits. {@code packedB}
     * must come from {@link #packForTransposedB} of this {@code b}, after its values last changed.
     *
     * @throws IllegalArgumentException if {@code packedB} was packed from another tensor
     */
    public static void multiplyTransposedB(Tensor a, Tensor b, PackedMatrix packedB, Tensor out) {
        if (!packedB.packedFrom(b)) {
            throw new IllegalArgumentException("a b^T: the packed matrix was packed from another tensor than b "
                    + b.shape());
        }
        transposedB(a, b, packedB, out);
    }

    /** {@code out = a b^T}, with {@code b^T}'s panels from {@code packedB} when it is not {@code null}. */
    private static void transposedB(Tensor a, Tensor b, PackedMatrix packedB, Tensor out) {
        int n = a.rows();
        int k = a.columns();
        int m = b.rows();
        if (b.columns() != k) {
            throw new IllegalArgumentException("a b^T: inner dimensions differ, a is " + a.shape() + ", b is " + b.shape());
        }
        out.requireShape(n, m, "a b^T output");
        // A(i, p) = a[i k + p]; B(p, j) = b[j k + p]
        if (sameType(a, b, out) == DataType.FLOAT32) {
            FloatGemm gemm = FloatGemm.shared();
            gemm.product(a.floatData(), k, 1, b.floatData(), 1, k, packedB == null ? null : packedB.panelsFor(gemm, n),
                    out.floatData(), n, m, k);
            return;
        }
        Gemm gemm = Engine.GEMM;
        gemm.product(a.data(), k, 1, b.data(), 1, k, packedB == null ? null : packedB.panelsFor(gemm, n), out.data(),
                n, m, k);
    }

    /**
     * {@code out = a^T b}: {@code a (n x m)}, {@code b (n x k)}, {@code out (m x k)}; {@code out} is overwritten.
     */
    public static void multiplyTransposedA(Tensor a, Tensor b, Tensor out) {
        int n = a.rows();
        int m = a.columns();
        int k = b.columns();
        if (b.rows() != n) {
            throw new IllegalArgumentException("a^T b: row counts differ, a is " + a.shape() + ", b is " + b.shape());
        }
        out.requireShape(m, k, "a^T b output");
        // A(i, p) = a[p m + i]; B(p, j) = b[p k + j]
        if (sameType(a, b, out) == DataType.FLOAT32) {
            FloatGemm.shared().product(a.floatData(), 1, m, b.floatData(), k, 1, out.floatData(), m, k, n);
            return;
        }
        Engine.GEMM.product(a.data(), 1, m, b.data(), k, 1, out.data(), m, k, n);
    }

    /**
     * {@code out = a b}: {@code a (n x m)}, {@code b (m x k)}, {@code out (n x k)}; {@code out} is overwritten.
     */
    public static void multiply(Tensor a, Tensor b, Tensor out) {
        int n = a.rows();
        int m = a.columns();
        int k = b.columns();
        if (b.rows() != m) {
            throw new IllegalArgumentException("a b: inner dimensions differ, a is " + a.shape() + ", b is " + b.shape());
        }
        out.requireShape(n, k, "a b output");
        // A(i, p) = a[i m + p]; B(p, j) = b[p k + j]
        if (sameType(a, b, out) == DataType.FLOAT32) {
            FloatGemm.shared().product(a.floatData(), m, 1, b.floatData(), k, 1, out.floatData(), n, k, m);
            return;
        }
        Engine.GEMM.product(a.data(), m, 1, b.data(), k, 1, out.data(), n, k, m);
    }
}
