package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;
import dev.nn.testkit.PluginTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SwishTest {
    @Test
    void passesThePluginTestKit() {
        PluginTestKit.assertValidActivationProvider(new SwishProvider());
        PluginTestKit.assertValidActivationProvider(new SwishProvider(), parameters(1.5));
        PluginTestKit.assertValidActivationProvider(new SwishProvider(), parameters(-0.5));
        PluginTestKit.assertValidActivationProvider(new SwishProvider(), parameters(0));
        PluginTestKit.assertValidActivationProvider(new SwishProvider(), parameters(40));
    }

    @Test
    void valuesAndDerivativesByHand() {
        Swish swish = new Swish(1.0);
        assertEquals(0.0, swish.value(0), 0);
        assertEquals(0.5, swish.derivative(0), 0);
        // sigmoid(1) = 0.7310585786300049
        assertEquals(0.7310585786300049, swish.value(1), 1e-16);
        assertEquals(-0.2689414213699951, swish.value(-1), 1e-16);
        // s + x s (1 - s) at x = 1: 0.7310585786300049 + 0.7310585786300049 * 0.2689414213699951
        assertEquals(0.9276705118714867, swish.derivative(1), 1e-15);

        Swish steep = new Swish(1.5);
        // 2 * sigmoid(3) = 2 * 0.9525741268224334
        assertEquals(1.9051482536448667, steep.value(2), 1e-15);
    }

    @Test
    void defaultBetaIsOne() {
        Swish swish = (Swish) new SwishProvider().create(ComponentParameters.empty());
        assertEquals(1.0, swish.beta());
    }

    @Test
    void staysWithinTheDeclaredRangeAtItsMinimum() {
        for (double beta : new double[] {1.0, 2.5, -0.7}) {
            Swish swish = new Swish(beta);
            double argmin = -1.2784645427610738 / beta;
            for (int i = -1000; i <= 1000; i++) {
                double x = argmin * (1 + i * 1e-6);
                assertTrue(swish.properties().outputRange().contains(swish.value(x)), () -> "beta " + beta + ", x " + x);
            }
            assertEquals(-0.2784645427610738 / Math.abs(beta), Math.signum(beta) * swish.value(argmin), 1e-15);
        }
    }

    @Test
    void saturatesWithoutNaNWhenBetaTimesXOverflows() {
        Swish swish = new Swish(3);
        double huge = Double.MAX_VALUE / 2;
        assertEquals(huge, swish.value(huge));
        assertEquals(1.0, swish.derivative(huge));
        assertEquals(-0.0, swish.value(-huge));
        assertEquals(0.0, swish.derivative(-huge));
    }

    @Test
    void rejectsABetaThatIsNotANumber() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new SwishProvider().create(new ComponentParameters(Map.of("beta", "steep"))));
        assertEquals("beta", e.parameter());
        assertThrows(ParameterException.class,
                () -> new SwishProvider().create(new ComponentParameters(Map.of("beta", Double.NaN))));
        assertThrows(ParameterException.class,
                () -> new SwishProvider().create(new ComponentParameters(Map.of("beta", Double.POSITIVE_INFINITY))));
    }

    private static ComponentParameters parameters(double beta) {
        return new ComponentParameters(Map.of("beta", beta));
    }
}
