package dev.nn.examples;

import dev.nn.spi.OnnxGraphBuilder;

/** The logistic sigmoid, computed without overflow. */
final class Logistic {
    private Logistic() {
    }

    /**
     * {@code 1 / (1 + e^-t)}, as {@code e^t / (1 + e^t)} for negative {@code t} so the exponential never exceeds 1:
     * {@code sigmoid(-1000)} is {@code 0}, not {@code NaN}, and infinite {@code t} gives exactly {@code 0} or {@code 1}.
     */
    static double sigmoid(double t) {
        if (t >= 0) {
            return 1.0 / (1.0 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1.0 + e);
    }

    /**
     * {@link #sigmoid} of the value {@code t} in an ONNX graph, the same arithmetic, with {@code e = exp(-|t|)}:
     * {@code t >= 0 ? 1 / (1 + e) : e / (1 + e)}. (ONNX's {@code Sigmoid} would be shorter, but ONNX Runtime's
     * kernels lose the relative precision of small outputs: its float one gives 0 below about {@code -17}.)
     */
    static String sigmoidOnnx(String t, OnnxGraphBuilder graph) {
        String one = graph.constant("one", new long[0], 1.0);
        String e = graph.node("Exp", graph.node("Neg", graph.node("Abs", t)));
        String denominator = graph.node("Add", one, e);
        String nonNegative = graph.node("GreaterOrEqual", t, graph.constant("zero", new long[0], 0.0));
        return graph.node("Where", nonNegative, graph.node("Div", one, denominator), graph.node("Div", e, denominator));
    }
}
