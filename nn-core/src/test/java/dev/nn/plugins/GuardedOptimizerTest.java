package dev.nn.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.registry.PluginException;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ScheduleProgress;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plugin optimizer that saves its state keeps {@link StatefulOptimizer} through the guard, every method of it
 * guarded; one that does not stays a plain {@link Optimizer}, which checkpoints refuse.
 */
final class GuardedOptimizerTest {
    private static final Guard GUARD = new Guard("plugin x.jar (com.example.X)", GuardedOptimizerTest.class
            .getClassLoader());

    @Test
    void theGuardedStatefulOptimizerOverridesEveryMethodOfTheInterface() throws NoSuchMethodException {
        for (Method method : StatefulOptimizer.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method own = GuardedComponents.GuardedStatefulOptimizer.class.getDeclaredMethod(method.getName(),
                    method.getParameterTypes());
            assertEquals(GuardedComponents.GuardedStatefulOptimizer.class, own.getDeclaringClass(),
                    method.toString());
        }
    }

    @Test
    void theGuardedPlainOptimizerAndScheduleOverrideEveryMethodOfTheirInterfaces() throws NoSuchMethodException {
        for (Class<?>[] pair : List.of(new Class<?>[] {Optimizer.class, GuardedComponents.GuardedOptimizer.class},
                new Class<?>[] {LearningRateSchedule.class, GuardedComponents.GuardedSchedule.class})) {
            for (Method method : pair[0].getMethods()) {
                if (Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Method own = pair[1].getDeclaredMethod(method.getName(), method.getParameterTypes());
                assertEquals(pair[1], own.getDeclaringClass(), method.toString());
            }
        }
    }

    @Test
    void aPluginOptimizersRateAndScheduledStepPassThroughTheGuard() {
        double[] given = {0};
        Optimizer plugin = new Optimizer() {
            @Override
            public void step(List<Parameter> parameters) {
            }

            @Override
            public java.util.OptionalDouble learningRate() {
                return java.util.OptionalDouble.of(0.25);
            }

            @Override
            public void step(List<Parameter> parameters, double learningRate) {
                given[0] = learningRate;
            }
        };

        Optimizer guarded = create(plugin);
        guarded.step(List.of(), 0.125);

        assertEquals(0.25, guarded.learningRate().getAsDouble());
        assertEquals(0.125, given[0]);
    }

    @Test
    void aFailingPluginScheduleNamesThePlugin() {
        LearningRateScheduleProvider provider = new LearningRateScheduleProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public LearningRateSchedule create(ComponentParameters parameters) {
                return progress -> {
                    throw new IllegalStateException("no rate");
                };
            }
        };
        LearningRateSchedule schedule = ((LearningRateScheduleProvider) GuardedComponents.wrap(provider, GUARD))
                .create(ComponentParameters.empty());

        PluginException e = assertThrows(PluginException.class,
                () -> schedule.learningRate(new ScheduleProgress(0.1, 1, 1, 1, 1)));
        assertTrue(e.getMessage().startsWith("plugin x.jar (com.example.X): schedule 'broken' learningRate() failed"),
                e.getMessage());
    }

    @Test
    void aStatefulPluginOptimizerStaysStatefulAndItsFailuresNameThePlugin() {
        StatefulOptimizer failing = new StatefulOptimizer() {
            @Override
            public void step(List<Parameter> parameters) {
            }

            @Override
            public Map<String, Tensor> saveState() {
                return Map.of();
            }

            @Override
            public void loadState(Map<String, Tensor> state, List<Parameter> parameters) {
                throw new IllegalArgumentException("unknown optimizer state: x");
            }
        };

        Optimizer guarded = create(failing);

        StatefulOptimizer stateful = assertInstanceOf(StatefulOptimizer.class, guarded);
        assertEquals(Map.of(), stateful.saveState());
        PluginException e = assertThrows(PluginException.class, () -> stateful.loadState(Map.of(), List.of()));
        assertTrue(e.getMessage().startsWith("plugin x.jar (com.example.X): optimizer 'plain' loadState() failed"),
                e.getMessage());
    }

    @Test
    void aPluginOptimizerWithoutStateStaysPlain() {
        Optimizer guarded = create(parameters -> { });

        assertFalse(guarded instanceof StatefulOptimizer);
    }

    private static Optimizer create(Optimizer optimizer) {
        OptimizerProvider provider = new OptimizerProvider() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public Optimizer create(ComponentParameters parameters) {
                return optimizer;
            }
        };
        return ((OptimizerProvider) GuardedComponents.wrap(provider, GUARD)).create(ComponentParameters.empty());
    }
}
