package dev.nn.layers;

import static dev.nn.layers.TorchFixture.assertClose;
import static dev.nn.layers.TorchFixture.matrix;
import static dev.nn.layers.TorchFixture.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.check.NetworkGradientCheck;
import dev.nn.check.NetworkGradientCheck.ParameterResult;
import dev.nn.model.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class LayerNormLayerTest {
    private static final JsonNode TORCH = TorchFixture.of("layer_norm");

    private static LayerNormLayer torchLayer() {
        return new LayerNormLayer(3, 5, TORCH.get("epsilon").doubleValue(), Optional.of(vector(TORCH.get("gamma"))),
                Optional.of(vector(TORCH.get("beta"))));
    }

    @ParameterizedTest
    @EnumSource(ForwardContext.Mode.class)
    void eachRowIsNormalisedOverItsFeaturesAsLayerNormInEitherMode(ForwardContext.Mode mode) {
        LayerNormLayer layer = torchLayer();
        JsonNode expected = TORCH.get("pass");
        ForwardContext context = mode == ForwardContext.Mode.TRAINING
                ? ForwardContext.training(new SplitMix64(1)) : ForwardContext.inference();

        Tensor output = layer.forward(matrix(TORCH.get("input")), context);
        Tensor gradInput = layer.backward(matrix(TORCH.get("output_gradient")), true);

        assertClose(matrix(expected.get("output")), output, "output");
        assertClose(matrix(expected.get("input_gradient")), gradInput, "input gradient");
        assertClose(vector(expected.get("gamma_gradient")), layer.parameters().get(0).gradient(), "gamma gradient");
        assertClose(vector(expected.get("beta_gradient")), layer.parameters().get(1).gradient(), "beta gradient");
    }

    @Test
    void aBatchOfOneRowIsNormalisedLikeAnyOtherInTraining() {
        LayerNormLayer layer = torchLayer();
        Tensor all = matrix(TORCH.get("input"));
        Tensor expected = layer.forward(all, ForwardContext.inference()).copy();

        for (int r = 0; r < all.rows(); r++) {
            Tensor row = Tensor.of(new double[][] {all.rowCopy(r)});
            Tensor output = layer.forward(row, ForwardContext.training(new SplitMix64(1)));
            assertEquals(Tensor.of(new double[][] {expected.rowCopy(r)}), output, "row " + r);
        }
    }

    @Test
    void parametersHaveTheirSpecNamesAndPyTorchsStartingValuesAndThereIsNoState() {
        LayerNormLayer layer = new LayerNormLayer(2, 3, 1e-5, Optional.empty(), Optional.empty());

        assertEquals(List.of("gamma", "beta"), layer.parameters().stream().map(Parameter::localName).toList());
        assertEquals(List.of("gamma2", "beta2"), layer.parameters().stream().map(Parameter::name).toList());
        assertEquals(Tensor.row(1, 1, 1), layer.parameters().get(0).value());
        assertEquals(Tensor.row(0, 0, 0), layer.parameters().get(1).value());
        assertEquals(List.of(), layer.state());
        assertEquals(3, layer.outputSize());
    }

    @Test
    void anEpsilonThatIsNotPositiveOrAGammaOfAnotherShapeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LayerNormLayer(1, 2, 0.0, Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new LayerNormLayer(1, 2, -1e-5, Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new LayerNormLayer(1, 2, 1e-5, Optional.of(Tensor.row(1)), Optional.empty()));
    }

    /** dense identity, layer_norm with gamma and beta away from the defaults, dense tanh, half squared error. */
    @ParameterizedTest
    @EnumSource(ForwardContext.Mode.class)
    void backpropagatedGradientsAgreeWithFiniteDifferences(ForwardContext.Mode mode) {
        Network network = new Network(List.of(
                NormalizationNetworks.dense(1, new double[][] {{0.3, -0.5}, {0.8, 0.1}, {-0.4, 0.6}, {0.2, 0.9}},
                        new double[] {0.1, -0.2, 0.05, 0.3}, TestComponents.IDENTITY),
                new LayerNormLayer(2, 4, 1e-2, Optional.of(Tensor.row(1.2, 0.7, -0.9, 1.1)),
                        Optional.of(Tensor.row(0.1, -0.3, 0.2, 0.0))),
                NormalizationNetworks.dense(3, new double[][] {{0.7, -0.3, 0.2, 0.4}, {-0.6, 0.4, 0.9, -0.2}},
                        new double[] {0.05, -0.1}, TestComponents.TANH)), TestComponents.HALF_SQUARED_ERROR);
        Tensor inputs = Tensor.of(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.7, 0.8}});
        Tensor targets = Tensor.of(new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}});

        List<ParameterResult> results = NetworkGradientCheck.check(network, inputs, targets,
                NetworkGradientCheck.DEFAULT_STEP, mode, 7);

        assertEquals(List.of("W1", "b1", "gamma2", "beta2", "W3", "b3"),
                results.stream().map(ParameterResult::name).toList());
        for (ParameterResult result : results) {
            assertEquals(mode, result.mode());
            assertTrue(result.maxRelativeError() < 1e-6, result::toString);
        }
    }

    /** The plugin-author check of a layer: the input gradient directly, and gamma's and beta's. */
    @ParameterizedTest
    @EnumSource(ForwardContext.Mode.class)
    void theLayerGradientCheckPassesInEachMode(ForwardContext.Mode mode) {
        LayerNormLayer layer = new LayerNormLayer(2, 4, 1e-2, Optional.of(Tensor.row(1.2, 0.7, -0.9, 1.1)),
                Optional.of(Tensor.row(0.1, -0.3, 0.2, 0.0)));

        CheckResult result = ComponentGradientCheck.checkLayer(layer, mode, 11);

        assertTrue(result.passed(), result::toString);
        assertEquals(4 * 4 + 2 * 4, result.points());
    }
}
