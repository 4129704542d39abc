package dev.nn.layers;

import static dev.nn.layers.DenseLayerTest.INFERENCE;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.random.SplitMix64;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The first layer's backward pass without the input gradient writes the same parameter gradients. */
final class FirstLayerBackwardTest {
    @Test
    void backwardParametersOnlyWritesTheSameGradientsAsBackward() {
        Tensor x = random(37, 50, 1);
        Tensor gradOutput = random(37, 20, 2);
        DenseLayer full = layer();
        DenseLayer parametersOnly = layer();

        full.forward(x, INFERENCE);
        full.backward(gradOutput, true);
        parametersOnly.forward(x, INFERENCE);
        parametersOnly.backward(gradOutput, false);

        for (int p = 0; p < 2; p++) {
            assertEquals(full.parameters().get(p).gradient(), parametersOnly.parameters().get(p).gradient());
        }
    }

    private static DenseLayer layer() {
        return new DenseLayer(1, 50, 20, TestComponents.TANH, Optional.of(random(20, 50, 3)),
                Optional.of(random(1, 20, 4)), (w, fanIn, fanOut, r) -> {
                    throw new AssertionError("weights are given");
                }, new SplitMix64(0));
    }

    private static Tensor random(int rows, int columns, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        Tensor tensor = Tensor.zeros(rows, columns);
        for (int i = 0; i < tensor.size(); i++) {
            tensor.data()[i] = random.nextDouble() - 0.5;
        }
        return tensor;
    }
}
