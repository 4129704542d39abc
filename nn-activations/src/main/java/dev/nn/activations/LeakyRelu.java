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
 * {@code f(x) = x} for {@code x > 0}, else {@code alpha * x}; {@code f'(x) = 1} for {@code x > 0}, else
 * {@code alpha}, so {@code f'(0) = alpha}.
 */
public final class LeakyRelu implements ElementwiseActivation, OnnxExportable {
    /** The slope for negative inputs when a spec gives none. */
    public static final double DEFAULT_ALPHA = 0.01;

    private static final ActivationProperties PROPERTIES =
            new ActivationProperties(Range.ALL, List.of(0.0), false, false, "he_uniform");

    private final double alpha;

    /**
     * @param alpha the slope for negative inputs, finite and {@code >= 0}
     * @throws IllegalArgumentException when {@code alpha} is negative or not finite
     */
    public LeakyRelu(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, was " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public double value(double x) {
        return x > 0 ? x : alpha * x;
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1.0 : alpha;
    }

    @Override
    public void forward(Tensor input, Tensor output) {
        input.requireSameShape(output, "activation output");
        if (input.isFloat32()) {
            FloatElementwise.leakyRelu(input.floatData(), output.floatData(), (float) alpha);
            return;
        }
        double[] in = input.data();
        double[] out = output.data();
        Elementwise.leakyRelu(in, out, alpha);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
        input.requireSameShape(gradOutput, "activation gradient");
        input.requireSameShape(gradInput, "activation input gradient");
        if (input.isFloat32()) {
            FloatElementwise.leakyReluGradient(input.floatData(), gradOutput.floatData(), gradInput.floatData(),
                    (float) alpha);
            return;
        }
        double[] in = input.data();
        double[] gOut = gradOutput.data();
        double[] gIn = gradInput.data();
        Elementwise.leakyReluGradient(in, gOut, gIn, alpha);
    }

    /**
     * ONNX: {@code LeakyRelu} in float; in double, whose {@code alpha} attribute would be rounded to float,
     * {@code Where(x > 0, x, x * alpha)} with {@code alpha} a double constant.
     */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        if (graph.elementType() == OnnxGraphBuilder.ElementType.FLOAT) {
            return graph.node("LeakyRelu", List.of(input), java.util.Map.of("alpha", alpha));
        }
        String positive = graph.node("Greater", input, graph.constant("zero", new long[0], 0.0));
        String sloped = graph.node("Mul", input, graph.constant("alpha", new long[0], alpha));
        return graph.node("Where", positive, input, sloped);
    }

    @Override
    public ActivationProperties properties() {
        return PROPERTIES;
    }

    @Override
    public String toString() {
        return "leaky_relu(alpha=" + alpha + ")";
    }

    /** Computes in float32 on float32 tensors, in float arithmetic. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
