package dev.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nn.spi.Optimizer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
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
        return TorchOptimizersTest.cases("optimizers_float32_torch.json");
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
        List<List<Parameter>> runs = TorchOptimizersTest.straightAndResumed(golden,
                () -> parameters(golden.get("initial")));
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertTrue(Arrays.equals(runs.get(0).get(i).value().floatData(), runs.get(1).get(i).value().floatData()),
                    runs.get(0).get(i).name());
        }
    }

    private static Optimizer create(JsonNode written) {
        return TorchOptimizersTest.create(written);
    }

    private static List<Parameter> parameters(JsonNode initial) {
        return TorchOptimizersTest.parameters(initial, TorchFloat32OptimizersTest::matrix);
    }

    private static void setGradients(List<Parameter> parameters, JsonNode gradients) {
        TorchOptimizersTest.setGradients(parameters, gradients);
    }

    /** A float32 tensor of the written values, each a float32 value written exactly as a double. */
    private static Tensor matrix(JsonNode rows) {
        return TorchOptimizersTest.matrix(rows).copyAs(DataType.FLOAT32);
    }
}
