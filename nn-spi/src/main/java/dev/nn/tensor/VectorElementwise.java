package dev.nn.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise loops on the JDK Vector API, whole vectors of the preferred species at a time and the rest by
 * {@link ScalarElementwise}'s loops. Each lane computes the same IEEE operations as the plain loop, in the same order
 * (a vector {@code add}, {@code mul}, {@code div}, {@code sqrt} rounds exactly as the scalar one; no {@code fma}), so
 * the results are bit-identical to it.
 *
 * <p>Loaded only by {@link Elementwise} after checking that {@code jdk.incubator.vector} is in the boot layer: nothing
 * else may name this class.
 */
final class VectorElementwise implements ElementwiseKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String description() {
        return "vector (" + S.vectorBitSize() + "-bit)";
    }

    /** The plain loop: C2 vectorises {@code Math.max} by itself, and the Vector API loop measured no faster. */
    @Override
    public void relu(double[] in, double[] out, int from, int to) {
        ScalarElementwise.reluLoop(in, out, from, to);
    }

    @Override
    public void reluGradient(double[] in, double[] gradOut, double[] gradIn, int from, int to) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, in, i).compare(VectorOperators.GT, 0.0);
            DoubleVector.fromArray(S, gradOut, i).mul(zero.blend(one, positive)).intoArray(gradIn, i);
        }
        ScalarElementwise.reluGradientLoop(in, gradOut, gradIn, bound, to);
    }

    @Override
    public void leakyRelu(double[] in, double[] out, int n, double alpha) {
        DoubleVector a = DoubleVector.broadcast(S, alpha);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, in, i);
            a.mul(x).blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
        }
        ScalarElementwise.leakyRelu(in, out, bound, n, alpha);
    }

    @Override
    public void leakyReluGradient(double[] in, double[] gradOut, double[] gradIn, int n, double alpha) {
        DoubleVector a = DoubleVector.broadcast(S, alpha);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, in, i).compare(VectorOperators.GT, 0.0);
            DoubleVector.fromArray(S, gradOut, i).mul(a.blend(one, positive)).intoArray(gradIn, i);
        }
        ScalarElementwise.leakyReluGradient(in, gradOut, gradIn, bound, n, alpha);
    }

    @Override
    public void addToEveryRow(double[] matrix, int rows, int columns, double[] row) {
        int bound = S.loopBound(columns);
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            int c = 0;
            for (; c < bound; c += L) {
                DoubleVector.fromArray(S, matrix, offset + c).add(DoubleVector.fromArray(S, row, c))
                        .intoArray(matrix, offset + c);
            }
            for (; c < columns; c++) {
                matrix[offset + c] += row[c];
            }
        }
    }

    /** {@code x - x} is {@code 0} for a finite {@code x} and NaN otherwise; their sum is NaN when any one is. */
    @Override
    public boolean allFinite(double[] values, int from, int to) {
        DoubleVector sum = DoubleVector.zero(S);
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, values, i);
            sum = sum.add(x.sub(x));
        }
        return !Double.isNaN(sum.reduceLanes(VectorOperators.ADD)) && ScalarElementwise.finite(values, bound, to);
    }

    @Override
    public void sgd(double[] p, double[] g, int from, int to, double learningRate, double weightDecay) {
        DoubleVector rate = DoubleVector.broadcast(S, learningRate);
        DoubleVector decay = DoubleVector.broadcast(S, weightDecay);
        boolean decays = weightDecay != 0.0;
        int bound = from + S.loopBound(to - from);
        for (int j = from; j < bound; j += L) {
            DoubleVector pj = DoubleVector.fromArray(S, p, j);
            DoubleVector gradient = decayed(DoubleVector.fromArray(S, g, j), pj, decay, decays);
            pj.sub(rate.mul(gradient)).intoArray(p, j);
        }
        ScalarElementwise.sgdLoop(p, g, bound, to, learningRate, weightDecay);
    }

    @Override
    public void sgdMomentum(double[] p, double[] g, double[] v, int n, double learningRate, double momentum,
                            boolean nesterov, double weightDecay) {
        DoubleVector rate = DoubleVector.broadcast(S, learningRate);
        DoubleVector mu = DoubleVector.broadcast(S, momentum);
        DoubleVector decay = DoubleVector.broadcast(S, weightDecay);
        boolean decays = weightDecay != 0.0;
        int bound = S.loopBound(n);
        for (int j = 0; j < bound; j += L) {
            DoubleVector pj = DoubleVector.fromArray(S, p, j);
            DoubleVector gradient = decayed(DoubleVector.fromArray(S, g, j), pj, decay, decays);
            DoubleVector vj = mu.mul(DoubleVector.fromArray(S, v, j)).add(gradient);
            vj.intoArray(v, j);
            pj.sub(rate.mul(nesterov ? gradient.add(mu.mul(vj)) : vj)).intoArray(p, j);
        }
        ScalarElementwise.sgdMomentum(p, g, v, bound, n, learningRate, momentum, nesterov, weightDecay);
    }

    /**
     * The plain loop, which C2 vectorises by itself. The Vector API loop was no faster once compiled (two divisions
     * and a square root per element bound both) and slower while C2 has not compiled it yet, which a short run pays:
     * in profiles of one Fashion-MNIST epoch it took 8 to 10% of the time against 3 to 5% for the plain loop.
     */
    @Override
    public void adam(double[] p, double[] g, double[] m, double[] v, int n, double learningRate, double beta1,
                     double beta2, double epsilon, double weightDecay, double correction1, double correction2) {
        ScalarElementwise.adam(p, g, m, v, 0, n, learningRate, beta1, beta2, epsilon, weightDecay, correction1,
                correction2);
    }

    /** {@code g + weightDecay * p} when {@code decays}, else {@code g}. */
    private static DoubleVector decayed(DoubleVector g, DoubleVector p, DoubleVector decay, boolean decays) {
        return decays ? g.add(decay.mul(p)) : g;
    }
}
