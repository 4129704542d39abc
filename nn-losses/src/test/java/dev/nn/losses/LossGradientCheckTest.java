package dev.nn.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.spi.Loss;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class LossGradientCheckTest {
    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("mse", new MeanSquaredError(1.0)),
                Arguments.of("mse(factor=0.5)", new MeanSquaredError(0.5)),
                Arguments.of("mse(factor=3)", new MeanSquaredError(3)),
                Arguments.of("cross_entropy", new CrossEntropy()),
                Arguments.of("cross_entropy(class_weights=[1, 3, 0.5, 2, 1])",
                        new CrossEntropy(new double[] {1, 3, 0.5, 2, 1})),
                Arguments.of("binary_cross_entropy", new BinaryCrossEntropy()),
                Arguments.of("binary_cross_entropy(class_weights=[0.5, 3])", new BinaryCrossEntropy(0.5, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void passesTheGradientCheckForEverySeed(String name, Loss loss) {
        for (long seed = 0; seed < 20; seed++) {
            CheckResult result = ComponentGradientCheck.checkLoss(loss, seed);
            assertTrue(result.passed(), name + ", seed " + seed + ": " + result);
        }
    }
}
