package dev.nn.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ActivationProvidersTest {
    @Test
    void serviceLoaderFindsEveryActivationAndTheLinearAlias() {
        Map<String, ActivationProvider> byName = new HashMap<>();
        for (ActivationProvider provider : ServiceLoader.load(ActivationProvider.class)) {
            byName.put(provider.name(), provider);
            for (String alias : provider.aliases()) {
                byName.put(alias, provider);
            }
        }

        assertEquals(Set.of("identity", "linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"),
                byName.keySet());
        assertEquals(byName.get("identity"), byName.get("linear"));
    }

    @Test
    void everyProviderDescribesItselfAndCreatesItsActivation() {
        for (ActivationProvider provider : ServiceLoader.load(ActivationProvider.class)) {
            assertFalse(provider.description().isBlank(), provider.name());
            assertTrue(provider.name().matches("[a-z0-9_]+"), provider.name());
            assertTrue(provider.create(ComponentParameters.empty()) != null, provider.name());
        }
    }

    @Test
    void leakyReluDefaultsAlphaToOneHundredth() {
        LeakyRelu leaky = assertInstanceOf(LeakyRelu.class,
                new LeakyReluProvider().create(ComponentParameters.empty()));

        assertEquals(0.01, leaky.alpha());
    }

    @Test
    void leakyReluReadsAlpha() {
        ComponentParameters parameters = new ComponentParameters(Map.of("alpha", 0.2));

        LeakyRelu leaky = assertInstanceOf(LeakyRelu.class, new LeakyReluProvider().create(parameters));

        assertEquals(0.2, leaky.alpha());
        assertTrue(parameters.unread().isEmpty());
    }

    @Test
    void leakyReluRejectsAlphaThatIsNotANumber() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new LeakyReluProvider().create(new ComponentParameters(Map.of("alpha", "x"))));

        assertEquals("alpha", e.parameter());
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }

    @Test
    void leakyReluRejectsNegativeAlpha() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new LeakyReluProvider().create(new ComponentParameters(Map.of("alpha", -0.5))));

        assertEquals("alpha", e.parameter());
        assertEquals("-0.5", e.found());
    }

    @Test
    void leakyReluRejectsNanAlpha() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new LeakyReluProvider().create(new ComponentParameters(Map.of("alpha", Double.NaN))));

        assertEquals("alpha", e.parameter());
    }

    @Test
    void parameterlessActivationsLeaveParametersUnread() {
        ComponentParameters parameters = new ComponentParameters(Map.of("alpha", 0.1));

        new ReluProvider().create(parameters);

        assertEquals(Set.of("alpha"), parameters.unread());
    }
}
