package dev.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binary and weighted cross-entropy against PyTorch in float64: the numbers are in {@code bce_torch.txt}, written by
 * {@code bce_torch.py} beside it.
 */
final class BinaryCrossEntropyTest {
    private static final ActivationProperties SIGMOID =
            new ActivationProperties(Range.closed(0, 1), List.of(), false, false, "glorot_uniform", true);
    private static final ActivationProperties SOFTMAX =
            new ActivationProperties(Range.closed(0, 1), List.of(), true, true, "glorot_uniform");
    private static final Map<String, double[]> TORCH = torch();
    private static final Tensor SOFT_TARGETS = Tensor.of(new double[][] {{0, 1, 1}, {1, 0, 0.3}});
    private static final Tensor HARD_TARGETS = Tensor.of(new double[][] {{0, 1, 1}, {1, 0, 0}});

    private static Map<String, double[]> torch() {
        try (InputStream in = BinaryCrossEntropyTest.class.getResourceAsStream("bce_torch.txt")) {
            Map<String, double[]> values = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.trim().split(" ");
                values.put(fields[0], Arrays.stream(fields).skip(1).mapToDouble(Double::parseDouble).toArray());
            }
            return values;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tensor matrix(String name) {
        double[] v = TORCH.get(name);
        return Tensor.of(new double[][] {Arrays.copyOfRange(v, 0, 3), Arrays.copyOfRange(v, 3, 6)});
    }

    @Test
    void valueIsTorchsMeanOverBatchAndOutputs() {
        assertEquals(TORCH.get("bce_value")[0], new BinaryCrossEntropy().value(matrix("p"), SOFT_TARGETS), 1e-14);
    }

    @Test
    void gradientAfterSigmoidIsPMinusTOverTheElementCountAsTorchsWithLogits() {
        Tensor gradient = Tensor.zeros(2, 3);

        assertTrue(new BinaryCrossEntropy().gradientBeforeActivation(SIGMOID, matrix("p"), SOFT_TARGETS, gradient));

        assertArrayEquals(TORCH.get("bce_dz"), gradient.data(), 1e-15);
    }

    @Test
    void chainedGradientIsTorchsBceLossGradient() {
        Tensor gradient = Tensor.zeros(2, 3);

        new BinaryCrossEntropy().gradient(matrix("p"), SOFT_TARGETS, gradient);

        double[] expected = TORCH.get("bce_dp");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], gradient.data()[i], 1e-12 * Math.abs(expected[i]), "element " + i);
        }
    }

    @Test
    void classWeightsScaleEachElementByTheWeightOfItsClassAsTorchsWeight() {
        BinaryCrossEntropy loss = new BinaryCrossEntropy(0.5, 3.0);
        Tensor chained = Tensor.zeros(2, 3);
        Tensor fused = Tensor.zeros(2, 3);

        double value = loss.value(matrix("p"), HARD_TARGETS);
        loss.gradient(matrix("p"), HARD_TARGETS, chained);
        loss.gradientBeforeActivation(SIGMOID, matrix("p"), HARD_TARGETS, fused);

        assertEquals(TORCH.get("wbce_value")[0], value, 1e-14);
        assertArrayEquals(TORCH.get("wbce_dp"), chained.data(), 1e-12);
        assertArrayEquals(TORCH.get("wbce_dz"), fused.data(), 1e-15);
    }

    @Test
    void saturatedPredictionsGiveTorchsClampedLogOfMinusOneHundred() {
        double value = new BinaryCrossEntropy().value(Tensor.row(0.0, 1.0), Tensor.row(1.0, 0.0));

        assertEquals(100.0, value);
    }

    @Test
    void noFusedGradientAfterAnythingButSigmoid() {
        assertFalse(new BinaryCrossEntropy().gradientBeforeActivation(SOFTMAX, Tensor.row(0.5), Tensor.row(1.0),
                Tensor.zeros(1, 1)));
    }

    @Test
    void weightedCrossEntropyIsTorchsWeightedMean() {
        CrossEntropy loss = new CrossEntropy(new double[] {1.0, 2.0, 0.5});
        Tensor targets = Tensor.of(new double[][] {{1, 0, 0}, {0, 0, 1}});
        Tensor fused = Tensor.zeros(2, 3);
        Tensor chained = Tensor.zeros(2, 3);

        double value = loss.value(matrix("softmax"), targets);
        loss.gradientBeforeActivation(SOFTMAX, matrix("softmax"), targets, fused);
        loss.gradient(matrix("softmax"), targets, chained);

        assertEquals(TORCH.get("wce_value")[0], value, 1e-14);
        assertArrayEquals(TORCH.get("wce_dz"), fused.data(), 1e-15);
        assertArrayEquals(TORCH.get("wce_dp"), chained.data(), 1e-12);
    }

    @Test
    void binaryCrossEntropyTakesTwoClassWeights() {
        ParameterException e = assertThrows(ParameterException.class, () -> new BinaryCrossEntropyProvider()
                .create(new ComponentParameters(Map.of("class_weights", List.of(1.0, 2.0, 3.0)))));

        assertTrue(e.getMessage().contains("2 weights"), e.getMessage());
    }

    @Test
    void negativeClassWeightIsRefusedNamingTheClass() {
        ParameterException e = assertThrows(ParameterException.class, () -> new CrossEntropyProvider()
                .create(new ComponentParameters(Map.of("class_weights", List.of(1.0, -2.0)))));

        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
    }
}
