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
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class BatchNormLayerTest {
    private static final JsonNode TORCH = TorchFixture.of("batch_norm");

    /** The fixture's layer: 3 features, its momentum, epsilon, gamma, beta and starting running statistics. */
    private static BatchNormLayer torchLayer() {
        return new BatchNormLayer(2, 3, TORCH.get("momentum").doubleValue(), TORCH.get("epsilon").doubleValue(),
                Optional.of(vector(TORCH.get("gamma"))), Optional.of(vector(TORCH.get("beta"))),
                Optional.of(vector(TORCH.get("running_mean"))), Optional.of(vector(TORCH.get("running_var"))));
    }

    private static ForwardContext training() {
        return ForwardContext.training(new SplitMix64(1));
    }

    private static Tensor state(BatchNormLayer layer, String localName) {
        return layer.state().stream().filter(s -> s.localName().equals(localName)).findFirst().orElseThrow()
                .value();
    }

    @Test
    void aTrainingPassUsesTheBatchStatisticsAndUpdatesTheRunningOnesAsBatchNorm1d() {
        BatchNormLayer layer = torchLayer();
        JsonNode expected = TORCH.get("training");

        Tensor output = layer.forward(matrix(TORCH.get("input")), training());
        Tensor gradInput = layer.backward(matrix(TORCH.get("output_gradient")), true);

        assertClose(matrix(expected.get("output")), output, "output");
        assertClose(vector(expected.get("running_mean")), state(layer, "running_mean"), "running_mean");
        assertClose(vector(expected.get("running_var")), state(layer, "running_var"), "running_var");
        assertClose(matrix(expected.get("input_gradient")), gradInput, "input gradient");
        assertClose(vector(expected.get("gamma_gradient")), layer.parameters().get(0).gradient(), "gamma gradient");
        assertClose(vector(expected.get("beta_gradient")), layer.parameters().get(1).gradient(), "beta gradient");
    }

    @Test
    void anInferencePassUsesTheRunningStatisticsAndLeavesThemAsTheyAre() {
        BatchNormLayer layer = torchLayer();
        Tensor input = matrix(TORCH.get("input"));
        layer.forward(input, training()); // as the fixture: inference after one training pass
        Tensor runningMean = state(layer, "running_mean").copy();
        Tensor runningVariance = state(layer, "running_var").copy();
        JsonNode expected = TORCH.get("inference");

        Tensor output = layer.forward(input, ForwardContext.inference());
        Tensor gradInput = layer.backward(matrix(TORCH.get("output_gradient")), true);

        assertClose(matrix(expected.get("output")), output, "output");
        assertClose(matrix(expected.get("input_gradient")), gradInput, "input gradient");
        assertClose(vector(expected.get("gamma_gradient")), layer.parameters().get(0).gradient(), "gamma gradient");
        assertClose(vector(expected.get("beta_gradient")), layer.parameters().get(1).gradient(), "beta gradient");
        assertEquals(runningMean, state(layer, "running_mean"));
        assertEquals(runningVariance, state(layer, "running_var"));
    }

    @Test
    void parametersAndStateHaveTheirSpecNamesAndPyTorchsStartingValues() {
        BatchNormLayer layer = new BatchNormLayer(4, 2, 0.1, 1e-5, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertEquals(List.of("gamma", "beta"), layer.parameters().stream().map(Parameter::localName).toList());
        assertEquals(List.of("gamma4", "beta4"), layer.parameters().stream().map(Parameter::name).toList());
        assertEquals(List.of("running_mean", "running_var"),
                layer.state().stream().map(StateTensor::localName).toList());
        assertEquals(List.of("running_mean4", "running_var4"), layer.state().stream().map(StateTensor::name).toList());
        assertEquals(Tensor.row(1, 1), layer.parameters().get(0).value());
        assertEquals(Tensor.row(0, 0), layer.parameters().get(1).value());
        assertEquals(Tensor.row(0, 0), state(layer, "running_mean"));
        assertEquals(Tensor.row(1, 1), state(layer, "running_var"));
        assertEquals(2, layer.inputSize());
        assertEquals(2, layer.outputSize());
    }

    @Test
    void aTrainingBatchOfOneRowIsRefusedWhileInferenceTakesOneRow() {
        BatchNormLayer layer = torchLayer();
        Tensor row = Tensor.of(new double[][] {{0.5, -0.2, 1.0}});
        Tensor runningMean = state(layer, "running_mean").copy();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(row, training()));
        Tensor output = layer.forward(row, ForwardContext.inference());

        assertTrue(e.getMessage().contains("batch_norm (layer 2) cannot train on a batch of 1 row"), e.getMessage());
        assertEquals(runningMean, state(layer, "running_mean"), "the refused pass changed the running mean");
        assertEquals(3, output.columns());
        assertTrue(output.isFinite());
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(1, 2, 1.5, 1e-5, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(1, 2, -0.1, 1e-5, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(1, 2, 0.1, 0.0, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(1, 2, 0.1, 1e-5,
                Optional.of(Tensor.row(1, 1, 1)), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /**
     * dense tanh, batch_norm with running statistics away from the defaults, dense identity, half squared error: in
     * training the batch statistics depend on every row, which the input gradient must account for (the first
     * layer's gradients go through it); in inference the statistics are fixed.
     */
    @ParameterizedTest
    @EnumSource(ForwardContext.Mode.class)
    void backpropagatedGradientsAgreeWithFiniteDifferences(ForwardContext.Mode mode) {
        Network network = new Network(List.of(
                NormalizationNetworks.dense(1, new double[][] {{0.3, -0.5}, {0.8, 0.1}, {-0.4, 0.6}},
                        new double[] {0.1, -0.2, 0.05}, TestComponents.TANH),
                new BatchNormLayer(2, 3, 0.1, 1e-3, Optional.of(Tensor.row(1.2, 0.7, -0.9)),
                        Optional.of(Tensor.row(0.1, -0.3, 0.2)), Optional.of(Tensor.row(0.2, -0.1, 0.3)),
                        Optional.of(Tensor.row(0.5, 1.5, 0.8))),
                NormalizationNetworks.dense(3, new double[][] {{0.7, -0.3, 0.2}, {-0.6, 0.4, 0.9}},
                        new double[] {0.05, -0.1}, TestComponents.IDENTITY)), TestComponents.HALF_SQUARED_ERROR);
        Tensor inputs = Tensor.of(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.7, 0.8}, {0.2, 0.4}});
        Tensor targets = Tensor.of(new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}, {0.2, -0.3}});

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
        BatchNormLayer layer = new BatchNormLayer(2, 3, 0.2, 1e-3, Optional.of(Tensor.row(1.2, 0.7, -0.9)),
                Optional.of(Tensor.row(0.1, -0.3, 0.2)), Optional.of(Tensor.row(0.2, -0.1, 0.3)),
                Optional.of(Tensor.row(0.5, 1.5, 0.8)));
        List<Tensor> before = layer.state().stream().map(s -> s.value().copy()).toList();

        CheckResult result = ComponentGradientCheck.checkLayer(layer, mode, 11);

        assertTrue(result.passed(), result::toString);
        assertEquals(4 * 3 + 2 * 3, result.points());
        assertEquals(before, layer.state().stream().map(StateTensor::value).toList(), "state after the check");
    }
}
