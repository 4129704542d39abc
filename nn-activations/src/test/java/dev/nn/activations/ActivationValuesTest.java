package dev.nn.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ActivationValuesTest {
    private static final double EXACT = 1e-15;

    @Test
    void identityPassesValuesAndGradientsThrough() {
        Identity identity = new Identity();

        assertArrayEquals(new double[] {-2, 0, 3}, forward(identity, -2, 0, 3));
        assertArrayEquals(new double[] {0.5, -1, 2}, backward(identity, new double[] {-2, 0, 3}, 0.5, -1, 2));
    }

    @Test
    void reluZeroesNegativesAndHasDerivativeZeroAtZero() {
        Relu relu = new Relu();

        assertArrayEquals(new double[] {0, 0, 3}, forward(relu, -2, 0, 3));
        assertEquals(0.0, relu.derivative(0.0));
        assertEquals(1.0, relu.derivative(1e-300));
        assertEquals(0.0, relu.derivative(-1));
        assertTrue(Double.isNaN(relu.value(Double.NaN)));
    }

    @Test
    void leakyReluScalesNegativesAndHasDerivativeAlphaAtZero() {
        LeakyRelu leaky = new LeakyRelu(0.1);

        assertArrayEquals(new double[] {-0.2, 0, 3}, forward(leaky, -2, 0, 3), EXACT);
        assertEquals(0.1, leaky.derivative(0.0));
        assertEquals(0.1, leaky.derivative(-5));
        assertEquals(1.0, leaky.derivative(5));
    }

    @Test
    void sigmoidMatchesHandValuesAndStaysFiniteForLargeInputs() {
        Sigmoid sigmoid = new Sigmoid();

        assertEquals(0.5, sigmoid.value(0));
        assertEquals(0.25, sigmoid.derivative(0));
        assertEquals(1 / (1 + Math.exp(-2)), sigmoid.value(2), EXACT);
        assertEquals(Math.exp(-2) / (1 + Math.exp(-2)), sigmoid.value(-2), EXACT);
        assertEquals(0.0, sigmoid.value(-800));
        assertEquals(1.0, sigmoid.value(800));
        assertEquals(0.0, sigmoid.derivative(-800));
        assertEquals(0.0, sigmoid.derivative(800));
        double[] outputs = forward(sigmoid, -800, -40, 40, 800);
        for (double y : outputs) {
            assertTrue(Double.isFinite(y) && y >= 0 && y <= 1, () -> "sigmoid gave " + y);
        }
    }

    @Test
    void tanhMatchesHandValuesAndSaturates() {
        Tanh tanh = new Tanh();

        assertEquals(0.0, tanh.value(0));
        assertEquals(1.0, tanh.derivative(0));
        assertEquals(1.0, tanh.value(1000));
        assertEquals(-1.0, tanh.value(-1000));
        assertEquals(0.0, tanh.derivative(1000));
        assertEquals(1 - Math.tanh(0.5) * Math.tanh(0.5), tanh.derivative(0.5), EXACT);
    }

    @Test
    void softmaxRowsAreDistributionsComputedPerRow() {
        Tensor input = Tensor.of(new double[][] {{0, 0}, {0, Math.log(3)}, {1000, 0}, {-1000, -1000}});
        Tensor output = Tensor.zeros(4, 2);

        new Softmax().forward(input, output);

        assertArrayEquals(new double[] {0.5, 0.5}, output.rowCopy(0), EXACT);
        assertArrayEquals(new double[] {0.25, 0.75}, output.rowCopy(1), EXACT);
        assertArrayEquals(new double[] {1.0, 0.0}, output.rowCopy(2));
        assertArrayEquals(new double[] {0.5, 0.5}, output.rowCopy(3), EXACT);
        assertTrue(output.isFinite());
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor input = Tensor.of(new double[][] {{1, 2, 3, 4}, {-7, 0.5, 12, 3}, {50, 50, -50, 0}});
        Tensor output = Tensor.zeros(3, 4);

        new Softmax().forward(input, output);

        for (int row = 0; row < 3; row++) {
            double sum = 0;
            for (double y : output.rowCopy(row)) {
                assertTrue(y >= 0 && y <= 1);
                sum += y;
            }
            assertEquals(1.0, sum, 1e-15);
        }
    }

    @Test
    void softmaxBackwardIsTheVectorJacobianProduct() {
        Softmax softmax = new Softmax();
        Tensor input = Tensor.of(new double[][] {{0, Math.log(3)}});
        Tensor output = Tensor.zeros(1, 2);
        softmax.forward(input, output);
        Tensor gradInput = Tensor.zeros(1, 2);

        softmax.backward(input, output, Tensor.row(1, 0), gradInput);

        // y = [0.25, 0.75], g = [1, 0]: sum_j g_j y_j = 0.25, so [0.25 * 0.75, 0.75 * -0.25]
        assertArrayEquals(new double[] {0.1875, -0.1875}, gradInput.data(), EXACT);
    }

    @Test
    void propertiesDeclareRangesKinksAndInitializers() {
        assertProperties(new Identity(), Range.ALL, List.of(), false, "glorot_uniform");
        assertProperties(new Relu(), new Range(0, true, Double.POSITIVE_INFINITY, false), List.of(0.0), false,
                "he_uniform");
        assertProperties(new LeakyRelu(0.01), Range.ALL, List.of(0.0), false, "he_uniform");
        assertProperties(new Sigmoid(), Range.closed(0, 1), List.of(), false, "glorot_uniform");
        assertProperties(new Tanh(), Range.closed(-1, 1), List.of(), false, "glorot_uniform");
        assertProperties(new Softmax(), Range.closed(0, 1), List.of(), true, "glorot_uniform");
        assertTrue(new Softmax().properties().rowwise());
        assertFalse(new Tanh().properties().rowwise());
    }

    private static void assertProperties(
            Activation activation, Range range, List<Double> kinks, boolean softmax, String initializer) {
        ActivationProperties properties = activation.properties();
        assertEquals(range, properties.outputRange());
        assertEquals(kinks, properties.kinks());
        assertEquals(softmax, properties.softmax());
        assertEquals(initializer, properties.initializer());
    }

    private static double[] forward(Activation activation, double... inputs) {
        Tensor output = Tensor.zeros(1, inputs.length);
        activation.forward(Tensor.row(inputs), output);
        return output.data();
    }

    private static double[] backward(Activation activation, double[] inputs, double... gradOutput) {
        Tensor input = Tensor.row(inputs);
        Tensor output = Tensor.zeros(1, inputs.length);
        activation.forward(input, output);
        Tensor gradInput = Tensor.zeros(1, inputs.length);
        activation.backward(input, output, Tensor.row(gradOutput), gradInput);
        return gradInput.data();
    }
}
