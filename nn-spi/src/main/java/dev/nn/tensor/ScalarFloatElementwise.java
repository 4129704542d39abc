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
