package dev.nn.activations;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;

/** {@code f(x) = x}, {@code f'(x) = 1}: the output layer of a regression. */
public final class Identity implements ElementwiseActivation, OnnxExportable {
    private static final ActivationProperties PROPERTIES =
            new ActivationProperties(Range.ALL, List.of(), false, false, "glorot_uniform");

    @Override
    public double value(double x) {
        return x;
    }

    @Override
    public double derivative(double x) {
        return 1.0;
    }

    @Override
    public void forward(Tensor input, Tensor output) {
        input.requireSameShape(output, "activation output");
        if (input.isFloat32()) {
            System.arraycopy(input.floatData(), 0, output.floatData(), 0, input.size());
            return;
        }
        System.arraycopy(input.data(), 0, output.data(), 0, input.size());
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
        input.requireSameShape(gradOutput, "activation gradient");
        input.requireSameShape(gradInput, "activation input gradient");
        if (input.isFloat32()) {
            System.arraycopy(gradOutput.floatData(), 0, gradInput.floatData(), 0, gradInput.size());
            return;
        }
        System.arraycopy(gradOutput.data(), 0, gradInput.data(), 0, gradInput.size());
    }

    /** ONNX: nothing. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        return input;
    }

    @Override
    public ActivationProperties properties() {
        return PROPERTIES;
    }

    /** Computes in float32 on float32 tensors, in float arithmetic. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
