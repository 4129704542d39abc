package dev.nn.tensor;

/**
 * The exact elementwise loops behind {@link FloatElementwise}, in two implementations chosen once per JVM: the plain loops
 * ({@link ScalarFloatElementwise}) and the JDK Vector API ({@code VectorFloatElementwise}). Every method of the vector one gives
 * results bit-identical to the plain one: the same IEEE operations (no fused multiply-add where the plain loop has
 * none) in the same order for each element, and no transcendental function.
 */
interface FloatElementwiseKernel {
    /** A name for reports, e.g. {@code "vector (512-bit)"}. */
    String description();

    /** {@code out[i] = Math.max(0f, in[i])} for {@code i < n}. */
    void relu(float[] in, float[] out, int n);

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : 0f)} for {@code i < n}. */
    void reluGradient(float[] in, float[] gradOut, float[] gradIn, int n);

    /** {@code out[i] = in[i] > 0 ? in[i] : alpha * in[i]} for {@code i < n}. */
    void leakyRelu(float[] in, float[] out, int n, float alpha);

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : alpha)} for {@code i < n}. */
    void leakyReluGradient(float[] in, float[] gradOut, float[] gradIn, int n, float alpha);

    /** {@code matrix[r * columns + c] += row[c]} for every row {@code r < rows}, column {@code c < columns}. */
    void addToEveryRow(float[] matrix, int rows, int columns, float[] row);

    /** Whether no element of {@code values[0..n)} is NaN or infinite. */
    default boolean allFinite(float[] values, int n) {
        return allFinite(values, 0, n);
    }

    /** {@link #allFinite(float[], int)} on the elements {@code [from, to)}. */
    boolean allFinite(float[] values, int from, int to);

    /** Plain SGD: {@code d = weightDecay == 0 ? g : g + weightDecay * p; p -= learningRate * d}. */
    default void sgd(float[] p, float[] g, int n, float learningRate, float weightDecay) {
        sgd(p, g, 0, n, learningRate, weightDecay);
    }

    /** {@link #sgd(float[], float[], int, float, float)} on the elements {@code [from, to)}. */
    void sgd(float[] p, float[] g, int from, int to, float learningRate, float weightDecay);

    /**
     * SGD with momentum: {@code d} as in {@link #sgd}; {@code v = momentum * v + d};
     * {@code p -= learningRate * (nesterov ? d + momentum * v : v)}.
     */
    void sgdMomentum(float[] p, float[] g, float[] v, int n, float learningRate, float momentum,
                     boolean nesterov, float weightDecay);

    /**
     * Adam: {@code d} as in {@link #sgd}; {@code m = beta1 * m + (1 - beta1) * d};
     * {@code v = beta2 * v + (1 - beta2) * d * d}; {@code p -= learningRate * (m / correction1) /
     * ((float) Math.sqrt(v / correction2) + epsilon)}, all in {@code float}.
     */
    void adam(float[] p, float[] g, float[] m, float[] v, int n, float learningRate, float beta1, float beta2,
              float epsilon, float weightDecay, float correction1, float correction2);
}
