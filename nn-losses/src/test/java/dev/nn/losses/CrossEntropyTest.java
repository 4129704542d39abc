package dev.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.random.SplitMix64;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CrossEntropyTest {
    private static final ActivationProperties SOFTMAX =
            new ActivationProperties(Range.closed(0, 1), List.of(), true, true, "glorot_uniform");
    private static final ActivationProperties SIGMOID =
            new ActivationProperties(Range.closed(0, 1), List.of(), false, false, "glorot_uniform");

    private final CrossEntropy loss = new CrossEntropy();

    @Test
    void valueIsTheMeanOverTheBatchOfMinusLogOfTheTrueClass() {
        Tensor predictions = Tensor.of(new double[][] {{0.25, 0.75}, {0.5, 0.5}});
        Tensor targets = Tensor.of(new double[][] {{0, 1}, {1, 0}});

        assertEquals(-(Math.log(0.75) + Math.log(0.5)) / 2, loss.value(predictions, targets), 1e-15);
    }

    @Test
    void perfectPredictionHasLossPositiveZero() {
        double value = loss.value(Tensor.row(0, 1), Tensor.row(0, 1));

        assertEquals(0.0, value);
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(value));
    }

    @Test
    void gradientIsMinusTargetOverBatchTimesPredictionAndZeroWhereTargetIsZero() {
        Tensor predictions = Tensor.of(new double[][] {{0.25, 0.75}, {0.5, 0.5}});
        Tensor targets = Tensor.of(new double[][] {{0, 1}, {1, 0}});
        Tensor gradient = Tensor.zeros(2, 2);

        loss.gradient(predictions, targets, gradient);

        assertArrayEquals(new double[] {0, -1 / 1.5, -1.0, 0}, gradient.data(), 1e-15);
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(gradient.data()[0]));
    }

    @Test
    void saturatedPredictionGivesAFiniteClippedLossAndGradient() {
        Tensor predictions = Tensor.row(0.0, 1.0);
        Tensor targets = Tensor.row(1.0, 0.0);
        Tensor gradient = Tensor.zeros(1, 2);

        double value = loss.value(predictions, targets);
        loss.gradient(predictions, targets, gradient);

        assertEquals(-Math.log(CrossEntropy.MIN_PROBABILITY), value, 1e-12);
        assertTrue(Double.isFinite(value));
        assertTrue(gradient.isFinite());
    }

    @Test
    void fusedGradientEqualsTheGradientChainedThroughSoftmax() {
        SplitMix64 random = new SplitMix64(17);
        Tensor logits = Tensor.zeros(6, 4);
        Tensor targets = Tensor.zeros(6, 4);
        for (int row = 0; row < 6; row++) {
            for (int c = 0; c < 4; c++) {
                logits.set(row, c, 8 * random.nextDouble() - 4);
            }
            targets.set(row, random.nextIndex(4), 1.0);
        }

        assertFusedEqualsChained(logits, targets);
    }

    @Test
    void fusedGradientStaysExactWhenTargetRowsDoNotSumToOne() {
        SplitMix64 random = new SplitMix64(23);
        Tensor logits = Tensor.zeros(5, 3);
        Tensor targets = Tensor.zeros(5, 3);
        for (int i = 0; i < logits.size(); i++) {
            logits.data()[i] = 8 * random.nextDouble() - 4;
            targets.data()[i] = random.nextDouble();
        }

        assertFusedEqualsChained(logits, targets);
    }

    @Test
    void fusedGradientIsFiniteAndExactForASaturatedSoftmax() {
        Tensor probabilities = softmax(Tensor.row(1000, 0));
        Tensor gradient = Tensor.zeros(1, 2);

        assertTrue(loss.gradientBeforeActivation(SOFTMAX, probabilities, Tensor.row(0, 1), gradient));

        assertArrayEquals(new double[] {1, -1}, gradient.data());
    }

    @Test
    void withoutSoftmaxTheGradientIsLeftToTheChain() {
        Tensor gradient = Tensor.row(7, 7);

        assertFalse(loss.gradientBeforeActivation(SIGMOID, Tensor.row(0.5, 0.5), Tensor.row(1, 0), gradient));

        assertArrayEquals(new double[] {7, 7}, gradient.data());
    }

    @Test
    void propertiesDeclareAClassificationLossOnProbabilities() {
        var properties = loss.properties();

        assertEquals(new Range(0, false, 1, true), properties.predictionRange());
        assertEquals(Range.closed(0, 1), properties.targetRange());
        assertTrue(properties.classification());
        assertTrue(properties.needsProbabilities());
    }

    private void assertFusedEqualsChained(Tensor logits, Tensor targets) {
        Tensor probabilities = softmax(logits);
        Tensor gradient = Tensor.zeros(logits.rows(), logits.columns());
        loss.gradient(probabilities, targets, gradient);
        Tensor chained = softmaxBackward(probabilities, gradient);
        Tensor fused = Tensor.zeros(logits.rows(), logits.columns());

        assertTrue(loss.gradientBeforeActivation(SOFTMAX, probabilities, targets, fused));

        for (int i = 0; i < fused.size(); i++) {
            assertEquals(chained.data()[i], fused.data()[i], 1e-12, "element " + i);
        }
    }

    private static Tensor softmax(Tensor logits) {
        Tensor result = Tensor.zeros(logits.rows(), logits.columns());
        for (int row = 0; row < logits.rows(); row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits.rowCopy(row)) {
                max = Math.max(max, z);
            }
            double sum = 0;
            for (double z : logits.rowCopy(row)) {
                sum += Math.exp(z - max);
            }
            for (int c = 0; c < logits.columns(); c++) {
                result.set(row, c, Math.exp(logits.get(row, c) - max) / sum);
            }
        }
        return result;
    }

    /** dL/dz_i = y_i (dL/dy_i - sum_j dL/dy_j y_j), row by row. */
    private static Tensor softmaxBackward(Tensor probabilities, Tensor gradOutput) {
        Tensor result = Tensor.zeros(probabilities.rows(), probabilities.columns());
        for (int row = 0; row < probabilities.rows(); row++) {
            double dot = 0;
            for (int c = 0; c < probabilities.columns(); c++) {
                dot += gradOutput.get(row, c) * probabilities.get(row, c);
            }
            for (int c = 0; c < probabilities.columns(); c++) {
                result.set(row, c, probabilities.get(row, c) * (gradOutput.get(row, c) - dot));
            }
        }
        return result;
    }
}
