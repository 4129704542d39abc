package dev.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.random.SplitMix64;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;

final class MeanSquaredErrorTest {
    private static final Tensor PREDICTIONS = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    private static final Tensor ZEROS = Tensor.zeros(2, 2);

    @Test
    void valueIsTheMeanOverEveryElement() {
        // (1 + 4 + 9 + 16) / 4
        assertEquals(7.5, new MeanSquaredError(1).value(PREDICTIONS, ZEROS));
    }

    @Test
    void gradientIsTwiceTheErrorOverTheElementCount() {
        Tensor gradient = Tensor.zeros(2, 2);

        new MeanSquaredError(1).gradient(PREDICTIONS, ZEROS, gradient);

        assertArrayEquals(new double[] {0.5, 1, 1.5, 2}, gradient.data());
    }

    @Test
    void factorOneHalfGivesHalfOfFactorOne() {
        SplitMix64 random = new SplitMix64(5);
        Tensor predictions = Tensor.zeros(3, 4);
        Tensor targets = Tensor.zeros(3, 4);
        for (int i = 0; i < predictions.size(); i++) {
            predictions.data()[i] = 6 * random.nextDouble() - 3;
            targets.data()[i] = 6 * random.nextDouble() - 3;
        }
        MeanSquaredError full = new MeanSquaredError(1);
        MeanSquaredError half = new MeanSquaredError(0.5);
        Tensor fullGradient = Tensor.zeros(3, 4);
        Tensor halfGradient = Tensor.zeros(3, 4);

        full.gradient(predictions, targets, fullGradient);
        half.gradient(predictions, targets, halfGradient);

        assertEquals(full.value(predictions, targets) / 2, half.value(predictions, targets));
        for (int i = 0; i < fullGradient.size(); i++) {
            assertEquals(fullGradient.data()[i] / 2, halfGradient.data()[i]);
        }
    }

    @Test
    void emptyBatchHasLossZero() {
        assertEquals(0.0, new MeanSquaredError(1).value(Tensor.zeros(0, 3), Tensor.zeros(0, 3)));
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError(1).value(PREDICTIONS, Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError(1).gradient(PREDICTIONS, ZEROS, Tensor.zeros(1, 4)));
    }

    @Test
    void invalidFactorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError(0));
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError(Double.POSITIVE_INFINITY));
    }

    @Test
    void propertiesDeclareARegressionLossOnAnyValues() {
        var properties = new MeanSquaredError(1).properties();

        assertEquals(Range.ALL, properties.predictionRange());
        assertEquals(Range.ALL, properties.targetRange());
        assertFalse(properties.classification());
    }
}
