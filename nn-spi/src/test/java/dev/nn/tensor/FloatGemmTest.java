package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 product: every kernel, every vector tile and every thread count against a plain loop of
 * {@code Math.fma(float)} chains, bit for bit, on {@link KernelAgreementTest}'s shapes in the three layouts of a dense
 * layer; bit-identical across configurations at the benchmark networks' shapes; within float32 rounding of numpy's
 * float32 product (float32_products.py); and allocation-free after warm-up.
 */
final class FloatGemmTest {
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernel : KernelAgreementTest.kernels()) {
            for (int threads : new int[] {1, 2, 3}) {
                for (int[] shape : KernelAgreementTest.SHAPES) {
                    cases.add(Arguments.of(kernel, threads, shape[0], shape[1], shape[2]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} threads, {2}x{3}, depth {4}")
    @MethodSource("cases")
    void everyLayoutIsTheFloatFmaChain(String kernel, int threads, int rows, int cols, int depth) {
        FloatGemm gemm = new FloatGemm(Kernels.selectFloat(kernel), threads);
        Random random = new Random(1_000_003L * rows + 1_009L * cols + depth);
        float[] aRowMajor = random(random, rows * depth);
        float[] aColumnMajor = transpose(aRowMajor, rows, depth);
        float[] bRowMajor = random(random, depth * cols);
        float[] bColumnMajor = transpose(bRowMajor, depth, cols);
        float[] expected = new float[rows * cols];
        double[] exact = new double[rows * cols];
        double[] scale = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float s = 0f;
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < depth; p++) {
                    float x = aRowMajor[i * depth + p];
                    float y = bRowMajor[p * cols + j];
                    s = Math.fma(x, y, s);
                    sum += (double) x * y;
                    magnitude += Math.abs((double) x * y);
                }
                expected[i * cols + j] = s;
                exact[i * cols + j] = sum;
                scale[i * cols + j] = magnitude;
            }
        }

        float[] forward = garbage(rows * cols);       // X W^T: A row-major, B stored as cols x depth
        gemm.product(aRowMajor, depth, 1, bColumnMajor, 1, depth, forward, rows, cols, depth);
        float[] weightGradient = garbage(rows * cols); // dZ^T X: A stored as depth x rows, B row-major
        gemm.product(aColumnMajor, 1, rows, bRowMajor, cols, 1, weightGradient, rows, cols, depth);
        float[] inputGradient = garbage(rows * cols);  // dZ W: both row-major
        gemm.product(aRowMajor, depth, 1, bRowMajor, cols, 1, inputGradient, rows, cols, depth);

        for (float[] actual : List.of(forward, weightGradient, inputGradient)) {
            for (int e = 0; e < actual.length; e++) {
                int element = e;
                assertEquals(Float.floatToIntBits(expected[e]), Float.floatToIntBits(actual[e]),
                        () -> "element " + element + " differs from the float fma chain");
                double tolerance = depth * (double) Math.ulp(1f) * scale[e] + Float.MIN_NORMAL;
                assertTrue(Math.abs(actual[e] - exact[e]) <= tolerance, "element differs from the exact sum");
            }
        }
    }

    @Test
    void threadCountsKernelsAndTilesGiveBitIdenticalResultsAtTheBenchmarkShapes() {
        int[][] shapes = {{64, 256, 784}, {64, 10, 128}, {256, 1024, 784}, {131, 97, 389}};
        for (int[] shape : shapes) {
            float[][] reference = products(new FloatGemm(Kernels.selectFloat("scalar"), 1), shape, 7);
            for (String kernel : KernelAgreementTest.kernels()) {
                for (int threads : new int[] {1, 2, 4}) {
                    float[][] actual = products(new FloatGemm(Kernels.selectFloat(kernel), threads), shape, 7);
                    for (int layout = 0; layout < 3; layout++) {
                        assertArrayEquals(reference[layout], actual[layout], 0f,
                                kernel + ", " + threads + " threads, layout " + layout);
                    }
                }
            }
        }
    }

    /**
     * numpy's float32 product sums in another order, so each element must be within the bound of float32 rounding
     * of the exact value ({@code depth u sum |a b|}, u the float32 unit roundoff 2^-24, for both), while the float64
     * product is the exact value to far below that.
     */
    @Test
    void agreesWithNumpysFloat32ProductToRounding() throws IOException {
        FloatGemm gemm = FloatGemm.shared();
        int cases = 0;
        try (InputStream stream = FloatGemmTest.class.getResourceAsStream("float32_products.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("case ")) {
                    continue;
                }
                String[] shape = line.split(" ");
                int rows = Integer.parseInt(shape[1]);
                int cols = Integer.parseInt(shape[2]);
                int depth = Integer.parseInt(shape[3]);
                String[] numpy32 = reader.readLine().trim().split(" ");
                String[] numpy64 = reader.readLine().trim().split(" ");
                float[] a = operands(rows * depth, 1);
                float[] b = operands(depth * cols, 2);
                float[] c = garbage(rows * cols);
                gemm.product(a, depth, 1, b, cols, 1, c, rows, cols, depth);
                assertEquals(rows * cols, numpy32.length);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        double magnitude = 0;
                        for (int p = 0; p < depth; p++) {
                            magnitude += Math.abs((double) a[i * depth + p] * b[p * cols + j]);
                        }
                        double bound = depth * 0x1p-24 * magnitude;
                        double exact = Double.parseDouble(numpy64[i * cols + j]);
                        float theirs = Float.parseFloat(numpy32[i * cols + j]);
                        float ours = c[i * cols + j];
                        String where = rows + "x" + cols + "x" + depth + " at (" + i + ", " + j + ")";
                        assertTrue(Math.abs(ours - exact) <= bound, where + ": " + ours + " vs exact " + exact);
                        assertTrue(Math.abs(theirs - exact) <= bound, where + ": numpy " + theirs + " vs " + exact);
                        assertTrue(Math.abs(ours - theirs) <= 2 * bound, where + ": " + ours + " vs numpy " + theirs);
                    }
                }
                cases++;
            }
        }
        assertEquals(5, cases);
    }

    /**
     * Once warmed up (the JIT compilers allocate while they have not compiled the vector code: up to 200 rounds of
     * the three products until one allocates nothing), further products allocate nothing, on the caller or on the
     * workers.
     */
    @Test
    void productsAfterWarmUpAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FloatGemm gemm = new FloatGemm(Kernels.selectFloat("auto"), 2);
        int[] shape = {64, 256, 784};
        float[][] operands = operands(shape, 3);
        float[][] outputs = {new float[64 * 256], new float[256 * 784], new float[64 * 784]};
        float[] classifier = random(new Random(4), 10 * 256);
        float[] logits = new float[64 * 10];
        Runnable step = () -> {
            products(gemm, shape, operands, outputs);
            // A 10-wide output, computed transposed through a per-thread buffer.
            gemm.product(outputs[0], 256, 1, classifier, 1, 256, logits, 64, 10, 256);
        };
        step.run();
        long[] ids = threadIds();
        assertTrue(ids.length > 1, "the products ran on the kernel workers");
        long[] before = new long[ids.length];
        long[] after = new long[ids.length];
        for (int warmUp = 0; warmUp < 200; warmUp++) {
            allocatedBytes(threads, ids, before);
            step.run();
            allocatedBytes(threads, ids, after);
            if (Arrays.equals(before, after)) {
                break;
            }
        }
        allocatedBytes(threads, ids, before);
        for (int repeat = 0; repeat < 20; repeat++) {
            step.run();
        }
        allocatedBytes(threads, ids, after);
        assertArrayEquals(before, after, "bytes allocated by the caller and the kernel workers");
    }

    private static void allocatedBytes(com.sun.management.ThreadMXBean threads, long[] ids, long[] bytes) {
        for (int t = 0; t < ids.length; t++) {
            bytes[t] = threads.getThreadAllocatedBytes(ids[t]);
        }
    }

    @Test
    void badKernelSettingsAreRejectedNamingTheProperty() {
        IllegalArgumentException kernel = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Kernels.selectFloat("gpu"));
        assertTrue(kernel.getMessage().contains("nn.kernels=gpu"), kernel.getMessage());
        IllegalArgumentException tile = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Kernels.selectFloat("vector:5x5"));
        assertTrue(tile.getMessage().contains("6x2, 8x3, 6x4, 4x4"), tile.getMessage());
        assertTrue(Kernels.selectFloat("scalar") instanceof ScalarFloatMicroKernel);
    }

    @Test
    void theSharedEngineDescribesItsKernelAndThreads() {
        String description = FloatGemm.shared().description();
        assertTrue(description.contains("thread"), description);
        assertTrue(description.startsWith("scalar (4x4 float") || description.contains("floats"), description);
    }

    /** The calling thread and the kernel workers (which exist by then), looked up before measuring. */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>(List.of(Thread.currentThread().getId()));
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("nn-kernel-")) {
                ids.add(thread.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** The operand hash of float32_products.py: exact float32 values in [-1, 1). */
    static float[] operands(int count, int salt) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            int h = (i + 1) * 0x9E3779B1 + salt;
            h ^= h >>> 15;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            values[i] = (float) ((h >>> 8) * 0x1p-23 - 1);
        }
        return values;
    }

    /** X (n x k), W (m x k), dZ (n x m) of {@code shape = {n, m, k}}. */
    private static float[][] operands(int[] shape, long seed) {
        Random random = new Random(seed);
        return new float[][] {random(random, shape[0] * shape[2]), random(random, shape[1] * shape[2]),
            random(random, shape[0] * shape[1])};
    }

    /** The three products of a dense layer: Z = X W^T, dW = dZ^T X, dX = dZ W. */
    private static void products(FloatGemm gemm, int[] shape, float[][] operands, float[][] outputs) {
        int n = shape[0];
        int m = shape[1];
        int k = shape[2];
        float[] x = operands[0];
        float[] w = operands[1];
        float[] dz = operands[2];
        gemm.product(x, k, 1, w, 1, k, outputs[0], n, m, k);
        gemm.product(dz, 1, m, x, k, 1, outputs[1], m, k, n);
        gemm.product(dz, m, 1, w, k, 1, outputs[2], n, k, m);
    }

    private static float[][] products(FloatGemm gemm, int[] shape, long seed) {
        float[][] outputs = {new float[shape[0] * shape[1]], new float[shape[1] * shape[2]],
            new float[shape[0] * shape[2]]};
        products(gemm, shape, operands(shape, seed), outputs);
        return outputs;
    }

    /** Uniform in [-1, 1), with some zeros of both signs. */
    static float[] random(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            int draw = random.nextInt(10);
            values[i] = draw == 0 ? 0f : draw == 1 ? -0f : random.nextFloat() * 2 - 1;
        }
        return values;
    }

    static float[] transpose(float[] values, int rows, int cols) {
        float[] result = new float[values.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                result[j * rows + i] = values[i * cols + j];
            }
        }
        return result;
    }

    static float[] garbage(int size) {
        float[] values = new float[size];
        Arrays.fill(values, Float.NaN);
        return values;
    }
}
