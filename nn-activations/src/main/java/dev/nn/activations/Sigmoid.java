package dev.nn.activations;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;

/**
 * {@code f(x) = 1 / (1 + e^-x)}, {@code f'(x) = f(x) (1 - f(x))}.
 *
 * <p>Computed as {@code 1 / (1 + e^-x)} for {@code x >= 0} and {@code e^x / (1 + e^x)} for {@code x < 0}, so the
 * exponential never exceeds 1: no overflow, and {@code f(-800)} is {@code 0}, not {@code NaN}. In doubles the result
 * rounds to exactly {@code 0} or {@code 1} for large {@code |x|}, so the declared output range is {@code [0, 1]}.
 */
public final class Sigmoid implements ElementwiseActivation, OnnxExportable {
    private static final ActivationProperties PROPERTIES =
            new ActivationProperties(Range.closed(0, 1), List.of(), false, false, "glorot_uniform", true);

    @Override
    public double value(double x) {
        return sigmoid(x);
    }

    @Override
    public double derivative(double x) {
        double s = sigmoid(x);
        return s * (1.0 - s);
    }

    @Override
    public void forward(Tensor input, Tensor output) {
        input.requireSameShape(output, "activation output");
        if (input.isFloat32()) {
            float[] in = input.floatData();
            float[] out = output.floatData();
            for (int i = 0; i < in.length; i++) {
                out[i] = sigmoid(in[i]);
            }
            return;
        }
        double[] in = input.data();
        double[] out = output.data();
        for (int i = 0; i < in.length; i++) {
            out[i] = sigmoid(in[i]);
        }
    }

    /** Uses {@code output = f(input)}, so no exponential is recomputed. */
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
                float s = out[i];
                gIn[i] = gOut[i] * (s * (1f - s));
            }
            return;
        }
        double[] out = output.data();
        double[] gOut = gradOutput.data();
        double[] gIn = gradInput.data();
        for (int i = 0; i < out.length; i++) {
            double s = out[i];
            gIn[i] = gOut[i] * (s * (1.0 - s));
        }
    }

    /**
     * ONNX: the same arithmetic as {@link #value}, with {@code e = exp(-|x|)}: {@code x >= 0 ? 1 / (1 + e) :
     * e / (1 + e)}. Not ONNX's {@code Sigmoid}: ONNX Runtime 1.20's float kernel is an approximation that is 2e-4
     * off relative at {@code x = -10} and gives 0 below about {@code -17}, and its double kernel computes
     * {@code 1 - 1 / (1 + e^x)} for negative {@code x}, 1e-3 off relative at {@code x = -30}.
     */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        String one = graph.constant("one", new long[0], 1.0);
        String e = graph.node("Exp", graph.node("Neg", graph.node("Abs", input)));
        String denominator = graph.node("Add", one, e);
        String nonNegative = graph.node("GreaterOrEqual", input, graph.constant("zero", new long[0], 0.0));
        return graph.node("Where", nonNegative, graph.node("Div", one, denominator), graph.node("Div", e, denominator));
    }

    @Override
    public ActivationProperties properties() {
        return PROPERTIES;
    }

    /** The float form: the same two branches, each exponential rounded to float. */
    private static float sigmoid(float x) {
        if (x >= 0) {
            return 1f / (1f + (float) Math.exp(-x));
        }
        float e = (float) Math.exp(x);
        return e / (1f + e);
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** Computes in float32 on float32 tensors, in float arithmetic. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
