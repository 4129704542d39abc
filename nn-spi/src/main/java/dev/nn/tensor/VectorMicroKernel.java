package dev.nn.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JDK Vector API kernel: a 4-row by 4-vector tile of accumulators ({@code 4 x 32} doubles on 512-bit vectors,
 * {@code 4 x 16} on 256-bit), one broadcast of {@code a} and four panel loads per depth step, 16 fused
 * multiply-adds.
 *
 * <p>Loaded only by {@link Kernels} after checking that {@code jdk.incubator.vector} is in the boot layer: nothing
 * else may name this class.
 */
final class VectorMicroKernel extends MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 4 * L;

    @Override
    int nr() {
        return NR;
    }

    @Override
    String description() {
        return "vector (jdk.incubator.vector, " + S.vectorBitSize() + "-bit, 4x" + NR + " fma tiles)";
    }

    /** Doubles per vector of the preferred species. */
    static int lanes() {
        return L;
    }

    @Override
    void tile(double[] a, int aOff, int aRowStride, int aDepthStride, double[] panel, int depth,
            double[] c, int cOff, int cStride, boolean accumulate) {
        int c0 = cOff;
        int c1 = c0 + cStride;
        int c2 = c1 + cStride;
        int c3 = c2 + cStride;
        DoubleVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (accumulate) {
            s00 = DoubleVector.fromArray(S, c, c0);
            s01 = DoubleVector.fromArray(S, c, c0 + L);
            s02 = DoubleVector.fromArray(S, c, c0 + 2 * L);
            s03 = DoubleVector.fromArray(S, c, c0 + 3 * L);
            s10 = DoubleVector.fromArray(S, c, c1);
            s11 = DoubleVector.fromArray(S, c, c1 + L);
            s12 = DoubleVector.fromArray(S, c, c1 + 2 * L);
            s13 = DoubleVector.fromArray(S, c, c1 + 3 * L);
            s20 = DoubleVector.fromArray(S, c, c2);
            s21 = DoubleVector.fromArray(S, c, c2 + L);
            s22 = DoubleVector.fromArray(S, c, c2 + 2 * L);
            s23 = DoubleVector.fromArray(S, c, c2 + 3 * L);
            s30 = DoubleVector.fromArray(S, c, c3);
            s31 = DoubleVector.fromArray(S, c, c3 + L);
            s32 = DoubleVector.fromArray(S, c, c3 + 2 * L);
            s33 = DoubleVector.fromArray(S, c, c3 + 3 * L);
        } else {
            DoubleVector zero = DoubleVector.zero(S);
            s00 = zero; s01 = zero; s02 = zero; s03 = zero;
            s10 = zero; s11 = zero; s12 = zero; s13 = zero;
            s20 = zero; s21 = zero; s22 = zero; s23 = zero;
            s30 = zero; s31 = zero; s32 = zero; s33 = zero;
        }
        int r1 = aRowStride;
        int r2 = 2 * aRowStride;
        int r3 = 3 * aRowStride;
        for (int p = 0, b = 0, ai = aOff; p < depth; p++, b += NR, ai += aDepthStride) {
            DoubleVector b0 = DoubleVector.fromArray(S, panel, b);
            DoubleVector b1 = DoubleVector.fromArray(S, panel, b + L);
            DoubleVector b2 = DoubleVector.fromArray(S, panel, b + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, panel, b + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
            x = DoubleVector.broadcast(S, a[ai + r1]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
            x = DoubleVector.broadcast(S, a[ai + r2]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
            x = DoubleVector.broadcast(S, a[ai + r3]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
        s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
        s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
    }

    @Override
    void row(double[] a, int aOff, int aDepthStride, double[] panel, int depth,
            double[] c, int cOff, boolean accumulate) {
        DoubleVector s0, s1, s2, s3;
        if (accumulate) {
            s0 = DoubleVector.fromArray(S, c, cOff);
            s1 = DoubleVector.fromArray(S, c, cOff + L);
            s2 = DoubleVector.fromArray(S, c, cOff + 2 * L);
            s3 = DoubleVector.fromArray(S, c, cOff + 3 * L);
        } else {
            DoubleVector zero = DoubleVector.zero(S);
            s0 = zero; s1 = zero; s2 = zero; s3 = zero;
        }
        for (int p = 0, b = 0, ai = aOff; p < depth; p++, b += NR, ai += aDepthStride) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            s0 = DoubleVector.fromArray(S, panel, b).fma(x, s0);
            s1 = DoubleVector.fromArray(S, panel, b + L).fma(x, s1);
            s2 = DoubleVector.fromArray(S, panel, b + 2 * L).fma(x, s2);
            s3 = DoubleVector.fromArray(S, panel, b + 3 * L).fma(x, s3);
        }
        s0.intoArray(c, cOff); s1.intoArray(c, cOff + L); s2.intoArray(c, cOff + 2 * L); s3.intoArray(c, cOff + 3 * L);
    }
}
