package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.check.NetworkGradientCheck.ParameterResult;
import dev.nn.check.NetworkGradientCheck;
import dev.nn.network.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spi.ForwardContext.Mode;
import dev.nn.spi.Layer;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finite differences against backpropagation through each built-in layer type in both modes: the layer sits
 * between two dense layers, so the first layer's gradients are only right when the layer's input gradient is.
 */
final class LayerGradientCheckTest {
    private static final Tensor INPUTS = random(5, 3, 1);
    private static final Tensor TARGETS = random(5, 2, 2);

    @ParameterizedTest
    @EnumSource(Mode.class)
    void dropoutBackpropagatesThroughItsMask(Mode mode) {
        assertGradientsMatch(new DropoutLayer(4, 0.4), mode);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void batchNormBackpropagatesThroughTheBatchOrTheRunningStatistics(Mode mode) {
        assertGradientsMatch(new BatchNormLayer(2, 4, 0.1, 1e-5, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), mode, 6);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void layerNormBackpropagatesThroughEachRowsStatistics(Mode mode) {
        assertGradientsMatch(new LayerNormLayer(2, 4, 1e-5, Optional.empty(), Optional.empty()), mode, 6);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anActivationLayerBackpropagatesThroughItsActivation(Mode mode) {
        assertGradientsMatch(new ActivationLayer(4, TestComponents.TANH), mode);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anActivationLayerLastTakesTheLossGradientDirectly(Mode mode) {
        Network network = new Network(List.of(dense(1, 3, 2, 3), new ActivationLayer(2, TestComponents.TANH)),
                TestComponents.HALF_SQUARED_ERROR);

        assertAllPass(NetworkGradientCheck.check(network, INPUTS, TARGETS, NetworkGradientCheck.DEFAULT_STEP, mode,
                5), mode, 2);
    }

    private static void assertGradientsMatch(Layer middle, Mode mode) {
        assertGradientsMatch(middle, mode, 4);
    }

    /** {@code parameters}: how many parameters the network has, the middle layer's included. */
    private static void assertGradientsMatch(Layer middle, Mode mode, int parameters) {
        Network network = new Network(List.of(dense(1, 3, 4, 3), middle, dense(3, 4, 2, 4)),
                TestComponents.HALF_SQUARED_ERROR);

        assertAllPass(NetworkGradientCheck.check(network, INPUTS, TARGETS, NetworkGradientCheck.DEFAULT_STEP, mode,
                5), mode, parameters);
    }

    private static void assertAllPass(List<ParameterResult> results, Mode mode, int parameters) {
        assertEquals(parameters, results.size(), results::toString);
        for (ParameterResult result : results) {
            assertEquals(mode, result.mode());
            assertTrue(result.passes(NetworkGradientCheck.DEFAULT_TOLERANCE), result::toString);
        }
    }

    private static DenseLayer dense(int position, int inputs, int units, long seed) {
        return new DenseLayer(position, inputs, units, TestComponents.TANH, Optional.of(random(units, inputs, seed)),
                Optional.of(random(1, units, seed + 10)), (w, fanIn, fanOut, r) -> {
                    throw new AssertionError("weights are given");
                }, new SplitMix64(0));
    }

    private static Tensor random(int rows, int columns, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        Tensor t = Tensor.zeros(rows, columns);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = random.nextDouble() - 0.5;
        }
        return t;
    }
}
