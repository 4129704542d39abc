package dev.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clipping gives the gradients {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_} give
 * ({@code clipping_torch.json}, written by {@code nn-it/src/test/resources/golden/generate_optimization_torch.py}):
 * the global norm over all three tensors, not one norm per tensor, and the 1e-6 torch adds to it.
 */
final class GradientClippingTest {
    static Stream<JsonNode> cases() throws IOException {
        try (InputStream in = GradientClippingTest.class.getResourceAsStream("clipping_torch.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void clipsAsTorchDoes(JsonNode golden) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode gradient : golden.get("before")) {
            Tensor values = matrix(gradient);
            Parameter parameter = new Parameter("p", "p" + parameters.size(), Tensor.zeros(values.rows(),
                    values.columns()));
            parameter.gradient().copyFromInPlace(values);
            parameters.add(parameter);
        }
        double limit = golden.get("limit").doubleValue();
        GradientClipping clipping = golden.get("kind").asText().equals("norm") ? GradientClipping.byNorm(limit)
                : GradientClipping.byValue(limit);

        clipping.clip(parameters);

        for (int p = 0; p < parameters.size(); p++) {
            double[] want = matrix(golden.get("after").get(p)).data();
            double[] actual = parameters.get(p).gradient().data();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], actual[i], 1e-14 * Math.max(1.0, Math.abs(want[i])),
                        golden.get("case").asText() + " tensor " + p + "[" + i + "]");
            }
        }
    }

    @Test
    void clippingByNormAndByValueAtOnceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GradientClipping(1.0, 0.5));
    }

    @Test
    void noClippingLeavesTheGradientsAlone() {
        Parameter parameter = new Parameter("p", "p", Tensor.zeros(1, 2));
        parameter.gradient().copyFromInPlace(Tensor.row(new double[] {1e9, -1e9}));

        GradientClipping.NONE.clip(List.of(parameter));

        assertEquals(1e9, parameter.gradient().data()[0]);
        assertEquals(-1e9, parameter.gradient().data()[1]);
    }

    private static Tensor matrix(JsonNode rows) {
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
