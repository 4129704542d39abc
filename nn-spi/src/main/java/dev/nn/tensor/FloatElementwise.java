package dev.nn.tensor;

/**
 * {@link Elementwise} for {@code float}: the exact elementwise loops of the built-in components on float32 arrays
 * (activations and their gradients, bias add, optimizer updates, the finiteness check), on the JDK Vector API when
 * the product kernel is the vector one and as plain loops otherwise. Each method's result is defined by its plain
 * loop in {@code float} arithmetic (every operation rounds to {@code float}; none is fused), given in its comment;
 * the vector loops compute the same IEEE operations per element in the same order, so the choice changes speed only,
 * never a bit of a result.
 */
public final class FloatElementwise {
    private static final class Engine {
        static final FloatElementwiseKernel KERNEL = select();
        static final int THREADS = Kernels.threads(System.getProperty(Kernels.THREADS_PROPERTY));
    }

    private FloatElementwise() {
    }

    /** The loops in use, for reports: {@code "vector (512-bit)"} or {@code "scalar"}. */
    public static String implementation() {
        return Engine.KERNEL.description();
    }

    /** {@code out[i] = Math.max(0f, in[i])}. */
    public static void relu(float[] in, float[] out) {
        int n = sameLength(in, out);
        if (n >= Elementwise.PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            Elementwise.Parts.activation(Elementwise.Parts.RELU, Engine.KERNEL, Engine.THREADS, in, out, null, n);
            return;
        }
        Engine.KERNEL.relu(in, out, 0, n);
    }

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : 0f)}. */
    public static void reluGradient(float[] in, float[] gradOut, float[] gradIn) {
        int n = sameLength(in, gradOut, gradIn);
        if (n >= Elementwise.PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            Elementwise.Parts.activation(Elementwise.Parts.RELU_GRADIENT, Engine.KERNEL, Engine.THREADS, in, gradOut,
                    gradIn, n);
            return;
        }
        Engine.KERNEL.reluGradient(in, gradOut, gradIn, 0, n);
    }

    /** {@code out[i] = in[i] > 0 ? in[i] : alpha * in[i]}. */
    public static void leakyRelu(float[] in, float[] out, float alpha) {
        Engine.KERNEL.leakyRelu(in, out, sameLength(in, out), alpha);
    }

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : alpha)}. */
    public static void leakyReluGradient(float[] in, float[] gradOut, float[] gradIn, float alpha) {
        Engine.KERNEL.leakyReluGradient(in, gradOut, gradIn, sameLength(in, gradOut, gradIn), alpha);
    }

    /**
     * Adds {@code row} ({@code columns} elements) to every row of {@code matrix} ({@code rows x columns}, row-major),
     * in place: {@code matrix[r * columns + c] += row[c]}.
     */
    public static void addToEveryRow(float[] matrix, int rows, int columns, float[] row) {
        if (rows < 0 || columns < 0 || (long) rows * columns != matrix.length || row.length != columns) {
            throw new IllegalArgumentException("a row of " + row.length + " elements added to every row of a "
                    + rows + " x " + columns + " matrix of " + matrix.length + " elements");
        }
        Engine.KERNEL.addToEveryRow(matrix, rows, columns, row);
    }

    /**
     * {@code out[i] = exp(in[i])}, in float arithmetic the same on every machine and in every mode (the scalar and
     * the vector loops give the same bits): within 2 ulps of the exact value, 0 below e^-104, infinite above
     * e^88.73, NaN for NaN. {@code out} may be {@code in}.
     */
    public static void exp(float[] in, float[] out) {
        Engine.KERNEL.exp(in, out, 0, sameLength(in, out));
    }

    /** Whether no element is NaN or infinite. */
    public static boolean allFinite(float[] values) {
        if (values.length >= Elementwise.PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            return Elementwise.Parts.run(Elementwise.Parts.FINITE, Engine.KERNEL, Engine.THREADS, values, null,
                    values.length, 0f, 0f);
        }
        return Engine.KERNEL.allFinite(values, 0, values.length);
    }

    /** SGD without momentum, in place: {@code d = weightDecay == 0 ? g : g + weightDecay * p; p -= learningRate * d}. */
    public static void sgd(float[] p, float[] g, float learningRate, float weightDecay) {
        int n = sameLength(p, g);
        if (n >= Elementwise.PARALLEL_ELEMENTS && Engine.THREADS > 1) {
            Elementwise.Parts.run(Elementwise.Parts.SGD, Engine.KERNEL, Engine.THREADS, p, g, n, learningRate,
                    weightDecay);
            return;
        }
        Engine.KERNEL.sgd(p, g, 0, n, learningRate, weightDecay);
    }

    /**
     * SGD with momentum, in place: {@code d} as in {@link #sgd}; {@code v = momentum * v + d};
     * {@code p -= learningRate * (nesterov ? d + momentum * v : v)}.
     */
    public static void sgdMomentum(float[] p, float[] g, float[] v, float learningRate, float momentum,
                                   boolean nesterov, float weightDecay) {
        Engine.KERNEL.sgdMomentum(p, g, v, sameLength(p, g, v), learningRate, momentum, nesterov, weightDecay);
    }

    /**
     * Adam step {@code step} (from 1), in place, as torch.optim.Adam computes it on float32 tensors (see
     * {@link FloatElementwiseKernel#adam}): the bias corrections and the step size in double, rounded once, the
     * rest in float. Shared between the product threads from {@link Elementwise#PARALLEL_ELEMENTS} elements on.
     */
    public static void adam(float[] p, float[] g, float[] m, float[] v, double learningRate, double beta1,
                            double beta2, double epsilon, double weightDecay, long step) {
        int n = sameLength(p, g, m, v);
        float negativeStepSize = (float) -(learningRate / (1.0 - Math.pow(beta1, step)));
        float correction2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        Elementwise.Parts.adam(Engine.KERNEL, n >= Elementwise.PARALLEL_ELEMENTS ? Engine.THREADS : 1, p, g, m, v, n,
                (float) beta1, (float) (1.0 - beta1), (float) beta2, (float) (1.0 - beta2), (float) epsilon,
                (float) weightDecay, negativeStepSize, correction2Sqrt);
    }

    /** The vector loops when {@link Elementwise}'s are the vector ones (the same {@code -Dnn.kernels} rule). */
    static FloatElementwiseKernel select() {
        return Kernels.resolve(System.getProperty(Kernels.KERNELS_PROPERTY, "auto")).equals("scalar")
                ? new ScalarFloatElementwise() : vector();
    }

    /** The Vector API loops; only call when {@code jdk.incubator.vector} is in the boot layer. */
    static FloatElementwiseKernel vector() {
        try {
            return (FloatElementwiseKernel) Class.forName("dev.nn.tensor.VectorFloatElementwise")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the float vector elementwise loops: " + e, e);
        }
    }

    private static int sameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("arrays of " + a.length + " and " + b.length + " elements");
        }
        return a.length;
    }

    private static int sameLength(float[] a, float[] b, float[] c) {
        sameLength(a, c);
        return sameLength(a, b);
    }

    private static int sameLength(float[] a, float[] b, float[] c, float[] d) {
        sameLength(a, d);
        return sameLength(a, b, c);
    }
}
