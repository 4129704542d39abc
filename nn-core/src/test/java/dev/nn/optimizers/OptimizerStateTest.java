package dev.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in optimizers' state saved after some steps and loaded into a fresh one continues bit for bit. */
final class OptimizerStateTest {
    static Stream<String> optimizers() {
        return Stream.of("sgd", "nesterov", "adam", "adamw", "amsgrad", "rmsprop", "rmsprop_centered_momentum");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aFreshOptimizerGivenTheSavedStateStepsAsTheOriginalWould(String name) {
        Supplier<StatefulOptimizer> create = factory(name);
        List<Parameter> original = parameters();
        StatefulOptimizer running = create.get();
        for (int step = 0; step < 3; step++) {
            gradients(original, step);
            running.step(original);
        }
        Map<String, Tensor> saved = new LinkedHashMap<>();
        running.saveState().forEach((key, value) -> saved.put(key, value.copy()));
        List<Parameter> copy = parameters();
        for (int i = 0; i < copy.size(); i++) {
            copy.get(i).value().copyFromInPlace(original.get(i).value());
        }
        StatefulOptimizer resumed = create.get();
        resumed.loadState(saved, copy);

        for (int step = 3; step < 6; step++) {
            gradients(original, step);
            gradients(copy, step);
            running.step(original);
            resumed.step(copy);
        }

        for (int i = 0; i < copy.size(); i++) {
            assertArrayEquals(original.get(i).value().data(), copy.get(i).value().data());
        }
    }

    @Test
    void adamsStateIsItsStepCountAndTwoMomentsPerParameter() {
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0);
        List<Parameter> parameters = parameters();
        gradients(parameters, 0);
        adam.step(parameters);
        adam.step(parameters);

        Map<String, Tensor> state = adam.saveState();

        assertEquals(List.of("step", "first_moment.0", "first_moment.1", "second_moment.0", "second_moment.1"),
                List.copyOf(state.keySet()));
        assertEquals(2.0, state.get("step").data()[0]);
    }

    @Test
    void stateOfTheWrongShapeOrAnUnknownNameIsRefused() {
        Sgd sgd = new Sgd(0.1, 0.9);
        List<Parameter> parameters = parameters();
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> sgd.loadState(Map.of("velocity.1", Tensor.zeros(2, 2)), parameters));
        assertTrue(shape.getMessage().contains("velocity.1 is 2x2"), shape.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> sgd.loadState(Map.of("momentum.0", Tensor.zeros(2, 3)), parameters));
        assertTrue(unknown.getMessage().contains("momentum.0"), unknown.getMessage());
    }

    private static Supplier<StatefulOptimizer> factory(String name) {
        return switch (name) {
            case "sgd" -> () -> new Sgd(0.1, 0.9, false, 0.01);
            case "nesterov" -> () -> new Sgd(0.1, 0.8, true, 0.0);
            case "adamw" -> () -> new AdamW(0.01, 0.9, 0.999, 1e-8, 0.01, false);
            case "amsgrad" -> () -> new AdamW(0.01, 0.8, 0.99, 1e-8, 0.1, true);
            case "rmsprop" -> () -> new RmsProp(0.01, 0.99, 1e-8, 0.0, 0.0, false);
            case "rmsprop_centered_momentum" -> () -> new RmsProp(0.01, 0.9, 1e-8, 0.01, 0.5, true);
            default -> () -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.001);
        };
    }

    private static List<Parameter> parameters() {
        return List.of(new Parameter("weights", "W1", Tensor.of(new double[][] {{0.1, -0.2, 0.3}, {0.4, 0.5, -0.6}})),
                new Parameter("bias", "b1", Tensor.row(0.01, -0.02, 0.03)));
    }

    private static void gradients(List<Parameter> parameters, int step) {
        for (Parameter parameter : parameters) {
            double[] g = parameter.gradient().data();
            for (int j = 0; j < g.length; j++) {
                g[j] = Math.sin(step * 7 + j) * 0.5;
            }
        }
    }
}
