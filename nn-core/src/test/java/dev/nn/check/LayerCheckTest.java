package dev.nn.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.layers.ActivationLayer;
import dev.nn.layers.DropoutLayer;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ForwardContext.Mode;
import dev.nn.spi.Layer;
import dev.nn.tensor.Tensor;
import dev.nn.testing.FixedLayerContext;
import dev.nn.testing.ScaleLayer;
import dev.nn.testing.TestComponents;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class LayerCheckTest {
    @ParameterizedTest
    @EnumSource(Mode.class)
    void dropoutPassesInEachMode(Mode mode) {
        CheckResult result = ComponentGradientCheck.checkLayer(new DropoutLayer(5, 0.4), mode, 3);

        assertTrue(result.passed(), result::toString);
        assertEquals(4 * 5, result.points());
        assertTrue(result.worst().startsWith(mode.name().toLowerCase(java.util.Locale.ROOT) + " mode: "),
                result.worst());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aLayerWithAParameterAndStatePassesAndKeepsItsState(Mode mode) {
        Layer scale = new ScaleLayer.Provider().create(new FixedLayerContext(1, 3,
                new ComponentParameters(Map.of("start", 1.5))));
        Tensor before = scale.state().get(0).value().copy();

        CheckResult result = ComponentGradientCheck.checkLayer(scale, mode, 5);

        assertTrue(result.passed(), result::toString);
        assertEquals(4 * 3 + 3, result.points());
        assertEquals(before, scale.state().get(0).value());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aWrongDerivativeFailsNamingTheInput(Mode mode) {
        CheckResult result = ComponentGradientCheck.checkLayer(
                new ActivationLayer(5, TestComponents.TANH_WITH_WRONG_DERIVATIVE), mode, 3);

        assertFalse(result.passed(), result::toString);
        assertTrue(result.worst().contains("input element"), result.worst());
    }
}
