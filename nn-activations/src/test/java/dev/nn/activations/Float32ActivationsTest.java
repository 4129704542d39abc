package dev.nn.activations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.Activation;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in activation declares float32 and computes it: forward and backward on float32 tensors agree with
 * the float64 path on the same (float) values to a few float ulps.
 */
final class Float32ActivationsTest {
    /** A few float32 roundings of values of order 1. */
    private static final double TOLERANCE = 4e-7;

    static Stream<String> activations() {
        return activationsByName().keySet().stream().sorted();
    }

    private static Map<String, Activation> activationsByName() {
        return Map.of("identity", new Identity(), "relu", new Relu(), "leaky_relu", new LeakyRelu(0.1),
                "sigmoid", new Sigmoid(), "tanh", new Tanh(), "softmax", new Softmax());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void float32ForwardAndBackwardAgreeWithFloat64(String name) {
        Activation activation = activationsByName().get(name);
        Tensor z = random(9, 5, 1, 4.0);
        Tensor gradOutput = random(9, 5, 2, 1.0);
        Tensor y = Tensor.zeros(9, 5, DataType.FLOAT32);
        Tensor gradInput = Tensor.zeros(9, 5, DataType.FLOAT32);
        Tensor wideZ = z.copyAs(DataType.FLOAT64);
        Tensor wideY = Tensor.zeros(9, 5);
        Tensor wideGradInput = Tensor.zeros(9, 5);

        assertTrue(activation.supportsFloat32(), name);
        activation.forward(z, y);
        activation.backward(z, y, gradOutput, gradInput);
        activation.forward(wideZ, wideY);
        activation.backward(wideZ, wideY, gradOutput.copyAs(DataType.FLOAT64), wideGradInput);

        assertClose(wideY, y, name + " forward");
        assertClose(wideGradInput, gradInput, name + " backward");
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            assertTrue(Math.abs(a - e) <= TOLERANCE * Math.max(1.0, Math.abs(e)),
                    what + " element " + i + ": float32 " + a + ", float64 " + e);
        }
    }

    static Tensor random(int rows, int columns, long seed, double scale) {
        Random random = new Random(seed);
        Tensor tensor = Tensor.zeros(rows, columns, DataType.FLOAT32);
        for (int e = 0; e < tensor.size(); e++) {
            tensor.floatData()[e] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return tensor;
    }
}
