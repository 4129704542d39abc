package dev.nn.activations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.spi.Activation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class ActivationGradientCheckTest {
    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of("identity", new Identity()),
                Arguments.of("relu", new Relu()),
                Arguments.of("leaky_relu(0.01)", new LeakyRelu(0.01)),
                Arguments.of("leaky_relu(0)", new LeakyRelu(0)),
                Arguments.of("leaky_relu(0.3)", new LeakyRelu(0.3)),
                Arguments.of("sigmoid", new Sigmoid()),
                Arguments.of("tanh", new Tanh()),
                Arguments.of("softmax", new Softmax()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void passesTheGradientCheckForEverySeed(String name, Activation activation) {
        for (long seed = 0; seed < 20; seed++) {
            CheckResult result = ComponentGradientCheck.checkActivation(activation, seed);
            assertTrue(result.passed(), name + ", seed " + seed + ": " + result);
        }
    }
}
