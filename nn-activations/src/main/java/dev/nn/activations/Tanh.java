package dev.nn.activations;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;

/** {@code f(x) = tanh(x)}, {@code f'(x) = 1 - tanh(x)^2}. */
public final class Tanh implements ElementwiseActivation, OnnxExportable {
    private static final ActivationProperties PROPERTIES =
            new ActivationProperties(Range.closed(-1, 1), List.of(), false, false, "glorot_uniform");

    @Override
    public double value(double x) {
        return Math.tanh(x);
    }

    @Override
    public double derivative(double x) {
        double t = Math.tanh(x);
        return 1.0 - t * t;
    }

    @Override
    public void forward(Tensor input, Tensor output) {
        input.requireSameShape(output, "activation output");
        if (input.isFloat32()) {
            float[] in = input.floatData();
            float[] out = output.floatData();
            for (int i = 0; i < in.length; i++) {
                out[i] = (float) Math.tanh(in[i]);
            }
            return;
        }
        double[] in = input.data();
        double[] out = output.data();
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.tanh(in[i]);
        }
    }

    /** Uses {@code output = tanh(input)}, so no hyperbolic tangent is recomputed. */
    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
        input.requireSameShape(output, "activation output");
        input.requireSameShape(gradOutput, "activation gradient");
        input.requireSameShape(gradInput, "activation input gradient");
        if (input.isFloat32()) {
            float[] out = output.floatData();
            float[] gOut = gradOutput.floatData();
            float[] gIn = gradInput.floatData();
            for (int i = 0; i < out.length; i++) {
                float t = out[i];
                gIn[i] = gOut[i] * (1f - t * t);
            }
            return;
        }
        double[] out = output.data();
        double[] gOut = gradOutput.data();
        double[] gIn = gradInput.data();
        for (int i = 0; i < out.length; i++) {
            double t = out[i];
            gIn[i] = gOut[i] * (1.0 - t * t);
        }
    }

    /** ONNX: {@code Tanh}. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        return graph.node("Tanh", input);
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
