package dev.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LossProvider;
import dev.nn.spi.ParameterException;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class LossProvidersTest {
    @Test
    void serviceLoaderFindsEveryBuiltInLoss() {
        Map<String, LossProvider> byName = new HashMap<>();
        for (LossProvider provider : ServiceLoader.load(LossProvider.class)) {
            byName.put(provider.name(), provider);
            assertFalse(provider.description().isBlank(), provider.name());
        }

        assertEquals(Set.of("mse", "cross_entropy", "binary_cross_entropy"), byName.keySet());
        assertInstanceOf(MeanSquaredErrorProvider.class, byName.get("mse"));
        assertInstanceOf(CrossEntropyProvider.class, byName.get("cross_entropy"));
        assertInstanceOf(BinaryCrossEntropyProvider.class, byName.get("binary_cross_entropy"));
    }

    @Test
    void mseDefaultsFactorToOne() {
        MeanSquaredError mse = assertInstanceOf(MeanSquaredError.class,
                new MeanSquaredErrorProvider().create(ComponentParameters.empty()));

        assertEquals(1.0, mse.factor());
    }

    @Test
    void mseReadsFactor() {
        ComponentParameters parameters = new ComponentParameters(Map.of("factor", 0.5));

        MeanSquaredError mse = assertInstanceOf(MeanSquaredError.class,
                new MeanSquaredErrorProvider().create(parameters));

        assertEquals(0.5, mse.factor());
        assertTrue(parameters.unread().isEmpty());
    }

    @Test
    void mseRejectsAFactorThatIsNotPositive() {
        for (Object factor : new Object[] {0, -1.5}) {
            ParameterException e = assertThrows(ParameterException.class,
                    () -> new MeanSquaredErrorProvider().create(new ComponentParameters(Map.of("factor", factor))));
            assertEquals("factor", e.parameter());
        }
    }

    @Test
    void mseRejectsAFactorThatIsNotANumber() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> new MeanSquaredErrorProvider().create(new ComponentParameters(Map.of("factor", "big"))));

        assertEquals("factor", e.parameter());
    }

    @Test
    void crossEntropyLeavesAFactorItDoesNotTakeUnread() {
        ComponentParameters parameters = new ComponentParameters(Map.of("factor", 0.5));

        assertInstanceOf(CrossEntropy.class, new CrossEntropyProvider().create(parameters));

        assertEquals(Set.of("factor"), parameters.unread());
    }
}
