package dev.nn.tensor;

/**
 * Run in a separate JVM by {@link KernelDeterminismTest}: prints the chosen kernel and a checksum of products, float64
 * and float32.
 */
final class KernelProbe {
    private KernelProbe() {
    }

    public static void main(String[] args) {
        try {
            Gemm gemm = Kernels.fromProperties();
            System.out.println(gemm.kernel().description() + " " + checksum(gemm, Kernels.floatFromProperties()));
        } catch (RuntimeException e) {
            System.out.println(e.getMessage());
        }
    }

    /**
     * The exact bits of every element of the three products at one shape, in float64 by {@code gemm} and in float32
     * by {@code floatGemm}, folded into two hashes.
     */
    static String checksum(Gemm gemm, FloatGemm floatGemm) {
        return checksum(gemm) + "/" + checksum(floatGemm);
    }

    private static String checksum(FloatGemm gemm) {
        int n = 67;
        int m = 131;
        int k = 257;
        java.util.Random random = new java.util.Random(9);
        float[] x = floats(random(random, n * k));
        float[] w = floats(random(random, m * k));
        float[] dz = floats(random(random, n * m));
        float[] z = new float[n * m];
        float[] dw = new float[m * k];
        float[] dx = new float[n * k];
        gemm.product(x, k, 1, w, 1, k, z, n, m, k);
        gemm.product(dz, 1, m, x, k, 1, dw, m, k, n);
        gemm.product(dz, m, 1, w, k, 1, dx, n, k, m);
        long hash = 17;
        for (float[] product : new float[][] {z, dw, dx}) {
            for (float value : product) {
                hash = hash * 31 + Float.floatToIntBits(value);
            }
        }
        return Long.toHexString(hash);
    }

    private static float[] floats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    /** The exact bits of every element of the three float64 products at one shape, folded into a hash. */
    private static String checksum(Gemm gemm) {
        double[][] products = products(gemm, new int[] {67, 131, 257}, 9);
        long hash = 17;
        for (double[] product : products) {
            for (double value : product) {
                hash = hash * 31 + Double.doubleToLongBits(value);
            }
        }
        return Long.toHexString(hash);
    }

    /** The three products of {@code shape = {n, m, k}}: X (n x k), W (m x k), dZ (n x m). */
    static double[][] products(Gemm gemm, int[] shape, long seed) {
        int n = shape[0];
        int m = shape[1];
        int k = shape[2];
        java.util.Random random = new java.util.Random(seed);
        double[] x = random(random, n * k);
        double[] w = random(random, m * k);
        double[] dz = random(random, n * m);
        double[] z = new double[n * m];
        double[] dw = new double[m * k];
        double[] dx = new double[n * k];
        gemm.product(x, k, 1, w, 1, k, z, n, m, k);
        gemm.product(dz, 1, m, x, k, 1, dw, m, k, n);
        gemm.product(dz, m, 1, w, k, 1, dx, n, k, m);
        return new double[][] {z, dw, dx};
    }

    static double[] random(java.util.Random random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextDouble() * 2 - 1;
        }
        return values;
    }
}
