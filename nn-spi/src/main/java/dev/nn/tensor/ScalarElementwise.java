package dev.nn.tensor;

/**
 * The plain loops: the definition of every {@link ElementwiseKernel} method. The static range methods also finish
 * the vector kernel's loops (the elements after the last whole vector).
 */
final class ScalarElementwise implements ElementwiseKernel {
    @Override
    public String description() {
        return "scalar";
    }

    @Override
    public void relu(double[] in, double[] out, int from, int to) {
        reluLoop(in, out, from, to);
    }

    static void reluLoop(double[] in, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(0.0, in[i]);
        }
    }

    @Override
    public void reluGradient(double[] in, double[] gradOut, double[] gradIn, int from, int to) {
        reluGradientLoop(in, gradOut, gradIn, from, to);
    }

    static void reluGradientLoop(double[] in, double[] gradOut, double[] gradIn, int from, int to) {
        for (int i = from; i < to; i++) {
            gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : 0.0);
        }
    }

    @Override
    public void leakyRelu(double[] in, double[] out, int n, double alpha) {
        leakyRelu(in, out, 0, n, alpha);
    }

    static void leakyRelu(double[] in, double[] out, int from, int to, double alpha) {
        for (int i = from; i < to; i++) {
            double x = in[i];
            out[i] = x > 0 ? x : alpha * x;
        }
    }

    @Override
    public void leakyReluGradient(double[] in, double[] gradOut, double[] gradIn, int n, double alpha) {
        leakyReluGradient(in, gradOut, gradIn, 0, n, alpha);
    }

    static void leakyReluGradient(double[] in, double[] gradOut, double[] gradIn, int from, int to, double alpha) {
        for (int i = from; i < to; i++) {
            gradIn[i] = gradOut[i] * (in[i] > 0 ? 1.0 : alpha);
        }
    }

    @Override
    public void addToEveryRow(double[] matrix, int rows, int columns, double[] row) {
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                matrix[offset + c] += row[c];
            }
        }
    }

    @Override
    public boolean allFinite(double[] values, int from, int to) {
        return finite(values, from, to);
    }

    static boolean finite(double[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void sgd(double[] p, double[] g, int from, int to, double learningRate, double weightDecay) {
        sgdLoop(p, g, from, to, learningRate, weightDecay);
    }

    static void sgdLoop(double[] p, double[] g, int from, int to, double learningRate, double weightDecay) {
        for (int j = from; j < to; j++) {
            double gradient = weightDecay == 0.0 ? g[j] : g[j] + weightDecay * p[j];
            p[j] -= learningRate * gradient;
        }
    }

    @Override
    public void sgdMomentum(double[] p, double[] g, double[] v, int n, double learningRate, double momentum,
                            boolean nesterov, double weightDecay) {
        sgdMomentum(p, g, v, 0, n, learningRate, momentum, nesterov, weightDecay);
    }

    static void sgdMomentum(double[] p, double[] g, double[] v, int from, int to, double learningRate,
                            double momentum, boolean nesterov, double weightDecay) {
        for (int j = from; j < to; j++) {
            double gradient = weightDecay == 0.0 ? g[j] : g[j] + weightDecay * p[j];
            v[j] = momentum * v[j] + gradient;
            p[j] -= learningRate * (nesterov ? gradient + momentum * v[j] : v[j]);
        }
    }

    @Override
    public void adam(double[] p, double[] g, double[] m, double[] v, int n, double learningRate, double beta1,
                     double beta2, double epsilon, double weightDecay, double correction1, double correction2) {
        adam(p, g, m, v, 0, n, learningRate, beta1, beta2, epsilon, weightDecay, correction1, correction2);
    }

    static void adam(double[] p, double[] g, double[] m, double[] v, int from, int to, double learningRate,
                     double beta1, double beta2, double epsilon, double weightDecay, double correction1,
                     double correction2) {
        for (int j = from; j < to; j++) {
            double gradient = weightDecay == 0.0 ? g[j] : g[j] + weightDecay * p[j];
            m[j] = beta1 * m[j] + (1.0 - beta1) * gradient;
            v[j] = beta2 * v[j] + (1.0 - beta2) * gradient * gradient;
            double mHat = m[j] / correction1;
            double vHat = v[j] / correction2;
            p[j] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }
}
