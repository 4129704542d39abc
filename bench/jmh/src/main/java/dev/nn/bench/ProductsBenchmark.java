package dev.nn.bench;

import dev.nn.tensor.MatrixProducts;
import dev.nn.tensor.Tensor;
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
 * The three products of a dense layer at the shapes of the benchmark networks: {@code X (n x k)}, {@code W (m x k)},
 * {@code dZ (n x m)}; each product is {@code 2 n k m} floating-point operations, so GFLOP/s = {@code 2nkm / time}.
 * Every parameter combination runs in its own JVM, where {@code kernels} and {@code threads} become
 * {@code -Dnn.kernels} and {@code -Dnn.threads} before the first product: {@code -p kernels=vector:6x2,vector:8x3}
 * compares tiles. The report at the end of each fork names the kernel, its tile and the threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
public class ProductsBenchmark {
    /** {@code n x k x m}: W2's first and second layers (batch 64), W3's first and second layers (batch 256). */
    @Param({"64x784x256", "64x256x128", "256x784x1024", "256x1024x1024"})
    public String shape;

    @Param({"auto", "scalar"})
    public String kernels;

    @Param({"1", "2"})
    public String threads;

    private Tensor x;
    private Tensor w;
    private Tensor dz;
    private Tensor z;
    private Tensor dw;
    private Tensor dx;

    @Setup
    public void setUp() {
        System.setProperty("nn.kernels", kernels);
        System.setProperty("nn.threads", threads);
        String[] sizes = shape.split("x");
        int n = Integer.parseInt(sizes[0]);
        int k = Integer.parseInt(sizes[1]);
        int m = Integer.parseInt(sizes[2]);
        Random random = new Random(42);
        x = random(random, n, k);
        w = random(random, m, k);
        dz = random(random, n, m);
        z = Tensor.zeros(n, m);
        dw = Tensor.zeros(m, k);
        dx = Tensor.zeros(n, k);
    }

    @TearDown
    public void report() {
        System.out.println("\n  kernels: " + MatrixProducts.implementation());
    }

    /** {@code Z = X W^T}. */
    @Benchmark
    public Tensor forward() {
        MatrixProducts.multiplyTransposedB(x, w, z);
        return z;
    }

    /** {@code dW = dZ^T X}. */
    @Benchmark
    public Tensor weightGradient() {
        MatrixProducts.multiplyTransposedA(dz, x, dw);
        return dw;
    }

    /** {@code dX = dZ W}. */
    @Benchmark
    public Tensor inputGradient() {
        MatrixProducts.multiply(dz, w, dx);
        return dx;
    }

    static Tensor random(Random random, int rows, int columns) {
        Tensor t = Tensor.zeros(rows, columns);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = random.nextDouble() - 0.5;
        }
        return t;
    }
}
