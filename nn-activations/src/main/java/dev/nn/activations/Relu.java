package dev.nn.activations;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Range;
import dev.nn.tensor.Elementwise;
import dev.nn.tensor.FloatElementwise;
import dev.nn.tensor.Tensor;
import java.util.List;

/**
 * {@code f(x) = max(0, x)}; {@code f'(x) = 1} for {@code x > 0}, else {@code 0}, so {@code f'(0) = 0} as in
 * PyTorch. {@code NaN} stays {@code NaN}.
 */
public final class Relu implements ElementwiseActivation, OnnxExportable {
    private static final ActivationProperties PROPERTIES = new ActivationProperties(
            new Range(0, true, Double.POSITIVE_INFINITY, false), List.of(0.0), false, false, "he_uniform");

    @Override
    public double value(double x) {
        return Math.max(0.0, x);
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1.0 : 0.0;
    }

    @Override
    public void forward(Tensor input, Tensor output) {
        input.requireSameShape(output, "activation output");
        if (input.isFloat32()) {
            FloatElementwise.relu(input.floatData(), output.floatData());
            return;
        }
        double[] in = input.data();
        double[] out = output.data();
        Elementwise.relu(in, out);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
        input.requireSameShape(gradOutput, "activation gradient");
        input.requireSameShape(gradInput, "activation input gradient");
        if (input.isFloat32()) {
            FloatElementwise.reluGradient(input.floatData(), gradOutput.floatData(), gradInput.floatData());
            return;
        }
        double[] in = input.data();
        double[] gOut = gradOutput.data();
        double[] gIn = gradInput.data();
        Elementwise.reluGradient(in, gOut, gIn);
    }

    /** ONNX: {@code Relu}. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        return graph.node("Relu", input);
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
