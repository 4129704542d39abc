package dev.nn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ComponentParametersTest {
    @Test
    void resolvedHoldsEveryValueAGetterReturnedDefaultsIncludedInTheOrderAsked() {
        ComponentParameters parameters = new ComponentParameters(Map.of("learning_rate", 1, "label", "species"));

        parameters.getDouble("learning_rate", 0.01);
        parameters.getDouble("beta1", 0.9);
        parameters.getLong("limit", 100);
        parameters.getBoolean("nesterov", false);
        parameters.getString("label", null);

        assertEquals(List.of("learning_rate", "beta1", "limit", "nesterov", "label"),
                List.copyOf(parameters.resolved().keySet()));
        assertEquals(Map.of("learning_rate", 1.0, "beta1", 0.9, "limit", 100L, "nesterov", false, "label", "species"),
                parameters.resolved());
    }

    @Test
    void absentValuesWithoutADefaultAreNotResolved() {
        ComponentParameters parameters = ComponentParameters.empty();

        parameters.contains("units");
        parameters.getString("path", null);
        parameters.getObject("targets");

        assertEquals(Map.of(), parameters.resolved());
        assertEquals(List.of("units", "path", "targets"), List.copyOf(parameters.requested()));
    }

    @Test
    void aRefusedValueIsNotResolved() {
        ComponentParameters parameters = new ComponentParameters(Map.of("alpha", "big"));

        assertThrows(ParameterException.class, () -> parameters.getDouble("alpha", 0.01));

        assertEquals(Map.of(), parameters.resolved());
    }
}
