package dev.nn.tensor;

/**
 * Exact elementwise loops of the built-in components (activations, bias add, optimizer updates, the finiteness
 * check), on the JDK Vector API when the product kernel is the vector one and as plain loops otherwise. Each method's
 * result is defined by its plain loop, given in {@link ElementwiseKernel}; the vector loops compute the same IEEE
 * operations per element in the same order, so the choice changes speed only, never a bit of a result.
 *
 * <p>Nothing here computes a transcendental function: {@code exp}, {@code log} and {@code tanh} stay on
 * {@link Math}, whose results the golden tests pin.
 */
public final class Elementwise {
    private static final class Engine {
        static final ElementwiseKernel KERNEL = select();
    }

    private Elementwise() {
    }

    /** The loops in use, for reports: {@code "vector (512-bit)"} or {@code "scalar"}. */
    public static String implementation() {
        return Engine.KERNEL.description();
    }

    /** {@code out[i] = Math.max(0.0, in[i])}. */
    public static void relu(double[] in, double[] out) {
        Engine.KERNEL.relu(in, out, sameLength(in, out));
    }

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : 0.0)}. */
    public static void reluGradient(double[] in, double[] gradOut, double[] gradIn) {
        Engine.KERNEL.reluGradient(in, gradOut, gradIn, sameLength(in, gradOut, gradIn));
    }

    /** {@code out[i] = in[i] > 0 ? in[i] : alpha * in[i]}. */
    public static void leakyRelu(double[] in, double[] out, double alpha) {
        Engine.KERNEL.leakyRelu(in, out, sameLength(in, out), alpha);
    }

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : alpha)}. */
    public static void leakyReluGradient(double[] in, double[] gradOut, double[] gradIn, double alpha) {
        Engine.KERNEL.leakyReluGradient(in, gradOut, gradIn, sameLength(in, gradOut, gradIn), alpha);
    }

    /**
     * Adds the row {@code row} ({@code 1 x columns}) to every row of {@code matrix}, in place; both float64 or both
     * float32 (a plain loop).
     */
    public static void addToEveryRow(Tensor matrix, Tensor row) {
        row.requireShape(1, matrix.columns(), "row added to every row");
        if (matrix.isFloat32()) {
            float[] m = matrix.floatData();
            float[] r = row.floatData();
            int columns = matrix.columns();
            for (int offset = 0; offset < m.length; offset += columns) {
                for (int c = 0; c < columns; c++) {
                    m[offset + c] += r[c];
                }
            }
            return;
        }
        Engine.KERNEL.addToEveryRow(matrix.data(), matrix.rows(), matrix.columns(), row.data());
    }

    /** Whether no element is NaN or infinite. */
    public static boolean allFinite(double[] values) {
        return Engine.KERNEL.allFinite(values, values.length);
    }

    /** SGD without momentum, in place: {@code d = weightDecay == 0 ? g : g + weightDecay * p; p -= learningRate * d}. */
    public static void sgd(double[] p, double[] g, double learningRate, double weightDecay) {
        Engine.KERNEL.sgd(p, g, sameLength(p, g), learningRate, weightDecay);
    }

    /**
     * SGD with momentum, in place: {@code d} as in {@link #sgd}; {@code v = momentum * v + d};
     * {@code p -= learningRate * (nesterov ? d + momentum * v : v)}.
     */
    public static void sgdMomentum(double[] p, double[] g, double[] v, double learningRate, double momentum,
                                   boolean nesterov, double weightDecay) {
        Engine.KERNEL.sgdMomentum(p, g, v, sameLength(p, g, v), learningRate, momentum, nesterov, weightDecay);
    }

    /**
     * Adam, in place: {@code d} as in {@link #sgd}; {@code m = beta1 * m + (1 - beta1) * d};
     * {@code v = beta2 * v + (1 - beta2) * d * d};
     * {@code p -= learningRate * (m / correction1) / (Math.sqrt(v / correction2) + epsilon)}.
     */
    public static void adam(double[] p, double[] g, double[] m, double[] v, double learningRate, double beta1,
                            double beta2, double epsilon, double weightDecay, double correction1, double correction2) {
        Engine.KERNEL.adam(p, g, m, v, sameLength(p, g, m, v), learningRate, beta1,
                beta2, epsilon, weightDecay, correction1, correction2);
    }

    /**
     * The vector loops when the product kernel chosen by {@code -Dnn.kernels} is the vector one (the module is present
     * and C2 is on, or it was asked for), else the plain loops.
     */
    static ElementwiseKernel select() {
        MicroKernel products = Kernels.select(System.getProperty(Kernels.KERNELS_PROPERTY, "auto"));
        return products instanceof ScalarMicroKernel ? new ScalarElementwise() : vector();
    }

    /** The Vector API loops; only call when {@code jdk.incubator.vector} is in the boot layer. */
    static ElementwiseKernel vector() {
        try {
            return (ElementwiseKernel) Class.forName("dev.nn.tensor.VectorElementwise").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector elementwise loops: " + e, e);
        }
    }

    private static int sameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("arrays of " + a.length + " and " + b.length + " elements");
        }
        return a.length;
    }

    private static int sameLength(double[] a, double[] b, double[] c) {
        sameLength(a, c);
        return sameLength(a, b);
    }

    private static int sameLength(double[] a, double[] b, double[] c, double[] d) {
        sameLength(a, d);
        return sameLength(a, b, c);
    }
}
