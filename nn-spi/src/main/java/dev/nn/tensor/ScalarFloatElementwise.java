package dev.nn.tensor;

/**
 * The plain float32 loops: the definition of every {@link FloatElementwiseKernel} method, in {@code float} arithmetic. The static range methods also finish
 * the vector kernel's loops (the elements after the last whole vector).
 */
final class ScalarFloatElementwise implements FloatElementwiseKernel {
    @Override
    public String description() {
        return "scalar";
    }

    /** Below this, e^x is below half the smallest subnormal float: 0. */
    static final float EXP_LOW = -104f;
    /** Above this, e^x overflows: infinity. */
    static final float EXP_HIGH = 88.73f;
    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 in two parts (Cody and Waite): n * LN2_HIGH is exact for the n here. */
    static final float LN2_HIGH = 0.693359375f;
    static final float LN2_LOW = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 to the nearest integer, ties to even. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Cephes' expf polynomial: e^r = 1 + r + r^2 (P0 + P1 r + ... + P5 r^5) on |r| <= ln 2 / 2. */
    static final float P0 = 5.0000001201e-1f;
    static final float P1 = 1.6666665459e-1f;
    static final float P2 = 4.1665795894e-2f;
    static final float P3 = 8.3334519073e-3f;
    static final float P4 = 1.3981999507e-3f;
    static final float P5 = 1.9875691500e-4f;

    @Override
    public void exp(float[] in, float[] out, int from, int to) {
        expLoop(in, out, from, to);
    }

    /**
     * e^x as {@code 2^n e^r}: {@code n} the nearest integer to {@code x log2 e}, {@code r = x - n ln 2} in two
     * fused steps, e^r by the polynomial, and {@code 2^n} applied as two exact powers of two so that results in the
     * subnormal range round once. Every operation is a float one, the same in {@code VectorFloatElementwise}.
     */
    static void expLoop(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = Math.min(Math.max(in[i], EXP_LOW), EXP_HIGH);
            float t = x * LOG2E + ROUNDER;
            float n = t - ROUNDER;
            float r = Math.fma(n, -LN2_HIGH, x);
            r = Math.fma(n, -LN2_LOW, r);
            float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P5, r, P4), r, P3), r, P2), r, P1), r, P0);
            float y = Math.fma(p, r * r, r) + 1f;
            int k = Float.floatToRawIntBits(t) - ROUNDER_BITS; // n as an int: the low bits of t
            int half = k >> 1;
            out[i] = y * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((k - half + 127) << 23);
        }
    }

    @Override
    public void relu(float[] in, float[] out, int from, int to) {
        reluLoop(in, out, from, to);
    }

    static void reluLoop(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(0f, in[i]);
        }
    }

    @Override
    public void reluGradient(float[] in, float[] gradOut, float[] gradIn, int from, int to) {
        reluGradientLoop(in, gradOut, gradIn, from, to);
    }

    static void reluGradientLoop(float[] in, float[] gradOut, float[] gradIn, int from, int to) {
        for (int i = from; i < to; i++) {
            gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : 0f);
        }
    }

    @Override
    public void leakyRelu(float[] in, float[] out, int n, float alpha) {
        leakyRelu(in, out, 0, n, alpha);
    }

    static void leakyRelu(float[] in, float[] out, int from, int to, float alpha) {
        for (int i = from; i < to; i++) {
            float x = in[i];
            out[i] = x > 0 ? x : alpha * x;
        }
    }

    @Override
    public void leakyReluGradient(float[] in, float[] gradOut, float[] gradIn, int n, float alpha) {
        leakyReluGradient(in, gradOut, gradIn, 0, n, alpha);
    }

    static void leakyReluGradient(float[] in, float[] gradOut, float[] gradIn, int from, int to, float alpha) {
        for (int i = from; i < to; i++) {
            gradIn[i] = gradOut[i] * (in[i] > 0 ? 1f : alpha);
        }
    }

    @Override
    public void addToEveryRow(float[] matrix, int rows, int columns, float[] row) {
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                matrix[offset + c] += row[c];
            }
        }
    }

    @Override
    public boolean allFinite(float[] values, int from, int to) {
        return finite(values, from, to);
    }

    static boolean finite(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void sgd(float[] p, float[] g, int from, int to, float learningRate, float weightDecay) {
        sgdLoop(p, g, from, to, learningRate, weightDecay);
    }

    static void sgdLoop(float[] p, float[] g, int from, int to, float learningRate, float weightDecay) {
        float negativeRate = -learningRate;
        for (int j = from; j < to; j++) {
            float d = weightDecay == 0f ? g[j] : Math.fma(p[j], weightDecay, g[j]);
            p[j] = Math.fma(d, negativeRate, p[j]);
        }
    }

    @Override
    public void sgdMomentum(float[] p, float[] g, float[] v, int n, float learningRate, float momentum,
                            boolean nesterov, float weightDecay) {
        sgdMomentum(p, g, v, 0, n, learningRate, momentum, nesterov, weightDecay);
    }

    static void sgdMomentum(float[] p, float[] g, float[] v, int from, int to, float learningRate,
                            float momentum, boolean nesterov, float weightDecay) {
        float negativeRate = -learningRate;
        for (int j = from; j < to; j++) {
            float d = weightDecay == 0f ? g[j] : Math.fma(p[j], weightDecay, g[j]);
            v[j] = v[j] * momentum + d;
            d = nesterov ? Math.fma(v[j], momentum, d) : v[j];
            p[j] = Math.fma(d, negativeRate, p[j]);
        }
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1, float oneMinusBeta1,
                     float beta2, float oneMinusBeta2, float epsilon, float weightDecay, float negativeStepSize,
                     float correction2Sqrt) {
        adamLoop(p, g, m, v, from, to, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, weightDecay,
                negativeStepSize, correction2Sqrt);
    }

    static void adamLoop(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1,
                         float oneMinusBeta1, float beta2, float oneMinusBeta2, float epsilon, float weightDecay,
                         float negativeStepSize, float correction2Sqrt) {
        for (int j = from; j < to; j++) {
            float d = weightDecay == 0f ? g[j] : Math.fma(p[j], weightDecay, g[j]);
            m[j] = Math.fma(d, oneMinusBeta1, m[j] * beta1);
            v[j] = Math.fma(oneMinusBeta2 * d, d, v[j] * beta2);
            float denominator = (float) Math.sqrt(v[j]) / correction2Sqrt + epsilon;
            p[j] = p[j] + (negativeStepSize * m[j]) / denominator;
        }
    }
}
