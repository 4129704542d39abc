package dev.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Loss;
import dev.nn.spi.Range;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in loss declares float32 and computes it: the value, the gradient and the fused gradient after softmax
 * or sigmoid on float32 tensors agree with the float64 path on the same (float) values to a few float ulps.
 */
final class Float32LossesTest {
    private static final double TOLERANCE = 1e-6;
    private static final ActivationProperties SOFTMAX =
            new ActivationProperties(Range.closed(0, 1), List.of(), true, true, "glorot_uniform");
    private static final ActivationProperties SIGMOID =
            new ActivationProperties(Range.closed(0, 1), List.of(), false, false, "glorot_uniform", true);

    static Stream<String> losses() {
        return lossesByName().keySet().stream().sorted();
    }

    private static Map<String, Loss> lossesByName() {
        return Map.of("mse", new MeanSquaredError(1.0), "mse_half", new MeanSquaredError(0.5),
                "cross_entropy", new CrossEntropy(), "weighted_cross_entropy", new CrossEntropy(new double[] {1, 3, .5}),
                "binary_cross_entropy", new BinaryCrossEntropy(), "weighted_binary_cross_entropy",
                new BinaryCrossEntropy(1, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void float32ValueAndGradientsAgreeWithFloat64(String name) {
        Loss loss = lossesByName().get(name);
        boolean binary = name.contains("binary");
        Tensor predictions = binary ? probabilities(8, 1, 1) : softmaxRows(8, 3, 1);
        Tensor targets = binary ? labels(8, 1, 2) : oneHot(8, 3, 2);
        Tensor gradient = Tensor.zeros(predictions.rows(), predictions.columns(), DataType.FLOAT32);
        Tensor wideP = predictions.copyAs(DataType.FLOAT64);
        Tensor wideT = targets.copyAs(DataType.FLOAT64);
        Tensor wideGradient = Tensor.zeros(predictions.rows(), predictions.columns());

        assertTrue(loss.supportsFloat32(), name);
        double value = loss.value(predictions, targets);
        double wideValue = loss.value(wideP, wideT);
        assertTrue(Math.abs(value - wideValue) <= TOLERANCE * Math.abs(wideValue), name + ": " + value + " vs "
                + wideValue);
        loss.gradient(predictions, targets, gradient);
        loss.gradient(wideP, wideT, wideGradient);
        assertClose(wideGradient, gradient, name + " gradient");
        ActivationProperties before = binary ? SIGMOID : SOFTMAX;
        boolean fused = loss.gradientBeforeActivation(before, predictions, targets, gradient);
        assertEquals(fused, loss.gradientBeforeActivation(before, wideP, wideT, wideGradient), name);
        if (fused) {
            assertClose(wideGradient, gradient, name + " fused gradient");
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getFlat(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            assertTrue(Math.abs(a - e) <= TOLERANCE * Math.max(Math.abs(e), scale * 1e-3),
                    what + " element " + i + ": float32 " + a + ", float64 " + e);
        }
    }

    private static Tensor softmaxRows(int rows, int columns, long seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, DataType.FLOAT32);
        for (int r = 0; r < rows; r++) {
            double[] e = new double[columns];
            double sum = 0;
            for (int c = 0; c < columns; c++) {
                e[c] = Math.exp(random.nextGaussian());
                sum += e[c];
            }
            for (int c = 0; c < columns; c++) {
                tensor.set(r, c, e[c] / sum);
            }
        }
        return tensor;
    }

    private static Tensor probabilities(int rows, int columns, long seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, DataType.FLOAT32);
        for (int e = 0; e < tensor.size(); e++) {
            tensor.setFlat(e, 0.05 + 0.9 * random.nextDouble());
        }
        return tensor;
    }

    private static Tensor oneHot(int rows, int columns, long seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, DataType.FLOAT32);
        for (int r = 0; r < rows; r++) {
            tensor.set(r, random.nextInt(columns), 1.0);
        }
        return tensor;
    }

    private static Tensor labels(int rows, int columns, long seed) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, DataType.FLOAT32);
        for (int e = 0; e < tensor.size(); e++) {
            tensor.setFlat(e, random.nextBoolean() ? 1.0 : 0.0);
        }
        return tensor;
    }
}
