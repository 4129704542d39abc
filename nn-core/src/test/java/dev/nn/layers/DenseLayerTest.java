package dev.nn.layers;

import dev.nn.spi.ForwardContext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.network.WidenedActivation;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.Initializer;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A 2x2 layer with {@code f(z) = z^2}, computed by hand:
 * <pre>
 * W = [[1, 2], [3, 4]], b = [0.5, -1], x = [[1, -1], [2, 0.5]]
 * z = x W^T + b = [[-0.5, -2], [3.5, 7]];  a = z^2 = [[0.25, 4], [12.25, 49]]
 * dA = [[1, 2], [-1, 0.5]];  dZ = dA * 2z = [[-1, -8], [-7, 7]]
 * dW = dZ^T x = [[-15, -2.5], [6, 11.5]];  db = column sums of dZ = [-8, -1];  dx = dZ W = [[-25, -34], [14, 14]]
 * </pre>
 */
final class DenseLayerTest {
    static final ForwardContext INFERENCE = ForwardContext.inference();
    private static final Tensor X = Tensor.of(new double[][] {{1, -1}, {2, 0.5}});
    private static final Tensor D_A = Tensor.of(new double[][] {{1, 2}, {-1, 0.5}});

    @Test
    void forwardComputesTheActivationOfXWTransposedPlusB() {
        DenseLayer layer = squareLayer();

        Tensor output = layer.forward(X, INFERENCE);

        assertEquals(Tensor.of(new double[][] {{0.25, 4}, {12.25, 49}}), output);
    }

    @Test
    void backwardWritesWeightAndBiasGradientsAndReturnsTheInputGradient() {
        DenseLayer layer = squareLayer();
        layer.forward(X, INFERENCE);

        Tensor gradInput = layer.backward(D_A, true);

        assertEquals(Tensor.of(new double[][] {{-15, -2.5}, {6, 11.5}}), layer.parameters().get(0).gradient());
        assertEquals(Tensor.row(-8, -1), layer.parameters().get(1).gradient());
        assertEquals(Tensor.of(new double[][] {{-25, -34}, {14, 14}}), gradInput);
    }

    @Test
    void backwardFromPreActivationSkipsTheActivation() {
        DenseLayer layer = squareLayer();
        layer.forward(X, INFERENCE);

        Tensor gradInput = layer.backwardFromPreActivation(Tensor.of(new double[][] {{-1, -8}, {-7, 7}}), true);

        assertEquals(Tensor.of(new double[][] {{-15, -2.5}, {6, 11.5}}), layer.parameters().get(0).gradient());
        assertEquals(Tensor.row(-8, -1), layer.parameters().get(1).gradient());
        assertEquals(Tensor.of(new double[][] {{-25, -34}, {14, 14}}), gradInput);
    }

    @Test
    void gradientsAreOverwrittenNotAccumulated() {
        DenseLayer layer = squareLayer();
        layer.forward(X, INFERENCE);
        layer.backward(D_A, true);
        layer.forward(X, INFERENCE);

        layer.backward(D_A, true);

        assertEquals(Tensor.of(new double[][] {{-15, -2.5}, {6, 11.5}}), layer.parameters().get(0).gradient());
        assertEquals(Tensor.row(-8, -1), layer.parameters().get(1).gradient());
    }

    @Test
    void buffersAreReusedWhileTheBatchSizeStaysTheSame() {
        DenseLayer layer = squareLayer();

        Tensor firstOutput = layer.forward(X, INFERENCE);
        Tensor firstGradient = layer.backward(D_A, true);
        Tensor secondOutput = layer.forward(Tensor.of(new double[][] {{0, 0}, {1, 1}}), INFERENCE);
        Tensor secondGradient = layer.backward(D_A, true);

        assertSame(firstOutput, secondOutput);
        assertSame(firstGradient, secondGradient);
        assertEquals(Tensor.of(new double[][] {{0.25, 1}, {12.25, 36}}), secondOutput);
    }

    @Test
    void anotherBatchSizeGetsNewBuffersOfThatSize() {
        DenseLayer layer = squareLayer();
        Tensor two = layer.forward(X, INFERENCE);

        Tensor one = layer.forward(Tensor.row(1, -1), INFERENCE);

        assertNotSame(two, one);
        assertEquals(Tensor.row(0.25, 4), one);
        assertEquals("1x2", layer.backward(Tensor.row(1, 1), true).shape());
    }

    @Test
    void aBatchOfTheWrongWidthIsRejectedNamingItsShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> squareLayer().forward(Tensor.zeros(2, 3), INFERENCE));

        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertTrue(e.getMessage().contains("2 inputs"), e.getMessage());
    }

    @Test
    void parametersAreNamedByTheLayerIndexAndCopiedFromTheConfig() {
        Tensor weights = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        DenseLayer layer = layer(3, Optional.of(weights), Optional.empty(), TestComponents.IDENTITY, failing());
        weights.set(0, 0, 100);

        assertEquals(List.of("W3", "b3"), layer.parameters().stream().map(p -> p.name()).toList());
        assertEquals(1, layer.parameters().get(0).value().get(0, 0));
        assertEquals(Tensor.zeros(1, 2), layer.parameters().get(1).value());
        assertEquals(2, layer.inputSize());
        assertEquals(2, layer.outputSize());
    }

    @Test
    void withoutWeightsTheInitialiserFillsThemFromTheConfiguredSizes() {
        int[] seen = new int[2];
        Initializer fill = (w, fanIn, fanOut, random) -> {
            seen[0] = fanIn;
            seen[1] = fanOut;
            w.fillInPlace(0.5);
        };
        DenseLayer layer = new DenseLayer(1, 3, 2, TestComponents.IDENTITY, Optional.empty(),
                Optional.empty(), fill, new SplitMix64(0));

        assertArrayEquals(new int[] {3, 2}, seen);
        assertEquals(Tensor.zeros(2, 3).fillInPlace(0.5), layer.parameters().get(0).value());
    }

    @Test
    void weightsOfTheWrongShapeAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer(1, Optional.of(Tensor.zeros(3, 2)), Optional.empty(), TestComponents.IDENTITY, failing()));

        assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("3x2"), e.getMessage());
    }

    @Test
    void anInferenceSeriesGivesTheBitsOfPlainInferenceAndSeesWeightsChangedBeforeIt() {
        for (DataType type : DataType.values()) {
            // Large enough for the blocked product (300 rows: two row blocks in float64), 90 units: a part panel.
            Tensor weights = gaussian(90, 300, 1);
            Activation identity = type == DataType.FLOAT32 ? WidenedActivation.of(TestComponents.IDENTITY)
                    : TestComponents.IDENTITY;
            DenseLayer layer = new DenseLayer(1, 300, 90, identity, Optional.of(weights),
                    Optional.of(gaussian(1, 90, 2)), failing(), new SplitMix64(0), type);
            Tensor first = gaussian(600, 300, 3).copyAs(type);
            Tensor second = gaussian(70, 300, 4).copyAs(type);
            ForwardContext series = ForwardContext.inferenceOverFixedParameters();
            assertBitsEqual(layer.forward(first, INFERENCE).copy(), layer.forward(first, series), type);
            assertBitsEqual(layer.forward(second, INFERENCE).copy(), layer.forward(second, series), type);

            // The weights change (as an optimizer step changes them): the next series packs them again.
            Tensor w = layer.parameters().get(0).value();
            for (int i = 0; i < w.size(); i++) {
                w.setFlat(i, 0.5 * w.getFlat(i) - 0.125);
            }
            ForwardContext next = ForwardContext.inferenceOverFixedParameters();
            Tensor expected = layer.forward(first, INFERENCE).copy();
            assertBitsEqual(expected, layer.forward(first, next), type);
        }
    }

    @Test
    void aSeriesKeepsTheWeightsItPackedUntilAnotherKindOfPassComes() {
        Tensor x = gaussian(200, 300, 5);
        DenseLayer layer = new DenseLayer(1, 300, 90, TestComponents.IDENTITY, Optional.of(gaussian(90, 300, 6)),
                Optional.empty(), failing(), new SplitMix64(0));
        ForwardContext series = ForwardContext.inferenceOverFixedParameters();
        Tensor before = layer.forward(x, series).copy();
        Tensor w = layer.parameters().get(0).value();
        for (int i = 0; i < w.size(); i++) {
            w.setFlat(i, 2 * w.getFlat(i));
        }
        // Within the series the parameters are promised not to change, so the packed ones are used...
        assertBitsEqual(before, layer.forward(x, series), DataType.FLOAT64);
        // ...and any other pass drops them: the same series given again afterwards packs the current weights.
        Tensor now = layer.forward(x, INFERENCE).copy();
        assertBitsEqual(now, layer.forward(x, series), DataType.FLOAT64);
    }

    private static void assertBitsEqual(Tensor expected, Tensor actual, DataType type) {
        assertEquals(expected.size(), actual.size());
        long[] e = new long[expected.size()];
        long[] a = new long[actual.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = Double.doubleToRawLongBits(expected.getFlat(i));
            a[i] = Double.doubleToRawLongBits(actual.getFlat(i));
        }
        assertArrayEquals(e, a, type.specName());
    }

    private static Tensor gaussian(int rows, int columns, long seed) {
        java.util.Random random = new java.util.Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns);
        for (int i = 0; i < tensor.size(); i++) {
            tensor.setFlat(i, random.nextGaussian());
        }
        return tensor;
    }

    private static DenseLayer squareLayer() {
        return layer(1, Optional.of(Tensor.of(new double[][] {{1, 2}, {3, 4}})), Optional.of(Tensor.row(0.5, -1)),
                TestComponents.SQUARE, failing());
    }

    private static DenseLayer layer(int index, Optional<Tensor> weights, Optional<Tensor> bias, Activation activation,
                                    Initializer initializer) {
        return new DenseLayer(index, 2, 2, activation, weights, bias, initializer, new SplitMix64(0));
    }

    private static Initializer failing() {
        return (w, fanIn, fanOut, random) -> {
            throw new AssertionError("weights are given");
        };
    }
}
