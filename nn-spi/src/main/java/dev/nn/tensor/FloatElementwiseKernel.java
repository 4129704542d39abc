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

    /**
     * {@code out[i] = exp(in[i])} for {@code from <= i < to}, by {@link ScalarFloatElementwise#expLoop}'s float
     * operations (not {@code Math.exp}), within 2 ulps of the exact value, 0 below e^-104 and infinite above
     * e^88.73; NaN stays NaN. {@code out} may be {@code in}.
     */
    void exp(float[] in, float[] out, int from, int to);

    /** {@code out[i] = Math.max(0f, in[i])} for {@code i < n}. */
    default void relu(float[] in, float[] out, int n) {
        relu(in, out, 0, n);
    }

    /** {@link #relu(float[], float[], int)} on the elements {@code [from, to)}. */
    void relu(float[] in, float[] out, int from, int to);

    /** {@code gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : 0f)} for {@code i < n}. */
    default void reluGradient(float[] in, float[] gradOut, float[] gradIn, int n) {
        reluGradient(in, gradOut, gradIn, 0, n);
    }

    /** {@link #reluGradient(float[], float[], float[], int)} on the elements {@code [from, to)}. */
    void reluGradient(float[] in, float[] gradOut, float[] gradIn, int from, int to);

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

    /**
     * Plain SGD, with torch.optim.SGD's float32 operations (its vectorised kernels fuse each {@code add(x, alpha)}):
     * {@code d = weightDecay == 0 ? g : fma(p, weightDecay, g); p = fma(d, -learningRate, p)}.
     */
    default void sgd(float[] p, float[] g, int n, float learningRate, float weightDecay) {
        sgd(p, g, 0, n, learningRate, weightDecay);
    }

    /** {@link #sgd(float[], float[], int, float, float)} on the elements {@code [from, to)}. */
    void sgd(float[] p, float[] g, int from, int to, float learningRate, float weightDecay);

    /**
     * SGD with momentum: {@code d} as in {@link #sgd}; {@code v = momentum * v + d};
     * {@code d = nesterov ? fma(v, momentum, d) : v}; {@code p = fma(d, -learningRate, p)}.
     */
    void sgdMomentum(float[] p, float[] g, float[] v, int n, float learningRate, float momentum,
                     boolean nesterov, float weightDecay);

    /**
     * Adam with torch.optim.Adam's float32 operations: {@code d} as in {@link #sgd};
     * {@code m = fma(d, oneMinusBeta1, m * beta1)}; {@code v = fma(oneMinusBeta2 * d, d, v * beta2)};
     * {@code p = p + (negativeStepSize * m) / ((float) Math.sqrt(v) / correction2Sqrt + epsilon)}, where the caller
     * computes {@code negativeStepSize = -learningRate / (1 - beta1^t)} and
     * {@code correction2Sqrt = sqrt(1 - beta2^t)} in double and rounds them once, as torch does.
     */
    void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1, float oneMinusBeta1,
              float beta2, float oneMinusBeta2, float epsilon, float weightDecay, float negativeStepSize,
              float correction2Sqrt);
}
