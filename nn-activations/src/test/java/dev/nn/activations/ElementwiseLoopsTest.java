package dev.nn.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.random.SplitMix64;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast forward and backward loops give bit for bit what {@code value} and {@code derivative} give. */
final class ElementwiseLoopsTest {
    static Stream<ElementwiseActivation> activations() {
        return Stream.of(new Identity(), new Relu(), new LeakyRelu(0.01), new LeakyRelu(0.25), new Sigmoid(),
                new Tanh());
    }

    @ParameterizedTest
    @MethodSource("activations")
    void forwardAndBackwardLoopsMatchValueAndDerivative(ElementwiseActivation activation) {
        Tensor input = inputs();
        Tensor gradOutput = Tensor.zeros(input.rows(), input.columns());
        SplitMix64 random = new SplitMix64(3);
        for (int i = 0; i < gradOutput.size(); i++) {
            gradOutput.data()[i] = 2 * random.nextDouble() - 1;
        }
        double[] expectedOutput = new double[input.size()];
        double[] expectedGradInput = new double[input.size()];
        for (int i = 0; i < input.size(); i++) {
            double x = input.data()[i];
            expectedOutput[i] = activation.value(x);
            expectedGradInput[i] = gradOutput.data()[i] * activation.derivative(x);
        }

        Tensor output = Tensor.zeros(input.rows(), input.columns());
        activation.forward(input, output);
        Tensor gradInput = Tensor.zeros(input.rows(), input.columns());
        activation.backward(input, output, gradOutput, gradInput);

        assertArrayEquals(expectedOutput, output.data());
        assertArrayEquals(expectedGradInput, gradInput.data());
    }

    @ParameterizedTest
    @MethodSource("activations")
    void mismatchedShapesAreRejected(ElementwiseActivation activation) {
        Tensor input = Tensor.zeros(2, 3);

        assertThrows(IllegalArgumentException.class, () -> activation.forward(input, Tensor.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> activation.backward(input, Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 2)));
    }

    private static Tensor inputs() {
        SplitMix64 random = new SplitMix64(11);
        double[] special = {0.0, -0.0, 1e-300, -1e-300, 800, -800, 30, -30, Double.NaN, 1, -1};
        double[] data = new double[special.length + 25];
        System.arraycopy(special, 0, data, 0, special.length);
        for (int i = special.length; i < data.length; i++) {
            data[i] = 12 * random.nextDouble() - 6;
        }
        return Tensor.wrap(data.length / 4, 4, data);
    }
}
