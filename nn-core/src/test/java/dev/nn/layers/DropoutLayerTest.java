package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.random.SplitMix64;
import dev.nn.spi.ForwardContext;
import dev.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;

final class DropoutLayerTest {
    private static final Tensor X = Tensor.of(new double[][] {{1, 2, 3, 4}, {-1, -2, -3, -4}, {5, 6, 7, 8}});

    @Test
    void inferenceIsTheIdentityAndDrawsNothing() {
        DropoutLayer layer = new DropoutLayer(4, 0.5);

        Tensor out = layer.forward(X, ForwardContext.inference());

        assertEquals(X, out);
        Tensor gradient = Tensor.zeros(3, 4).fillInPlace(2);
        assertSame(gradient, layer.backward(gradient, true));
    }

    @Test
    void trainingKeepsAnElementWhenItsDrawIsAtLeastTheRateAndScalesIt() {
        double rate = 0.3;
        DropoutLayer layer = new DropoutLayer(4, rate);

        Tensor out = layer.forward(X, ForwardContext.training(new SplitMix64(42))).copy();

        SplitMix64 draws = new SplitMix64(42);
        int dropped = 0;
        for (int i = 0; i < X.size(); i++) {
            boolean kept = draws.nextDouble() >= rate;
            assertEquals(X.data()[i] * (kept ? 1 / (1 - rate) : 0.0), out.data()[i], "element " + i);
            dropped += kept ? 0 : 1;
        }
        assertTrue(dropped > 0 && dropped < X.size(), "a mask that drops some: " + dropped);
        Tensor gradInput = layer.backward(Tensor.zeros(3, 4).fillInPlace(1), true);
        for (int i = 0; i < X.size(); i++) {
            assertEquals(out.data()[i] == 0 ? 0.0 : 1 / (1 - rate), gradInput.data()[i], "gradient " + i);
        }
    }

    @Test
    void theSameStreamGivesTheSameMaskAndAnotherADifferentOne() {
        DropoutLayer layer = new DropoutLayer(4, 0.5);

        Tensor first = layer.forward(X, ForwardContext.training(new SplitMix64(1))).copy();
        Tensor again = layer.forward(X, ForwardContext.training(new SplitMix64(1))).copy();
        Tensor other = layer.forward(X, ForwardContext.training(new SplitMix64(2))).copy();

        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void aRateOfZeroKeepsEverything() {
        Tensor out = new DropoutLayer(4, 0).forward(X, ForwardContext.training(new SplitMix64(3)));

        assertEquals(X, out);
    }

    @Test
    void aRateOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer(4, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer(4, -0.1));
    }
}
