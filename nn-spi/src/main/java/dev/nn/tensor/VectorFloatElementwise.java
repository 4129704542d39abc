package dev.nn.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise loops on the JDK Vector API, whole vectors of the preferred species at a time and the rest by
 * {@link ScalarFloatElementwise}'s loops. Each lane computes the same IEEE operations as the plain loop, in the same order
 * (a vector {@code add}, {@code mul}, {@code div}, {@code sqrt} rounds exactly as the scalar one, a vector {@code fma}
 * exactly as {@code Math.fma} where the plain loop has it, and nowhere else), so
 * the results are bit-identical to it.
 *
 * <p>Loaded only by {@link FloatElementwise} after checking that {@code jdk.incubator.vector} is in the boot layer: nothing
 * else may name this class.
 */
final class VectorFloatElementwise implements FloatElementwiseKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String description() {
        return "vector (" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void exp(float[] in, float[] out, int from, int to) {
        FloatVector low = FloatVector.broadcast(S, ScalarFloatElementwise.EXP_LOW);
        FloatVector high = FloatVector.broadcast(S, ScalarFloatElementwise.EXP_HIGH);
        FloatVector log2e = FloatVector.broadcast(S, ScalarFloatElementwise.LOG2E);
        FloatVector rounder = FloatVector.broadcast(S, ScalarFloatElementwise.ROUNDER);
        FloatVector ln2High = FloatVector.broadcast(S, -ScalarFloatElementwise.LN2_HIGH);
        FloatVector ln2Low = FloatVector.broadcast(S, -ScalarFloatElementwise.LN2_LOW);
        FloatVector one = FloatVector.broadcast(S, 1f);
        IntVector bias = IntVector.broadcast(IntVector.SPECIES_PREFERRED, 127);
        IntVector rounderBits = IntVector.broadcast(IntVector.SPECIES_PREFERRED, ScalarFloatElementwise.ROUNDER_BITS);
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, in, i).max(low).min(high);
            FloatVector t = x.mul(log2e).add(rounder);
            FloatVector n = t.sub(rounder);
            FloatVector r = n.fma(ln2High, x);
            r = n.fma(ln2Low, r);
            FloatVector p = FloatVector.broadcast(S, ScalarFloatElementwise.P5)
                    .fma(r, FloatVector.broadcast(S, ScalarFloatElementwise.P4))
                    .fma(r, FloatVector.broadcast(S, ScalarFloatElementwise.P3))
                    .fma(r, FloatVector.broadcast(S, ScalarFloatElementwise.P2))
                    .fma(r, FloatVector.broadcast(S, ScalarFloatElementwise.P1))
                    .fma(r, FloatVector.broadcast(S, ScalarFloatElementwise.P0));
            FloatVector y = p.fma(r.mul(r), r).add(one);
            IntVector k = t.reinterpretAsInts().sub(rounderBits);
            IntVector half = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector first = half.add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector second = k.sub(half).add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(first).mul(second).intoArray(out, i);
        }
        ScalarFloatElementwise.expLoop(in, out, bound, to);
    }

    /** The plain loop: C2 vectorises {@code Math.max} by itself, and the Vector API loop measured no faster. */
    @Override
    public void relu(float[] in, float[] out, int from, int to) {
        ScalarFloatElementwise.reluLoop(in, out, from, to);
    }

    @Override
    public void reluGradient(float[] in, float[] gradOut, float[] gradIn, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, in, i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, gradOut, i).mul(zero.blend(one, positive)).intoArray(gradIn, i);
        }
        ScalarFloatElementwise.reluGradientLoop(in, gradOut, gradIn, bound, to);
    }

    @Override
    public void leakyRelu(float[] in, float[] out, int n, float alpha) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, in, i);
            a.mul(x).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
        ScalarFloatElementwise.leakyRelu(in, out, bound, n, alpha);
    }

    @Override
    public void leakyReluGradient(float[] in, float[] gradOut, float[] gradIn, int n, float alpha) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, in, i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, gradOut, i).mul(a.blend(one, positive)).intoArray(gradIn, i);
        }
        ScalarFloatElementwise.leakyReluGradient(in, gradOut, gradIn, bound, n, alpha);
    }

    @Override
    public void addToEveryRow(float[] matrix, int rows, int columns, float[] row) {
        int bound = S.loopBound(columns);
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            int c = 0;
            for (; c < bound; c += L) {
                FloatVector.fromArray(S, matrix, offset + c).add(FloatVector.fromArray(S, row, c))
                        .intoArray(matrix, offset + c);
            }
            for (; c < columns; c++) {
                matrix[offset + c] += row[c];
            }
        }
    }

    /** {@code x - x} is {@code 0} for a finite {@code x} and NaN otherwise; their sum is NaN when any one is. */
    @Override
    public boolean allFinite(float[] values, int from, int to) {
        FloatVector sum = FloatVector.zero(S);
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, values, i);
            sum = sum.add(x.sub(x));
        }
        return !Float.isNaN(sum.reduceLanes(VectorOperators.ADD)) && ScalarFloatElementwise.finite(values, bound, to);
    }

    @Override
    public void sgd(float[] p, float[] g, int from, int to, float learningRate, float weightDecay) {
        FloatVector negativeRate = FloatVector.broadcast(S, -learningRate);
        FloatVector decay = FloatVector.broadcast(S, weightDecay);
        boolean decays = weightDecay != 0f;
        int bound = from + S.loopBound(to - from);
        for (int j = from; j < bound; j += L) {
            FloatVector pj = FloatVector.fromArray(S, p, j);
            FloatVector d = decayed(FloatVector.fromArray(S, g, j), pj, decay, decays);
            d.fma(negativeRate, pj).intoArray(p, j);
        }
        ScalarFloatElementwise.sgdLoop(p, g, bound, to, learningRate, weightDecay);
    }

    @Override
    public void sgdMomentum(float[] p, float[] g, float[] v, int n, float learningRate, float momentum,
                            boolean nesterov, float weightDecay) {
        FloatVector negativeRate = FloatVector.broadcast(S, -learningRate);
        FloatVector mu = FloatVector.broadcast(S, momentum);
        FloatVector decay = FloatVector.broadcast(S, weightDecay);
        boolean decays = weightDecay != 0f;
        int bound = S.loopBound(n);
        for (int j = 0; j < bound; j += L) {
            FloatVector pj = FloatVector.fromArray(S, p, j);
            FloatVector d = decayed(FloatVector.fromArray(S, g, j), pj, decay, decays);
            FloatVector vj = FloatVector.fromArray(S, v, j).mul(mu).add(d);
            vj.intoArray(v, j);
            (nesterov ? vj.fma(mu, d) : vj).fma(negativeRate, pj).intoArray(p, j);
        }
        ScalarFloatElementwise.sgdMomentum(p, g, v, bound, n, learningRate, momentum, nesterov, weightDecay);
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float beta1, float oneMinusBeta1,
                     float beta2, float oneMinusBeta2, float epsilon, float weightDecay, float negativeStepSize,
                     float correction2Sqrt) {
        FloatVector b1 = FloatVector.broadcast(S, beta1);
        FloatVector c1 = FloatVector.broadcast(S, oneMinusBeta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2);
        FloatVector c2 = FloatVector.broadcast(S, oneMinusBeta2);
        FloatVector eps = FloatVector.broadcast(S, epsilon);
        FloatVector decay = FloatVector.broadcast(S, weightDecay);
        FloatVector step = FloatVector.broadcast(S, negativeStepSize);
        FloatVector root = FloatVector.broadcast(S, correction2Sqrt);
        boolean decays = weightDecay != 0f;
        int bound = from + S.loopBound(to - from);
        for (int j = from; j < bound; j += L) {
            FloatVector pj = FloatVector.fromArray(S, p, j);
            FloatVector d = decayed(FloatVector.fromArray(S, g, j), pj, decay, decays);
            FloatVector mj = d.fma(c1, FloatVector.fromArray(S, m, j).mul(b1));
            FloatVector vj = c2.mul(d).fma(d, FloatVector.fromArray(S, v, j).mul(b2));
            mj.intoArray(m, j);
            vj.intoArray(v, j);
            FloatVector denominator = vj.lanewise(VectorOperators.SQRT).div(root).add(eps);
            pj.add(step.mul(mj).div(denominator)).intoArray(p, j);
        }
        ScalarFloatElementwise.adamLoop(p, g, m, v, bound, to, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon,
                weightDecay, negativeStepSize, correction2Sqrt);
    }

    /** {@code fma(p, weightDecay, g)} when {@code decays}, else {@code g}. */
    private static FloatVector decayed(FloatVector g, FloatVector p, FloatVector decay, boolean decays) {
        return decays ? p.fma(decay, g) : g;
    }
}
