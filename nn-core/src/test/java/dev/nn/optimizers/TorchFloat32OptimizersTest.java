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
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code adam} and {@code sgd} with momentum update float32 parameters in float32, with float32 state, as
 * {@code torch.optim.Adam} and {@code torch.optim.SGD} do on float32 tensors ({@code optimizers_float32_torch.json},
 * written by {@code nn-it/src/test/resources/golden/generate_optimization_torch.py}): torch's gradients are replayed
 * step by step, and the parameters after every step must be torch's bit for bit. The platform computes torch's
 * float32 operations in torch's order, each {@code add(x, alpha=a)} fused as the vectorised kernels of an AVX2 or
 * later torch build fuse it (the fixture's generator ran on such a build; a build without FMA rounds those
 * products separately and would differ by an ulp). Updating through float64 views, or keeping float64 moments,
 * differs in the last bits after the first step.
 */
final class TorchFloat32OptimizersTest {
    /** None: the same float32 operations in the same order. */
    private static final double TOLERANCE = 0;

    static Stream<JsonNode> cases() {
        try (InputStream in = TorchFloat32OptimizersTest.class.getResourceAsStream("optimizers_float32_torch.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesFloat32ParametersAsTorchDoes(JsonNode golden) {
        List<Parameter> parameters = parameters(golden.get("initial"));
        StatefulOptimizer optimizer = (StatefulOptimizer) create(golden.get("optimizer"));
        assertTrue(optimizer.supportsFloat32());
        int step = 0;
        for (JsonNode expected : golden.get("steps")) {
            step++;
            setGradients(parameters, expected.get("gradients"));
            optimizer.step(parameters);
            String what = golden.get("case").asText() + " step " + step;
            float[][] want = {matrix(expected.get("after").get("W")).floatData(),
                matrix(expected.get("after").get("b")).floatData()};
            for (int p = 0; p < 2; p++) {
                float[] actual = parameters.get(p).value().floatData();
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(want[p][i], actual[i], TOLERANCE * Math.max(1.0, Math.abs(want[p][i])),
                            what + " " + parameters.get(p).name() + "[" + i + "]");
                }
            }
        }
        optimizer.saveState().forEach((name, tensor) -> assertEquals(
                name.equals("step") ? DataType.FLOAT64 : DataType.FLOAT32, tensor.dataType(), name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32StateLoadedIntoAFreshOptimizerContinuesBitForBit(JsonNode golden) {
        List<Parameter> straight = parameters(golden.get("initial"));
        List<Parameter> resumed = parameters(golden.get("initial"));
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
        for (int i = 0; i < straight.size(); i++) {
            assertTrue(Arrays.equals(straight.get(i).value().floatData(), resumed.get(i).value().floatData()),
                    straight.get(i).name());
        }
    }

    private static Optimizer create(JsonNode written) {
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

    private static List<Parameter> parameters(JsonNode initial) {
        return List.of(new Parameter("weights", "W", matrix(initial.get("W"))),
                new Parameter("bias", "b", matrix(initial.get("b"))));
    }

    private static void setGradients(List<Parameter> parameters, JsonNode gradients) {
        parameters.get(0).gradient().copyFromInPlace(matrix(gradients.get("W")));
        parameters.get(1).gradient().copyFromInPlace(matrix(gradients.get("b")));
    }

    /** A float32 tensor of the written values, each a float32 value written exactly as a double. */
    private static Tensor matrix(JsonNode rows) {
        return TorchOptimizersTest.matrix(rows).copyAs(DataType.FLOAT32);
    }
}
