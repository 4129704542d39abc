package dev.nn.spi;

/**
 * Optional: a {@link Layer} or an {@link Activation} that can be written into an ONNX graph by {@code nn export}.
 *
 * <p>A component implements this interface beside its own to give its <em>inference</em> form as ONNX operators: a
 * layer as in {@link ForwardContext#inference()} (dropout is the identity, batch normalisation uses its running
 * statistics), including the activation it applies itself, an activation as {@link Activation#forward}. The export
 * refuses a model with a layer or activation that does not implement it, naming the component, its layer and its
 * plugin. Losses are never exported.
 *
 * <pre>{@code
 * public String toOnnx(String input, OnnxGraphBuilder graph) {            // y = x * scale, per feature
 *     return graph.node("Mul", input, graph.constant("scale", scale.value()));
 * }
 * }</pre>
 *
 * <p>Added in plugin SPI 2 without changing its version: a plugin that does not implement it keeps loading, and
 * only {@code nn export} of a model that uses it is refused.
 */
public interface OnnxExportable {
    /**
     * Adds the nodes that compute this component's inference output from {@code input}.
     *
     * @param input the name of the value this component receives: {@code batch x inputSize} for a layer, the
     *     pre-activations for an activation, in {@link OnnxGraphBuilder#elementType()}
     * @param graph where nodes and constants are added; valid only during this call
     * @return the name of the value holding the output ({@code batch x outputSize}), in the same element type;
     *     {@code input} itself for a component that changes nothing
     */
    String toOnnx(String input, OnnxGraphBuilder graph);
}
