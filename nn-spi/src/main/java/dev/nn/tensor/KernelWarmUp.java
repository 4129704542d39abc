package dev.nn.tensor;

/**
 * Compiles the kernels before they are needed: a daemon thread that runs small products in the three layouts of a
 * dense layer and the elementwise loops of one {@link DataType}, on arrays of its own, until {@link #close()} or
 * {@link #LIMIT_NANOS}.
 *
 * <p>The Vector API kernels are fast only once C2 has compiled them; before that each vector operation allocates,
 * and the first training steps of a run ran 10 times slower than the rest (one Fashion-MNIST epoch: its first 25
 * steps took 0.46 s, the next 400 0.65 s). Started while the data are read, on the core that reading leaves idle,
 * the warm-up has the hot methods compiled when training starts. It shares nothing with the caller but the
 * compiled code: its products are below {@link Gemm#PARALLEL_WORK}, so they run on its own thread and not on the
 * product workers, and no result of the caller depends on it (every kernel computes the same bits compiled or not).
 */
public final class KernelWarmUp implements AutoCloseable {
    /** The longest it runs: C2 compiles the kernels in well under this. */
    static final long LIMIT_NANOS = 1_500_000_000L;

    private final Thread thread;
    private volatile boolean stopped;
    private volatile int rounds;

    private KernelWarmUp(DataType type) {
        thread = new Thread(() -> run(type), "nn-kernel-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts warming up the kernels of {@code type} on a daemon thread. */
    public static KernelWarmUp start(DataType type) {
        KernelWarmUp warmUp = new KernelWarmUp(type);
        warmUp.thread.start();
        return warmUp;
    }

    /** Asks the warm-up to stop after its current round; does not wait for it. */
    @Override
    public void close() {
        stopped = true;
    }

    /** Rounds completed so far (for tests). */
    int rounds() {
        return rounds;
    }

    /** Waits for the thread to end (for tests). */
    void join() throws InterruptedException {
        thread.join();
    }

    private void run(DataType type) {
        // Small products (each below PARALLEL_WORK) that take every path a training step takes, so that C2 compiles
        // the kernels with the branches they will need (a path it never saw would be compiled as a trap, and the
        // first real step would fall back to the interpreter while it recompiles): a forward X W^T over two depth
        // blocks on 10 rows (A in place, accumulating, a part tile), the weight gradient dZ^T X over two depth
        // blocks (A packed), the input gradient dZ W (a part panel), a 10-unit output layer (the transposed
        // narrow product), and the forward product of an inference series (W^T packed beforehand).
        Tensor x = filled(10, 160, type, 1);
        Tensor w = filled(64, 160, type, 2);
        Tensor z = Tensor.zeros(10, 64, type);
        Tensor dz = filled(10, 64, type, 3);
        Tensor dx = Tensor.zeros(10, 160, type);
        Tensor deepDz = filled(136, 4, type, 4);
        Tensor deepX = filled(136, 64, type, 5);
        Tensor dw = Tensor.zeros(4, 64, type);
        Tensor batch = filled(64, 64, type, 6);
        Tensor output = filled(10, 64, type, 7);
        Tensor logits = Tensor.zeros(64, 10, type);
        Tensor bias = filled(1, 64, type, 8);
        Tensor m = Tensor.zeros(64, 160, type);
        Tensor v = Tensor.zeros(64, 160, type);
        Tensor g = filled(64, 160, type, 9);
        PackedMatrix packed = null;
        long started = System.nanoTime();
        while (!stopped && System.nanoTime() - started < LIMIT_NANOS) {
            MatrixProducts.multiplyTransposedB(x, w, z);
            packed = MatrixProducts.packForTransposedB(w, packed);
            MatrixProducts.multiplyTransposedB(x, w, packed, z);
            MatrixProducts.multiplyTransposedA(deepDz, deepX, dw);
            MatrixProducts.multiply(dz, w, dx);
            MatrixProducts.multiplyTransposedB(batch, output, logits);
            Elementwise.addToEveryRow(z, bias);
            if (type == DataType.FLOAT32) {
                FloatElementwise.relu(z.floatData(), z.floatData());
                FloatElementwise.exp(logits.floatData(), logits.floatData()); // float32 softmax's
                FloatElementwise.reluGradient(z.floatData(), dz.floatData(), dz.floatData());
                FloatElementwise.allFinite(g.floatData());
                FloatElementwise.adam(w.floatData(), g.floatData(), m.floatData(), v.floatData(), 1e-9, 0.9, 0.999,
                        1e-8, 0, 1);
                FloatElementwise.sgd(w.floatData(), g.floatData(), 1e-9f, 0f);
            } else {
                Elementwise.relu(z.data(), z.data());
                Elementwise.reluGradient(z.data(), dz.data(), dz.data());
                Elementwise.allFinite(g.data());
                Elementwise.adam(w.data(), g.data(), m.data(), v.data(), 1e-9, 0.9, 0.999, 1e-8, 0, 0.1, 0.001);
                Elementwise.sgd(w.data(), g.data(), 1e-9, 0);
            }
            rounds++;
        }
    }

    private static Tensor filled(int rows, int columns, DataType type, int seed) {
        Tensor tensor = Tensor.zeros(rows, columns, type);
        for (int i = 0; i < tensor.size(); i++) {
            tensor.setFlat(i, ((i * 31 + seed * 17) % 97) / 97.0 - 0.5);
        }
        return tensor;
    }
}
