package dev.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code adamw} and {@code rmsprop} update parameters as {@code torch.optim.AdamW} and {@code torch.optim.RMSprop}
 * do ({@code optimizers_torch.json}, written by {@code nn-it/src/test/resources/golden/generate_optimization_torch.py}):
 * torch's gradients of a small least-squares problem are replayed step by step, and the parameters after every step
 * must agree to a few ulps. A coupled weight decay, a missing bias correction or an uncentred variance would be off by
 * orders of magnitude more.
 */
final class TorchOptimizersTest {
    private static final double TOLERANCE = 1e-12;

    static Stream<JsonNode> cases() {
        return cases("optimizers_torch.json");
    }

    /** The {@code cases} of a fixture beside this class. */
    static Stream<JsonNode> cases(String fixture) {
        try (InputStream in = TorchOptimizersTest.class.getResourceAsStream(fixture)) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesAsTorchDoes(JsonNode golden) {
        List<Parameter> parameters = parameters(golden.get("initial"));
        Optimizer optimizer = create(golden.get("optimizer"));
        int step = 0;
        for (JsonNode expected : golden.get("steps")) {
            step++;
            setGradients(parameters, expected.get("gradients"));
            optimizer.step(parameters);
            assertClose(expected.get("after"), parameters, golden.get("case").asText() + " step " + step);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aScheduledRateEqualToItsOwnUpdatesBitForBit(JsonNode golden) {
        List<Parameter> own = parameters(golden.get("initial"));
        List<Parameter> given = parameters(golden.get("initial"));
        Optimizer first = create(golden.get("optimizer"));
        Optimizer second = create(golden.get("optimizer"));
        for (JsonNode step : golden.get("steps")) {
            setGradients(own, step.get("gradients"));
            setGradients(given, step.get("gradients"));
            first.step(own);
            second.step(given, second.learningRate().getAsDouble());
        }
        for (int i = 0; i < own.size(); i++) {
            assertTrue(java.util.Arrays.equals(own.get(i).value().data(), given.get(i).value().data()),
                    own.get(i).name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateLoadedIntoAFreshOptimizerContinuesBitForBit(JsonNode golden) {
        List<List<Parameter>> runs = straightAndResumed(golden, () -> parameters(golden.get("initial")));
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertTrue(java.util.Arrays.equals(runs.get(0).get(i).value().data(), runs.get(1).get(i).value().data()),
                    runs.get(0).get(i).name());
        }
    }

    /**
     * The golden steps replayed on two fresh copies of the parameters: by one optimizer throughout, and by one whose
     * state after five steps is saved and loaded into a third, fresh optimizer that takes the rest (a resumed run).
     */
    static List<List<Parameter>> straightAndResumed(JsonNode golden,
            java.util.function.Supplier<List<Parameter>> fresh) {
        List<Parameter> straight = fresh.get();
        List<Parameter> resumed = fresh.get();
        StatefulOptimizer uninterrupted = (StatefulOptimizer) create(golden.get("optimizer"));
        StatefulOptimizer before = (StatefulOptimizer) create(golden.get("optimizer"));
        StatefulOptimizer after = (StatefulOptimizer) create(golden.get("optimizer"));
        int step = 0;
        for (JsonNode expected : golden.get("steps")) {
            step++;
            setGradients(straight, expected.get("gradients"));
            setGradients(resumed, expected.get("gradients"));
            uninterrupted.step(straight);
            if (step <= 5) {
                before.step(resumed);
            } else {
                if (step == 6) {
                    Map<String, Tensor> saved = new LinkedHashMap<>();
                    before.saveState().forEach((name, tensor) -> saved.put(name, tensor.copy()));
                    after.loadState(saved, resumed);
                }
                after.step(resumed);
            }
        }
        return List.of(straight, resumed);
    }

    static Optimizer create(JsonNode written) {
        Map<String, Object> values = new LinkedHashMap<>();
        written.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (!field.getKey().equals("name")) {
                values.put(field.getKey(), value.isBoolean() ? (Object) value.booleanValue() : value.doubleValue());
            }
        });
        ComponentParameters read = new ComponentParameters(values);
        Optimizer optimizer = ServiceLoader.load(OptimizerProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(written.get("name").asText())).findFirst().orElseThrow().create(read);
        assertEquals(List.of(), List.copyOf(read.unread()));
        return optimizer;
    }

    /** {@code W} and {@code b} as written, in the type of {@code read}. */
    static List<Parameter> parameters(JsonNode initial, java.util.function.Function<JsonNode, Tensor> read) {
        return List.of(new Parameter("weights", "W", read.apply(initial.get("W"))),
                new Parameter("bias", "b", read.apply(initial.get("b"))));
    }

    private static List<Parameter> parameters(JsonNode initial) {
        return List.of(new Parameter("weights", "W", matrix(initial.get("W"))),
                new Parameter("bias", "b", matrix(initial.get("b"))));
    }

    static void setGradients(List<Parameter> parameters, JsonNode gradients) {
        parameters.get(0).gradient().copyFromInPlace(matrix(gradients.get("W")));
        parameters.get(1).gradient().copyFromInPlace(matrix(gradients.get("b")));
    }

    private static void assertClose(JsonNode expected, List<Parameter> parameters, String what) {
        double[][] want = {matrix(expected.get("W")).data(), matrix(expected.get("b")).data()};
        for (int p = 0; p < 2; p++) {
            double[] actual = parameters.get(p).value().data();
            for (int i = 0; i < actual.length; i++) {
                assertEquals(want[p][i], actual[i], TOLERANCE * Math.max(1.0, Math.abs(want[p][i])),
                        what + " " + parameters.get(p).name() + "[" + i + "]");
            }
        }
    }

    static Tensor matrix(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int r = 0; r < values.length; r++) {
            values[r] = new double[rows.get(r).size()];
            for (int c = 0; c < values[r].length; c++) {
                values[r][c] = rows.get(r).get(c).doubleValue();
            }
        }
        return Tensor.of(values);
    }
}
