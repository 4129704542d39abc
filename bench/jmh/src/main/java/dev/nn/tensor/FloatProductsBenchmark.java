package dev.nn.tensor;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code dev.nn.bench.ProductsBenchmark} in float32: the three products of a dense layer on {@code float} arrays
 * through {@link FloatGemm#shared()} (package-private, hence this package). {@code X (n x k)}, {@code W (m x k)},
 * {@code dZ (n x m)}; each product is {@code 2 n k m} floating-point operations, so GFLOP/s = {@code 2nkm / time}.
 * {@code kernels} and {@code threads} become {@code -Dnn.kernels} and {@code -Dnn.threads} in each fork; the report at
 * the end of a fork names the kernel, its tile and the threads. Compare with {@code FmaPeakBenchmark.fmaFloat} run in
 * the same invocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
public class FloatProductsBenchmark {
    /** {@code n x k x m}: W2's first and second layers (batch 64), W3's first and second layers (batch 256). */
    @Param({"64x784x256", "64x256x128", "256x784x1024", "256x1024x1024"})
    public String shape;

    @Param({"auto", "scalar"})
    public String kernels;

    @Param({"1", "2"})
    public String threads;

    private FloatGemm gemm;
    private int n;
    private int k;
    private int m;
    private float[] x;
    private float[] w;
    private float[] dz;
    private float[] z;
    private float[] dw;
    private float[] dx;

    @Setup
    public void setUp() {
        System.setProperty("nn.kernels", kernels);
        System.setProperty("nn.threads", threads);
        gemm = FloatGemm.shared();
        String[] sizes = shape.split("x");
        n = Integer.parseInt(sizes[0]);
        k = Integer.parseInt(sizes[1]);
        m = Integer.parseInt(sizes[2]);
        Random random = new Random(42);
        x = random(random, n * k);
        w = random(random, m * k);
        dz = random(random, n * m);
        z = new float[n * m];
        dw = new float[m * k];
        dx = new float[n * k];
    }

    @TearDown
    public void report() {
        System.out.println("\n  float kernels: " + gemm.description());
    }

    /** {@code Z = X W^T}. */
    @Benchmark
    public float[] forward() {
        gemm.product(x, k, 1, w, 1, k, z, n, m, k);
        return z;
    }

    /** {@code dW = dZ^T X}. */
    @Benchmark
    public float[] weightGradient() {
        gemm.product(dz, 1, m, x, k, 1, dw, m, k, n);
        return dw;
    }

    /** {@code dX = dZ W}. */
    @Benchmark
    public float[] inputGradient() {
        gemm.product(dz, m, 1, w, k, 1, dx, n, k, m);
        return dx;
    }

    private static float[] random(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }
}
