package dev.nn.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 Vector API kernels of {@link FloatGemm}: {@link VectorMicroKernel}'s tiles on {@code FloatVector} of the
 * preferred species (16 floats per vector on 512-bit hardware, 8 on 256-bit), so a panel is twice as many columns
 * wide for the same registers. A tile needs {@code rows x vectors + vectors + 1} vector registers, the same count as
 * the double tile of that shape, and {@link Kernels} picks the shape for the register file the same way.
 *
 * <p>The tiles are the double ones with {@code FloatVector} for {@code DoubleVector}, written out again on purpose:
 * C2 keeps a tile's accumulators in registers only when they are local variables of one method on one concrete
 * vector class, so neither a shared generic tile nor a loop over an array of accumulators would run at full speed.
 *
 * <p>Loaded only by {@link Kernels} after checking that {@code jdk.incubator.vector} is in the boot layer: nothing
 * else may name this class.
 */
abstract class VectorFloatMicroKernel extends FloatMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private final int rows;
    private final int vectors;

    VectorFloatMicroKernel(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    /** The kernel with this tile shape, one of {@link Kernels#TILES}; called by {@link Kernels} through reflection. */
    static FloatMicroKernel create(int rows, int vectors) {
        switch (rows + "x" + vectors) {
            case "6x2":
                return new Tile6x2();
            case "8x3":
                return new Tile8x3();
            case "6x4":
                return new Tile6x4();
            case "4x4":
                return new Tile4x4();
            default:
                throw new IllegalArgumentException("no vector tile " + rows + "x" + vectors);
        }
    }

    /** Bits per vector of the preferred species. */
    static int vectorBits() {
        return S.vectorBitSize();
    }

    @Override
    final int mr() {
        return rows;
    }

    @Override
    final int nr() {
        return vectors * L;
    }

    /** Vector registers the tile keeps live: the accumulators, one depth step's panel vectors and the broadcast. */
    final int registers() {
        return rows * vectors + vectors + 1;
    }

    @Override
    final String description() {
        return "vector " + rows + "x" + vectors + " (jdk.incubator.vector, " + S.vectorBitSize() + "-bit: " + rows
                + " rows x " + vectors + " vectors = " + rows + "x" + nr() + " floats, " + registers()
                + " vector registers)";
    }

    /** 6 rows x 2 vectors: 12 accumulators, 2 panel vectors and one broadcast, 15 registers. */
    static final class Tile6x2 extends VectorFloatMicroKernel {
        Tile6x2() {
            super(6, 2);
        }

        @Override
        void tile(float[] a, int aOff, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            int c4 = c3 + cStride;
            int c5 = c4 + cStride;
            FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L);
                s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L);
                s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero;
                s10 = zero; s11 = zero;
                s20 = zero; s21 = zero;
                s30 = zero; s31 = zero;
                s40 = zero; s41 = zero;
                s50 = zero; s51 = zero;
            }
            for (int p = 0; p < depth; p++) {
                int ai = aOff + p * 6;
                int b = p * 2 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01);
                x = FloatVector.broadcast(S, a[ai + 1]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11);
                x = FloatVector.broadcast(S, a[ai + 2]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21);
                x = FloatVector.broadcast(S, a[ai + 3]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31);
                x = FloatVector.broadcast(S, a[ai + 4]);
                s40 = b0.fma(x, s40); s41 = b1.fma(x, s41);
                x = FloatVector.broadcast(S, a[ai + 5]);
                s50 = b0.fma(x, s50); s51 = b1.fma(x, s51);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L);
            s40.intoArray(c, c4); s41.intoArray(c, c4 + L);
            s50.intoArray(c, c5); s51.intoArray(c, c5 + L);
        }

        @Override
        void tileInPlace(float[] a, int aOff, int aRowStride, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            int c4 = c3 + cStride;
            int c5 = c4 + cStride;
            FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L);
                s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L);
                s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero;
                s10 = zero; s11 = zero;
                s20 = zero; s21 = zero;
                s30 = zero; s31 = zero;
                s40 = zero; s41 = zero;
                s50 = zero; s51 = zero;
            }
            int a0 = aOff;
            int a1 = a0 + aRowStride;
            int a2 = a1 + aRowStride;
            int a3 = a2 + aRowStride;
            int a4 = a3 + aRowStride;
            int a5 = a4 + aRowStride;
            for (int p = 0; p < depth; p++) {
                int b = p * 2 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01);
                x = FloatVector.broadcast(S, a[a1 + p]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11);
                x = FloatVector.broadcast(S, a[a2 + p]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21);
                x = FloatVector.broadcast(S, a[a3 + p]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31);
                x = FloatVector.broadcast(S, a[a4 + p]);
                s40 = b0.fma(x, s40); s41 = b1.fma(x, s41);
                x = FloatVector.broadcast(S, a[a5 + p]);
                s50 = b0.fma(x, s50); s51 = b1.fma(x, s51);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L);
            s40.intoArray(c, c4); s41.intoArray(c, c4 + L);
            s50.intoArray(c, c5); s51.intoArray(c, c5 + L);
        }

        @Override
        void row(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
                float[] c, int cOff, boolean accumulate) {
            row2(a, aOff, aDepthStride, panel, depth, c, cOff, accumulate);
        }
    }

    /** 8 rows x 3 vectors: 24 accumulators, 3 panel vectors and one broadcast, 28 registers. */
    static final class Tile8x3 extends VectorFloatMicroKernel {
        Tile8x3() {
            super(8, 3);
        }

        @Override
        void tile(float[] a, int aOff, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            int c4 = c3 + cStride;
            int c5 = c4 + cStride;
            int c6 = c5 + cStride;
            int c7 = c6 + cStride;
            FloatVector s00, s01, s02, s10, s11, s12, s20, s21, s22, s30, s31, s32, s40, s41, s42, s50, s51, s52, s60, s61, s62, s70, s71, s72;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L); s02 = FloatVector.fromArray(S, c, c0 + 2 * L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L); s12 = FloatVector.fromArray(S, c, c1 + 2 * L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L); s22 = FloatVector.fromArray(S, c, c2 + 2 * L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L); s32 = FloatVector.fromArray(S, c, c3 + 2 * L);
                s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L); s42 = FloatVector.fromArray(S, c, c4 + 2 * L);
                s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L); s52 = FloatVector.fromArray(S, c, c5 + 2 * L);
                s60 = FloatVector.fromArray(S, c, c6); s61 = FloatVector.fromArray(S, c, c6 + L); s62 = FloatVector.fromArray(S, c, c6 + 2 * L);
                s70 = FloatVector.fromArray(S, c, c7); s71 = FloatVector.fromArray(S, c, c7 + L); s72 = FloatVector.fromArray(S, c, c7 + 2 * L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero; s02 = zero;
                s10 = zero; s11 = zero; s12 = zero;
                s20 = zero; s21 = zero; s22 = zero;
                s30 = zero; s31 = zero; s32 = zero;
                s40 = zero; s41 = zero; s42 = zero;
                s50 = zero; s51 = zero; s52 = zero;
                s60 = zero; s61 = zero; s62 = zero;
                s70 = zero; s71 = zero; s72 = zero;
            }
            for (int p = 0; p < depth; p++) {
                int ai = aOff + p * 8;
                int b = p * 3 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector b2 = FloatVector.fromArray(S, panel, b + 2 * L);
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
                x = FloatVector.broadcast(S, a[ai + 1]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
                x = FloatVector.broadcast(S, a[ai + 2]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
                x = FloatVector.broadcast(S, a[ai + 3]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
                x = FloatVector.broadcast(S, a[ai + 4]);
                s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42);
                x = FloatVector.broadcast(S, a[ai + 5]);
                s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52);
                x = FloatVector.broadcast(S, a[ai + 6]);
                s60 = b0.fma(x, s60); s61 = b1.fma(x, s61); s62 = b2.fma(x, s62);
                x = FloatVector.broadcast(S, a[ai + 7]);
                s70 = b0.fma(x, s70); s71 = b1.fma(x, s71); s72 = b2.fma(x, s72);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L);
            s40.intoArray(c, c4); s41.intoArray(c, c4 + L); s42.intoArray(c, c4 + 2 * L);
            s50.intoArray(c, c5); s51.intoArray(c, c5 + L); s52.intoArray(c, c5 + 2 * L);
            s60.intoArray(c, c6); s61.intoArray(c, c6 + L); s62.intoArray(c, c6 + 2 * L);
            s70.intoArray(c, c7); s71.intoArray(c, c7 + L); s72.intoArray(c, c7 + 2 * L);
        }

        @Override
        void tileInPlace(float[] a, int aOff, int aRowStride, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            int c4 = c3 + cStride;
            int c5 = c4 + cStride;
            int c6 = c5 + cStride;
            int c7 = c6 + cStride;
            FloatVector s00, s01, s02, s10, s11, s12, s20, s21, s22, s30, s31, s32, s40, s41, s42, s50, s51, s52, s60, s61, s62, s70, s71, s72;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L); s02 = FloatVector.fromArray(S, c, c0 + 2 * L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L); s12 = FloatVector.fromArray(S, c, c1 + 2 * L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L); s22 = FloatVector.fromArray(S, c, c2 + 2 * L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L); s32 = FloatVector.fromArray(S, c, c3 + 2 * L);
                s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L); s42 = FloatVector.fromArray(S, c, c4 + 2 * L);
                s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L); s52 = FloatVector.fromArray(S, c, c5 + 2 * L);
                s60 = FloatVector.fromArray(S, c, c6); s61 = FloatVector.fromArray(S, c, c6 + L); s62 = FloatVector.fromArray(S, c, c6 + 2 * L);
                s70 = FloatVector.fromArray(S, c, c7); s71 = FloatVector.fromArray(S, c, c7 + L); s72 = FloatVector.fromArray(S, c, c7 + 2 * L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero; s02 = zero;
                s10 = zero; s11 = zero; s12 = zero;
                s20 = zero; s21 = zero; s22 = zero;
                s30 = zero; s31 = zero; s32 = zero;
                s40 = zero; s41 = zero; s42 = zero;
                s50 = zero; s51 = zero; s52 = zero;
                s60 = zero; s61 = zero; s62 = zero;
                s70 = zero; s71 = zero; s72 = zero;
            }
            int a0 = aOff;
            int a1 = a0 + aRowStride;
            int a2 = a1 + aRowStride;
            int a3 = a2 + aRowStride;
            int a4 = a3 + aRowStride;
            int a5 = a4 + aRowStride;
            int a6 = a5 + aRowStride;
            int a7 = a6 + aRowStride;
            for (int p = 0; p < depth; p++) {
                int b = p * 3 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector b2 = FloatVector.fromArray(S, panel, b + 2 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
                x = FloatVector.broadcast(S, a[a1 + p]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
                x = FloatVector.broadcast(S, a[a2 + p]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
                x = FloatVector.broadcast(S, a[a3 + p]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
                x = FloatVector.broadcast(S, a[a4 + p]);
                s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42);
                x = FloatVector.broadcast(S, a[a5 + p]);
                s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52);
                x = FloatVector.broadcast(S, a[a6 + p]);
                s60 = b0.fma(x, s60); s61 = b1.fma(x, s61); s62 = b2.fma(x, s62);
                x = FloatVector.broadcast(S, a[a7 + p]);
                s70 = b0.fma(x, s70); s71 = b1.fma(x, s71); s72 = b2.fma(x, s72);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L);
            s40.intoArray(c, c4); s41.intoArray(c, c4 + L); s42.intoArray(c, c4 + 2 * L);
            s50.intoArray(c, c5); s51.intoArray(c, c5 + L); s52.intoArray(c, c5 + 2 * L);
            s60.intoArray(c, c6); s61.intoArray(c, c6 + L); s62.intoArray(c, c6 + 2 * L);
            s70.intoArray(c, c7); s71.intoArray(c, c7 + L); s72.intoArray(c, c7 + 2 * L);
        }

        @Override
        void row(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
                float[] c, int cOff, boolean accumulate) {
            row3(a, aOff, aDepthStride, panel, depth, c, cOff, accumulate);
        }
    }

    /** 6 rows x 4 vectors: 24 accumulators, 4 panel vectors and one broadcast, 29 registers. */
    static final class Tile6x4 extends VectorFloatMicroKernel {
        Tile6x4() {
            super(6, 4);
        }

        @Override
        void tile(float[] a, int aOff, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            int c4 = c3 + cStride;
            int c5 = c4 + cStride;
            FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33, s40, s41, s42, s43, s50, s51, s52, s53;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L); s02 = FloatVector.fromArray(S, c, c0 + 2 * L); s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L); s12 = FloatVector.fromArray(S, c, c1 + 2 * L); s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L); s22 = FloatVector.fromArray(S, c, c2 + 2 * L); s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L); s32 = FloatVector.fromArray(S, c, c3 + 2 * L); s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
                s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L); s42 = FloatVector.fromArray(S, c, c4 + 2 * L); s43 = FloatVector.fromArray(S, c, c4 + 3 * L);
                s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L); s52 = FloatVector.fromArray(S, c, c5 + 2 * L); s53 = FloatVector.fromArray(S, c, c5 + 3 * L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero; s02 = zero; s03 = zero;
                s10 = zero; s11 = zero; s12 = zero; s13 = zero;
                s20 = zero; s21 = zero; s22 = zero; s23 = zero;
                s30 = zero; s31 = zero; s32 = zero; s33 = zero;
                s40 = zero; s41 = zero; s42 = zero; s43 = zero;
                s50 = zero; s51 = zero; s52 = zero; s53 = zero;
            }
            for (int p = 0; p < depth; p++) {
                int ai = aOff + p * 6;
                int b = p * 4 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector b2 = FloatVector.fromArray(S, panel, b + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, panel, b + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
                x = FloatVector.broadcast(S, a[ai + 1]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
                x = FloatVector.broadcast(S, a[ai + 2]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
                x = FloatVector.broadcast(S, a[ai + 3]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
                x = FloatVector.broadcast(S, a[ai + 4]);
                s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42); s43 = b3.fma(x, s43);
                x = FloatVector.broadcast(S, a[ai + 5]);
                s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52); s53 = b3.fma(x, s53);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
            s40.intoArray(c, c4); s41.intoArray(c, c4 + L); s42.intoArray(c, c4 + 2 * L); s43.intoArray(c, c4 + 3 * L);
            s50.intoArray(c, c5); s51.intoArray(c, c5 + L); s52.intoArray(c, c5 + 2 * L); s53.intoArray(c, c5 + 3 * L);
        }

        @Override
        void tileInPlace(float[] a, int aOff, int aRowStride, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            int c4 = c3 + cStride;
            int c5 = c4 + cStride;
            FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33, s40, s41, s42, s43, s50, s51, s52, s53;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L); s02 = FloatVector.fromArray(S, c, c0 + 2 * L); s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L); s12 = FloatVector.fromArray(S, c, c1 + 2 * L); s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L); s22 = FloatVector.fromArray(S, c, c2 + 2 * L); s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L); s32 = FloatVector.fromArray(S, c, c3 + 2 * L); s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
                s40 = FloatVector.fromArray(S, c, c4); s41 = FloatVector.fromArray(S, c, c4 + L); s42 = FloatVector.fromArray(S, c, c4 + 2 * L); s43 = FloatVector.fromArray(S, c, c4 + 3 * L);
                s50 = FloatVector.fromArray(S, c, c5); s51 = FloatVector.fromArray(S, c, c5 + L); s52 = FloatVector.fromArray(S, c, c5 + 2 * L); s53 = FloatVector.fromArray(S, c, c5 + 3 * L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero; s02 = zero; s03 = zero;
                s10 = zero; s11 = zero; s12 = zero; s13 = zero;
                s20 = zero; s21 = zero; s22 = zero; s23 = zero;
                s30 = zero; s31 = zero; s32 = zero; s33 = zero;
                s40 = zero; s41 = zero; s42 = zero; s43 = zero;
                s50 = zero; s51 = zero; s52 = zero; s53 = zero;
            }
            int a0 = aOff;
            int a1 = a0 + aRowStride;
            int a2 = a1 + aRowStride;
            int a3 = a2 + aRowStride;
            int a4 = a3 + aRowStride;
            int a5 = a4 + aRowStride;
            for (int p = 0; p < depth; p++) {
                int b = p * 4 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector b2 = FloatVector.fromArray(S, panel, b + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, panel, b + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
                x = FloatVector.broadcast(S, a[a1 + p]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
                x = FloatVector.broadcast(S, a[a2 + p]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
                x = FloatVector.broadcast(S, a[a3 + p]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
                x = FloatVector.broadcast(S, a[a4 + p]);
                s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42); s43 = b3.fma(x, s43);
                x = FloatVector.broadcast(S, a[a5 + p]);
                s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52); s53 = b3.fma(x, s53);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
            s40.intoArray(c, c4); s41.intoArray(c, c4 + L); s42.intoArray(c, c4 + 2 * L); s43.intoArray(c, c4 + 3 * L);
            s50.intoArray(c, c5); s51.intoArray(c, c5 + L); s52.intoArray(c, c5 + 2 * L); s53.intoArray(c, c5 + 3 * L);
        }

        @Override
        void row(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
                float[] c, int cOff, boolean accumulate) {
            row4(a, aOff, aDepthStride, panel, depth, c, cOff, accumulate);
        }
    }

    /** 4 rows x 4 vectors: 16 accumulators, 4 panel vectors and one broadcast, 21 registers. */
    static final class Tile4x4 extends VectorFloatMicroKernel {
        Tile4x4() {
            super(4, 4);
        }

        @Override
        void tile(float[] a, int aOff, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L); s02 = FloatVector.fromArray(S, c, c0 + 2 * L); s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L); s12 = FloatVector.fromArray(S, c, c1 + 2 * L); s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L); s22 = FloatVector.fromArray(S, c, c2 + 2 * L); s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L); s32 = FloatVector.fromArray(S, c, c3 + 2 * L); s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero; s02 = zero; s03 = zero;
                s10 = zero; s11 = zero; s12 = zero; s13 = zero;
                s20 = zero; s21 = zero; s22 = zero; s23 = zero;
                s30 = zero; s31 = zero; s32 = zero; s33 = zero;
            }
            for (int p = 0; p < depth; p++) {
                int ai = aOff + p * 4;
                int b = p * 4 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector b2 = FloatVector.fromArray(S, panel, b + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, panel, b + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
                x = FloatVector.broadcast(S, a[ai + 1]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
                x = FloatVector.broadcast(S, a[ai + 2]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
                x = FloatVector.broadcast(S, a[ai + 3]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
        }

        @Override
        void tileInPlace(float[] a, int aOff, int aRowStride, float[] panel, int depth, float[] c, int cOff, int cStride,
                boolean accumulate) {
            int c0 = cOff;
            int c1 = c0 + cStride;
            int c2 = c1 + cStride;
            int c3 = c2 + cStride;
            FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
            if (accumulate) {
                s00 = FloatVector.fromArray(S, c, c0); s01 = FloatVector.fromArray(S, c, c0 + L); s02 = FloatVector.fromArray(S, c, c0 + 2 * L); s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
                s10 = FloatVector.fromArray(S, c, c1); s11 = FloatVector.fromArray(S, c, c1 + L); s12 = FloatVector.fromArray(S, c, c1 + 2 * L); s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
                s20 = FloatVector.fromArray(S, c, c2); s21 = FloatVector.fromArray(S, c, c2 + L); s22 = FloatVector.fromArray(S, c, c2 + 2 * L); s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
                s30 = FloatVector.fromArray(S, c, c3); s31 = FloatVector.fromArray(S, c, c3 + L); s32 = FloatVector.fromArray(S, c, c3 + 2 * L); s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
            } else {
                FloatVector zero = FloatVector.zero(S);
                s00 = zero; s01 = zero; s02 = zero; s03 = zero;
                s10 = zero; s11 = zero; s12 = zero; s13 = zero;
                s20 = zero; s21 = zero; s22 = zero; s23 = zero;
                s30 = zero; s31 = zero; s32 = zero; s33 = zero;
            }
            int a0 = aOff;
            int a1 = a0 + aRowStride;
            int a2 = a1 + aRowStride;
            int a3 = a2 + aRowStride;
            for (int p = 0; p < depth; p++) {
                int b = p * 4 * L;
                FloatVector b0 = FloatVector.fromArray(S, panel, b);
                FloatVector b1 = FloatVector.fromArray(S, panel, b + L);
                FloatVector b2 = FloatVector.fromArray(S, panel, b + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, panel, b + 3 * L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
                x = FloatVector.broadcast(S, a[a1 + p]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
                x = FloatVector.broadcast(S, a[a2 + p]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
                x = FloatVector.broadcast(S, a[a3 + p]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
            }
            s00.intoArray(c, c0); s01.intoArray(c, c0 + L); s02.intoArray(c, c0 + 2 * L); s03.intoArray(c, c0 + 3 * L);
            s10.intoArray(c, c1); s11.intoArray(c, c1 + L); s12.intoArray(c, c1 + 2 * L); s13.intoArray(c, c1 + 3 * L);
            s20.intoArray(c, c2); s21.intoArray(c, c2 + L); s22.intoArray(c, c2 + 2 * L); s23.intoArray(c, c2 + 3 * L);
            s30.intoArray(c, c3); s31.intoArray(c, c3 + L); s32.intoArray(c, c3 + 2 * L); s33.intoArray(c, c3 + 3 * L);
        }

        @Override
        void row(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
                float[] c, int cOff, boolean accumulate) {
            row4(a, aOff, aDepthStride, panel, depth, c, cOff, accumulate);
        }
    }

    /** {@link #row} for tiles of 2, 3 and 4 vectors: one broadcast and {@code V} loads per depth step. */
    static void row2(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
            float[] c, int cOff, boolean accumulate) {
        final int nr = 2 * L;
        FloatVector s0, s1;
        if (accumulate) {
            s0 = FloatVector.fromArray(S, c, cOff);
            s1 = FloatVector.fromArray(S, c, cOff + L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            s0 = zero; s1 = zero;
        }
        for (int p = 0, b = 0, ai = aOff; p < depth; p++, b += nr, ai += aDepthStride) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            s0 = FloatVector.fromArray(S, panel, b).fma(x, s0);
            s1 = FloatVector.fromArray(S, panel, b + L).fma(x, s1);
        }
        s0.intoArray(c, cOff); s1.intoArray(c, cOff + L);
    }

    static void row3(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
            float[] c, int cOff, boolean accumulate) {
        final int nr = 3 * L;
        FloatVector s0, s1, s2;
        if (accumulate) {
            s0 = FloatVector.fromArray(S, c, cOff);
            s1 = FloatVector.fromArray(S, c, cOff + L);
            s2 = FloatVector.fromArray(S, c, cOff + 2 * L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            s0 = zero; s1 = zero; s2 = zero;
        }
        for (int p = 0, b = 0, ai = aOff; p < depth; p++, b += nr, ai += aDepthStride) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            s0 = FloatVector.fromArray(S, panel, b).fma(x, s0);
            s1 = FloatVector.fromArray(S, panel, b + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, panel, b + 2 * L).fma(x, s2);
        }
        s0.intoArray(c, cOff); s1.intoArray(c, cOff + L); s2.intoArray(c, cOff + 2 * L);
    }

    static void row4(float[] a, int aOff, int aDepthStride, float[] panel, int depth,
            float[] c, int cOff, boolean accumulate) {
        final int nr = 4 * L;
        FloatVector s0, s1, s2, s3;
        if (accumulate) {
            s0 = FloatVector.fromArray(S, c, cOff);
            s1 = FloatVector.fromArray(S, c, cOff + L);
            s2 = FloatVector.fromArray(S, c, cOff + 2 * L);
            s3 = FloatVector.fromArray(S, c, cOff + 3 * L);
        } else {
            FloatVector zero = FloatVector.zero(S);
            s0 = zero; s1 = zero; s2 = zero; s3 = zero;
        }
        for (int p = 0, b = 0, ai = aOff; p < depth; p++, b += nr, ai += aDepthStride) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            s0 = FloatVector.fromArray(S, panel, b).fma(x, s0);
            s1 = FloatVector.fromArray(S, panel, b + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, panel, b + 2 * L).fma(x, s2);
            s3 = FloatVector.fromArray(S, panel, b + 3 * L).fma(x, s3);
        }
        s0.intoArray(c, cOff); s1.intoArray(c, cOff + L); s2.intoArray(c, cOff + 2 * L); s3.intoArray(c, cOff + 3 * L);
    }
}
