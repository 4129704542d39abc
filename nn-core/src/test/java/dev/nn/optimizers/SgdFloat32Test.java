package dev.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            float d = Math.fma(start[i], 0.01f, gradient[i]); // torch.optim.SGD's float32 kernels fuse add(x, alpha)
            expected[i] = Math.fma(d, -0.05f, start[i]);
        }
        assertArrayEquals(expected, parameter.value().floatData());
        assertTrue(parameter.value().dataType() == DataType.FLOAT32);
    }

    @Test
    void withNesterovMomentumTheVelocityIsAFloat32TensorUpdatedInFloatArithmetic() {
        float[] start = {0.1f, -0.7f, 3.3f};
        Parameter parameter = new Parameter("weights", "layers.0.weights", Tensor.wrap(1, 3, start.clone()));
        float[][] gradients = {{0.3f, 1.9f, -0.01f}, {-0.2f, 0.4f, 0.05f}};
        Sgd sgd = new Sgd(0.05, 0.9, true, 0.01);
        assertTrue(sgd.supportsFloat32());

        float[] p = start.clone();
        float[] v = new float[3];
        for (float[] gradient : gradients) {
            System.arraycopy(gradient, 0, parameter.gradient().floatData(), 0, 3);
            sgd.step(List.of(parameter), 0.05);
            for (int i = 0; i < 3; i++) { // torch.optim.SGD(momentum=0.9, nesterov=True) on float32 tensors
                float d = Math.fma(p[i], 0.01f, gradient[i]);
                v[i] = v[i] * 0.9f + d;
                p[i] = Math.fma(Math.fma(v[i], 0.9f, d), -0.05f, p[i]);
            }
        }
        assertArrayEquals(p, parameter.value().floatData());
        Tensor velocity = sgd.saveState().get("velocity.0");
        assertEquals(DataType.FLOAT32, velocity.dataType());
        assertArrayEquals(v, velocity.floatData());
    }

    @Test
    void aFloat64VelocityFromAnOlderCheckpointIsRoundedOnceAndUsed() {
        Parameter parameter = new Parameter("weights", "layers.0.weights", Tensor.wrap(1, 2, new float[] {1f, 2f}));
        Sgd sgd = new Sgd(0.1, 0.5, false, 0.0);
        sgd.loadState(java.util.Map.of("velocity.0", Tensor.wrap(1, 2, new double[] {0.1, -0.3})), List.of(parameter));
        parameter.gradient().floatData()[0] = 1f;
        parameter.gradient().floatData()[1] = 1f;
        sgd.step(List.of(parameter), 0.1);

        float v0 = 0.5f * (float) 0.1 + 1f;
        float v1 = 0.5f * (float) -0.3 + 1f;
        assertArrayEquals(new float[] {Math.fma(v0, -0.1f, 1f), Math.fma(v1, -0.1f, 2f)}, parameter.value().floatData());
    }
}
