package dev.nn.tensor;

/**
 * The exact elementwise loops behind {@link Elementwise}, in two implementations chosen once per JVM: the plain loops
 * ({@link ScalarElementwise}) and the JDK Vector API ({@code VectorElementwise}). Every method of the vector one gives
 * results bit-identical to the plain one: the same IEEE operations (no fused multiply-add where the plain loop has
 * none) in the same order for each element, and no transcendental function.
 */
interface ElementwiseKernel {
    /** A name for reports, e.g. {@code "vector (512-bit)"}. */
    String description();

    /** {@code out[i] = Math.max(0.0, in[i])} for {@code i < n}. */
    default void relu(double[] in, double[] out, int n) {
        relu(in, out, 0, n);
    }

    /** {@link #relu(double[], double[], int)} on the elements {@code [from, to)}. */
    void relu(double[] in, double[] out, int from, int to);

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : 0.0)} for {@code i < n}. */
    default void reluGradient(double[] in, double[] gradOut, double[] gradIn, int n) {
        reluGradient(in, gradOut, gradIn, 0, n);
    }

    /** {@link #reluGradient(double[], double[], double[], int)} on the elements {@code [from, to)}. */
    void reluGradient(double[] in, double[] gradOut, double[] gradIn, int from, int to);

    /** {@code out[i] = in[i] > 0 ? in[i] : alpha * in[i]} for {@code i < n}. */
    void leakyRelu(double[] in, double[] out, int n, double alpha);

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : alpha)} for {@code i < n}. */
    void leakyReluGradient(double[] in, double[] gradOut, double[] gradIn, int n, double alpha);

    /** {@code matrix[r * columns + c] += row[c]} for every row {@code r < rows}, column {@code c < columns}. */
    void addToEveryRow(double[] matrix, int rows, int columns, double[] row);

    /** Whether no element of {@code values[0..n)} is NaN or infinite. */
    default boolean allFinite(double[] values, int n) {
        return allFinite(values, 0, n);
    }

    /** Whether no element of {@code values[from..to)} is NaN or infinite. */
    boolean allFinite(double[] values, int from, int to);

    /** Plain SGD: {@code d = weightDecay == 0 ? g : g + weightDecay * p; p -= learningRate * d}. */
    default void sgd(double[] p, double[] g, int n, double learningRate, double weightDecay) {
        sgd(p, g, 0, n, learningRate, weightDecay);
    }

    /** {@link #sgd(double[], double[], int, double, double)} on the elements {@code [from, to)}. */
    void sgd(double[] p, double[] g, int from, int to, double learningRate, double weightDecay);

    /**
     * SGD with momentum: {@code d} as in {@link #sgd}; {@code v = momentum * v + d};
     * {@code p -= learningRate * (nesterov ? d + momentum * v : v)}.
     */
    void sgdMomentum(double[] p, double[] g, double[] v, int n, double learningRate, double momentum,
                     boolean nesterov, double weightDecay);

    /**
     * Adam: {@code d} as in {@link #sgd}; {@code m = beta1 * m + (1 - beta1) * d};
     * {@code v = beta2 * v + (1 - beta2) * d * d}; {@code p -= learningRate * (m / correction1) /
     * (Math.sqrt(v / correction2) + epsilon)}.
     */
    void adam(double[] p, double[] g, double[] m, double[] v, int n, double learningRate, double beta1, double beta2,
              double epsilon, double weightDecay, double correction1, double correction2);
}
