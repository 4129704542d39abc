package dev.nn.examples;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.Range;
import java.util.List;

/**
 * Softplus, a smooth relu: {@code f(x) = log(1 + e^x)}, {@code f'(x) = sigmoid(x)}.
 *
 * <p>Computed as {@code log1p(e^-|x|) + max(x, 0)}, which never overflows ({@code f(1000) = 1000}) and keeps full
 * precision for large negative {@code x}. Mathematically {@code f(x) > 0}, but {@code f(-800)} rounds to {@code 0},
 * so the declared output range is {@code [0, inf)}.
 */
public final class Softplus implements ElementwiseActivation, OnnxExportable {
    private static final ActivationProperties PROPERTIES = new ActivationProperties(
            new Range(0, true, Double.POSITIVE_INFINITY, false), List.of(), false, false, "he_uniform");

    @Override
    public double value(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0.0);
    }

    @Override
    public double derivative(double x) {
        return Logistic.sigmoid(x);
    }

    /**
     * ONNX, the same formula as {@link #value}: {@code log1p(exp(-|x|)) + max(x, 0)}. ONNX has no {@code Log1p} (and
     * its {@code Softplus}, {@code log(exp(x) + 1)}, overflows and loses small values), so {@code log1p(u)} is
     * computed as {@code w = 1 + u}: {@code u} when {@code w == 1}, else {@code log(w) * u / (w - 1)}, which is
     * accurate to a few units in the last place (Goldberg, "What every computer scientist should know about
     * floating-point arithmetic", 1991, theorem 4).
     */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        String one = graph.constant("one", new long[0], 1.0);
        String zero = graph.constant("zero", new long[0], 0.0);
        String u = graph.node("Exp", graph.node("Neg", graph.node("Abs", input)));
        String w = graph.node("Add", one, u);
        String wMinusOne = graph.node("Sub", w, one);
        String corrected = graph.node("Mul", graph.node("Log", w), graph.node("Div", u, wMinusOne));
        String log1p = graph.node("Where", graph.node("Equal", wMinusOne, zero), u, corrected);
        return graph.node("Add", log1p, graph.node("Max", input, zero));
    }

    @Override
    public ActivationProperties properties() {
        return PROPERTIES;
    }

    @Override
    public String toString() {
        return "softplus";
    }
}
