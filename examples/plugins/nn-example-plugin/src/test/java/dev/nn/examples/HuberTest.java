package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.Tensor;
import dev.nn.testkit.PluginTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class HuberTest {
    @Test
    void passesThePluginTestKit() {
        PluginTestKit.assertValidLossProvider(new HuberProvider());
        PluginTestKit.assertValidLossProvider(new HuberProvider(), new ComponentParameters(Map.of("delta", 0.5)));
        PluginTestKit.assertValidLossProvider(new HuberProvider(), new ComponentParameters(Map.of("delta", 25)));
    }

    @Test
    void valueAndGradientByHand() {
        Huber huber = new Huber(1.0);
        Tensor predictions = Tensor.of(new double[][] {{0.5, 3.0}, {-2.0, 1.0}});
        Tensor targets = Tensor.of(new double[][] {{0.0, 0.0}, {0.0, 1.0}});
        // h(0.5) = 0.125, h(3) = 3 - 0.5 = 2.5, h(-2) = 2 - 0.5 = 1.5, h(0) = 0; mean over 4 elements
        assertEquals((0.125 + 2.5 + 1.5 + 0.0) / 4, huber.value(predictions, targets), 1e-16);
        Tensor gradient = Tensor.zeros(2, 2);
        huber.gradient(predictions, targets, gradient);
        assertArrayEquals(new double[] {0.5 / 4, 1.0 / 4, -1.0 / 4, 0.0}, gradient.data(), 1e-16);
    }

    @Test
    void piecesMeetAtDelta() {
        Huber huber = new Huber(0.5);
        Tensor target = Tensor.row(0.0);
        assertEquals(0.125, huber.value(Tensor.row(0.5), target), 1e-16);
        assertEquals(0.125, huber.value(Tensor.row(-0.5), target), 1e-16);
        // beyond delta: 0.5 * (2 - 0.25)
        assertEquals(0.875, huber.value(Tensor.row(2.0), target), 1e-16);
    }

    @Test
    void defaultDeltaIsOneAndNonPositiveDeltaIsRejected() {
        assertEquals(1.0, ((Huber) new HuberProvider().create(ComponentParameters.empty())).delta());
        for (Object bad : new Object[] {0, -1.5, "wide"}) {
            ParameterException e = assertThrows(ParameterException.class,
                    () -> new HuberProvider().create(new ComponentParameters(Map.of("delta", bad))));
            assertEquals("delta", e.parameter());
        }
    }
}
