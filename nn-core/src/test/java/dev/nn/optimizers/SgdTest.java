package dev.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class SgdTest {
    private static final double DELTA = 1e-12;

    @Test
    void plainSgdSubtractsRateTimesGradient() {
        Parameter p = parameter(new double[] {1.0, -2.0}, new double[] {0.5, -4.0});

        new Sgd(0.1, 0).step(List.of(p));

        assertArrayEquals(new double[] {0.95, -1.6}, p.value().data(), DELTA);
    }

    @Test
    void momentumAccumulatesVelocityAsComputedByHand() {
        // v <- 0.9 v + 0.5; p <- p - 0.1 v, from v = 0, p = 1:
        // v = 0.5, p = 0.95; v = 0.95, p = 0.855; v = 1.355, p = 0.7195.
        Parameter p = parameter(new double[] {1.0}, new double[] {0.5});
        Sgd sgd = new Sgd(0.1, 0.9);

        sgd.step(List.of(p));
        assertEquals(0.95, p.value().get(0, 0), DELTA);
        sgd.step(List.of(p));
        assertEquals(0.855, p.value().get(0, 0), DELTA);
        sgd.step(List.of(p));
        assertEquals(0.7195, p.value().get(0, 0), DELTA);
    }

    @Test
    void momentumCarriesOverWhenTheGradientChangesSign() {
        // v = 1, p = 0.9; then v = 0.9 * 1 - 1 = -0.1, p = 0.9 + 0.1 * 0.1 = 0.91.
        Parameter p = parameter(new double[] {1.0}, new double[] {1.0});
        Sgd sgd = new Sgd(0.1, 0.9);

        sgd.step(List.of(p));
        p.gradient().set(0, 0, -1.0);
        sgd.step(List.of(p));

        assertEquals(0.91, p.value().get(0, 0), DELTA);
    }

    @Test
    void eachParameterHasItsOwnVelocity() {
        // First: v = 2, 0.5 * 2 + 2 = 3; p = 0 - 0.2 - 0.3 = -0.5. Second: v = -1, -1.5; p = 1 + 0.1 + 0.15 = 1.25.
        Parameter first = parameter(new double[] {0.0}, new double[] {2.0});
        Parameter second = parameter(new double[] {1.0}, new double[] {-1.0});
        Sgd sgd = new Sgd(0.1, 0.5);

        sgd.step(List.of(first, second));
        sgd.step(List.of(first, second));

        assertEquals(-0.5, first.value().get(0, 0), DELTA);
        assertEquals(1.25, second.value().get(0, 0), DELTA);
    }

    @Test
    void theProviderReadsRateAndMomentum() {
        ComponentParameters parameters = new ComponentParameters(Map.of("learning_rate", 0.5, "momentum", 0.5));
        Parameter p = parameter(new double[] {1.0}, new double[] {1.0});

        Optimizer sgd = new SgdProvider().create(parameters);
        sgd.step(List.of(p));
        sgd.step(List.of(p));

        // v = 1, p = 0.5; v = 1.5, p = 0.5 - 0.75 = -0.25.
        assertEquals(-0.25, p.value().get(0, 0), DELTA);
        assertTrue(parameters.unread().isEmpty());
    }

    @Test
    void theDefaultRateIsOneHundredthWithoutMomentum() {
        Parameter p = parameter(new double[] {1.0}, new double[] {1.0});
        Optimizer sgd = new SgdProvider().create(ComponentParameters.empty());

        sgd.step(List.of(p));
        sgd.step(List.of(p));

        assertEquals(0.98, p.value().get(0, 0), DELTA);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -0.5, -1e-300})
    void aRateThatIsNotPositiveIsRejectedNamingTheParameter(double rate) {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new SgdProvider().create(new ComponentParameters(Map.of("learning_rate", rate))));

        assertEquals("learning_rate", e.parameter());
        assertEquals("a number > 0", e.expected());
        assertTrue(e.getMessage().startsWith("parameter 'learning_rate'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1.5, -0.1, -1e-9})
    void aMomentumOutsideZeroToOneIsRejectedNamingTheParameter(double momentum) {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new SgdProvider().create(new ComponentParameters(Map.of("momentum", momentum))));

        assertEquals("momentum", e.parameter());
        assertEquals("a number in [0, 1)", e.expected());
        assertEquals(Double.toString(momentum), e.found());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 0.999})
    void aMomentumInZeroToOneIsAccepted(double momentum) {
        new SgdProvider().create(new ComponentParameters(Map.of("momentum", momentum)));
    }

    @Test
    void aRateThatIsNotANumberIsRejectedNamingTheParameter() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new SgdProvider().create(new ComponentParameters(Map.of("learning_rate", "fast"))));

        assertEquals("learning_rate", e.parameter());
        assertEquals("a number", e.expected());
        assertEquals("the string \"fast\"", e.found());
    }

    private static Parameter parameter(double[] value, double[] gradient) {
        Parameter parameter = new Parameter("p", "p1", Tensor.row(value));
        System.arraycopy(gradient, 0, parameter.gradient().data(), 0, gradient.length);
        return parameter;
    }
}
