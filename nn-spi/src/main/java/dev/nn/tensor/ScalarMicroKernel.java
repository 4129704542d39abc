package dev.nn.tensor;

/**
 * The portable kernel: a 4 x 4 tile of scalar accumulators with {@link Math#fma}. Used where the JDK Vector API is
 * not available, or when {@code -Dnn.kernels=scalar} asks for it.
 */
final class ScalarMicroKernel extends MicroKernel {
    private static final int NR = 4;

    @Override
    int mr() {
        return 4;
    }

    @Override
    int nr() {
        return NR;
    }

    @Override
    String description() {
        return "scalar (4x4 fma tiles)";
    }

    @Override
    void tile(double[] a, int aOff, double[] panel, int depth, double[] c, int cOff, int cStride,
            boolean accumulate) {
        int c0 = cOff;
        int c1 = c0 + cStride;
        int c2 = c1 + cStride;
        int c3 = c2 + cStride;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        if (accumulate) {
            s00 = c[c0]; s01 = c[c0 + 1]; s02 = c[c0 + 2]; s03 = c[c0 + 3];
            s10 = c[c1]; s11 = c[c1 + 1]; s12 = c[c1 + 2]; s13 = c[c1 + 3];
            s20 = c[c2]; s21 = c[c2 + 1]; s22 = c[c2 + 2]; s23 = c[c2 + 3];
            s30 = c[c3]; s31 = c[c3 + 1]; s32 = c[c3 + 2]; s33 = c[c3 + 3];
        }
        for (int p = 0, b = 0, a0 = aOff; p < depth; p++, b += NR, a0 += 4) {
            double b0 = panel[b];
            double b1 = panel[b + 1];
            double b2 = panel[b + 2];
            double b3 = panel[b + 3];
            double x = a[a0];
            s00 = Math.fma(x, b0, s00); s01 = Math.fma(x, b1, s01); s02 = Math.fma(x, b2, s02); s03 = Math.fma(x, b3, s03);
            x = a[a0 + 1];
            s10 = Math.fma(x, b0, s10); s11 = Math.fma(x, b1, s11); s12 = Math.fma(x, b2, s12); s13 = Math.fma(x, b3, s13);
            x = a[a0 + 2];
            s20 = Math.fma(x, b0, s20); s21 = Math.fma(x, b1, s21); s22 = Math.fma(x, b2, s22); s23 = Math.fma(x, b3, s23);
            x = a[a0 + 3];
            s30 = Math.fma(x, b0, s30); s31 = Math.fma(x, b1, s31); s32 = Math.fma(x, b2, s32); s33 = Math.fma(x, b3, s33);
        }
        c[c0] = s00; c[c0 + 1] = s01; c[c0 + 2] = s02; c[c0 + 3] = s03;
        c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
        c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
        c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
    }

    @Override
    void tileInPlace(double[] a, int aOff, int aRowStride, double[] panel, int depth, double[] c, int cOff, int cStride,
            boolean accumulate) {
        int c0 = cOff;
        int c1 = c0 + cStride;
        int c2 = c1 + cStride;
        int c3 = c2 + cStride;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        if (accumulate) {
            s00 = c[c0]; s01 = c[c0 + 1]; s02 = c[c0 + 2]; s03 = c[c0 + 3];
            s10 = c[c1]; s11 = c[c1 + 1]; s12 = c[c1 + 2]; s13 = c[c1 + 3];
            s20 = c[c2]; s21 = c[c2 + 1]; s22 = c[c2 + 2]; s23 = c[c2 + 3];
            s30 = c[c3]; s31 = c[c3 + 1]; s32 = c[c3 + 2]; s33 = c[c3 + 3];
        }
        int r1 = aOff + aRowStride;
        int r2 = r1 + aRowStride;
        int r3 = r2 + aRowStride;
        for (int p = 0, b = 0; p < depth; p++, b += NR) {
            double b0 = panel[b];
            double b1 = panel[b + 1];
            double b2 = panel[b + 2];
            double b3 = panel[b + 3];
            double x = a[aOff + p];
            s00 = Math.fma(x, b0, s00); s01 = Math.fma(x, b1, s01); s02 = Math.fma(x, b2, s02); s03 = Math.fma(x, b3, s03);
            x = a[r1 + p];
            s10 = Math.fma(x, b0, s10); s11 = Math.fma(x, b1, s11); s12 = Math.fma(x, b2, s12); s13 = Math.fma(x, b3, s13);
            x = a[r2 + p];
            s20 = Math.fma(x, b0, s20); s21 = Math.fma(x, b1, s21); s22 = Math.fma(x, b2, s22); s23 = Math.fma(x, b3, s23);
            x = a[r3 + p];
            s30 = Math.fma(x, b0, s30); s31 = Math.fma(x, b1, s31); s32 = Math.fma(x, b2, s32); s33 = Math.fma(x, b3, s33);
        }
        c[c0] = s00; c[c0 + 1] = s01; c[c0 + 2] = s02; c[c0 + 3] = s03;
        c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
        c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
        c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
    }

    @Override
    void row(double[] a, int aOff, int aDepthStride, double[] panel, int depth,
            double[] c, int cOff, boolean accumulate) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (accumulate) {
            s0 = c[cOff]; s1 = c[cOff + 1]; s2 = c[cOff + 2]; s3 = c[cOff + 3];
        }
        for (int p = 0, b = 0, ai = aOff; p < depth; p++, b += NR, ai += aDepthStride) {
            double x = a[ai];
            s0 = Math.fma(x, panel[b], s0);
            s1 = Math.fma(x, panel[b + 1], s1);
            s2 = Math.fma(x, panel[b + 2], s2);
            s3 = Math.fma(x, panel[b + 3], s3);
        }
        c[cOff] = s0; c[cOff + 1] = s1; c[cOff + 2] = s2; c[cOff + 3] = s3;
    }
}
