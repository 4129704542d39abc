package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.testkit.PluginTestKit;
import org.junit.jupiter.api.Test;

final class SoftplusTest {
    private final Softplus softplus = new Softplus();

    @Test
    void passesThePluginTestKit() {
        PluginTestKit.assertValidActivationProvider(new SoftplusProvider());
    }

    @Test
    void valuesAndDerivativesByHand() {
        assertEquals(Math.log(2), softplus.value(0), 1e-16);
        assertEquals(0.5, softplus.derivative(0), 0);
        // log(1 + e) = 1.3132616875182228
        assertEquals(1.3132616875182228, softplus.value(1), 1e-15);
        // log(1 + 1/e) = 0.31326168751822286
        assertEquals(0.31326168751822286, softplus.value(-1), 1e-16);
        assertEquals(0.7310585786300049, softplus.derivative(1), 1e-16);
    }

    @Test
    void isExactFarFromZero() {
        assertEquals(1000.0, softplus.value(1000));
        assertEquals(0.0, softplus.value(-1000));
        // log1p keeps the tiny value e^-40 = 4.248354255291589e-18 instead of rounding 1 + e^-40 to 1
        assertEquals(4.248354255291589e-18, softplus.value(-40), 1e-30);
        assertEquals(1.0, softplus.derivative(1000));
        assertEquals(0.0, softplus.derivative(-1000));
    }
}
