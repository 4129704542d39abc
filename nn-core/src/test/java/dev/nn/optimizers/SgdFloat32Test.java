package dev.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.Parameter;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdFloat32Test {
    @Test
    void withoutMomentumAFloat32ParameterIsUpdatedInFloatArithmetic() {
        Tensor value = Tensor.wrap(1, 3, new float[] {0.1f, -0.7f, 3.3f});
        Parameter parameter = new Parameter("weights", "layers.0.weights", value);
        float[] gradient = {0.3f, 1.9f, -0.01f};
        System.arraycopy(gradient, 0, parameter.gradient().floatData(), 0, 3);
        Sgd sgd = new Sgd(0.05, 0.0, false, 0.01);

        assertTrue(sgd.supportsFloat32());
        sgd.step(List.of(parameter), 0.05);

        float[] expected = new float[3];
        float[] start = {0.1f, -0.7f, 3.3f};
        for (int i = 0; i < 3; i++) {
            float d = gradient[i] + 0.01f * start[i];
            expected[i] = start[i] - 0.05f * d; // float arithmetic, as torch.optim.SGD on float32 tensors
        }
        assertArrayEquals(expected, parameter.value().floatData());
        assertTrue(parameter.value().dataType() == DataType.FLOAT32);
    }

    @Test
    void withMomentumItAsksForFloat64Views() {
        assertFalse(new Sgd(0.05, 0.9).supportsFloat32());
    }
}
