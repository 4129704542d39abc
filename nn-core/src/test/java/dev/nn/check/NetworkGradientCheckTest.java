package dev.nn.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.check.NetworkGradientCheck.ParameterResult;
import dev.nn.layers.DenseLayer;
import dev.nn.network.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class NetworkGradientCheckTest {
    private static final Tensor INPUTS = Tensor.of(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.7, 0.8}});
    private static final Tensor TARGETS = Tensor.of(new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}});

    @Test
    void aCorrectNetworkPasses() {
        List<ParameterResult> results = NetworkGradientCheck.check(network(TestComponents.TANH), INPUTS, TARGETS,
                NetworkGradientCheck.DEFAULT_STEP);

        assertEquals(List.of("W1", "b1", "W2", "b2"), results.stream().map(ParameterResult::name).toList());
        for (ParameterResult result : results) {
            assertTrue(result.passes(NetworkGradientCheck.DEFAULT_TOLERANCE), result::toString);
            assertTrue(result.maxRelativeError() < 1e-6, result::toString);
        }
    }

    @Test
    void aWrongActivationDerivativeFailsWithALargeErrorInTheLayersBeforeIt() {
        List<ParameterResult> results = NetworkGradientCheck.check(
                network(TestComponents.TANH_WITH_WRONG_DERIVATIVE), INPUTS, TARGETS,
                NetworkGradientCheck.DEFAULT_STEP);

        ParameterResult w1 = results.get(0);
        ParameterResult b1 = results.get(1);
        assertFalse(w1.passes(NetworkGradientCheck.DEFAULT_TOLERANCE), w1::toString);
        assertFalse(b1.passes(NetworkGradientCheck.DEFAULT_TOLERANCE), b1::toString);
        assertTrue(w1.maxRelativeError() > 0.05, w1::toString);
        assertTrue(Math.abs(w1.analytic() - w1.numeric()) > 1e-3, w1::toString);
        // The output layer's gradients do not go through the wrong derivative.
        assertTrue(results.get(2).passes(NetworkGradientCheck.DEFAULT_TOLERANCE), results.get(2)::toString);
        assertTrue(results.get(3).passes(NetworkGradientCheck.DEFAULT_TOLERANCE), results.get(3)::toString);
    }

    @Test
    void theParametersAreRestoredExactly() {
        Network network = network(TestComponents.TANH);
        List<Tensor> before = network.parameters().stream().map(p -> p.value().copy()).toList();

        NetworkGradientCheck.check(network, INPUTS, TARGETS, NetworkGradientCheck.DEFAULT_STEP);

        for (int i = 0; i < before.size(); i++) {
            Parameter parameter = network.parameters().get(i);
            assertEquals(before.get(i), parameter.value(), parameter.name());
        }
    }

    @Test
    void relativeErrorUsesTheLargerMagnitudeAndAFloor() {
        assertEquals(0.5, NetworkGradientCheck.relativeError(1.0, 2.0), 1e-15);
        assertEquals(0.5, NetworkGradientCheck.relativeError(-2.0, -1.0), 1e-15);
        // Both below the floor 1e-8: the difference 1e-10 is divided by the floor.
        assertEquals(0.01, NetworkGradientCheck.relativeError(1e-10, 2e-10), 1e-12);
        assertEquals(0.0, NetworkGradientCheck.relativeError(0.0, 0.0));
        assertEquals(Double.POSITIVE_INFINITY, NetworkGradientCheck.relativeError(Double.NaN, 1.0));
    }

    private static Network network(Activation hidden) {
        DenseLayer first = dense(1, Tensor.of(new double[][] {{0.3, -0.5}, {0.8, 0.1}, {-0.4, 0.6}}),
                Tensor.row(0.1, -0.2, 0.05), hidden);
        DenseLayer second = dense(2, Tensor.of(new double[][] {{0.7, -0.3, 0.2}, {-0.6, 0.4, 0.9}}),
                Tensor.row(0.05, -0.1), TestComponents.IDENTITY);
        return new Network(List.of(first, second), TestComponents.HALF_SQUARED_ERROR);
    }

    private static DenseLayer dense(int index, Tensor weights, Tensor bias, Activation activation) {
        return new DenseLayer(index, weights.columns(), weights.rows(), activation,
                Optional.of(weights), Optional.of(bias), (w, in, out, random) -> {
                    throw new AssertionError("weights are given");
                }, new SplitMix64(0));
    }
}
