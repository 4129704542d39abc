package dev.nn.layers;

import dev.nn.spi.Activation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * {@code activation}: an activation as a layer of its own, {@code {type: activation, name: relu}}; the layer's other
 * options are the activation's parameters ({@code {type: activation, name: leaky_relu, alpha: 0.1}}). Same size out
 * as in, no parameters, the same in both modes. It declares its activation as its output activation, so
 * {@code dense} (no activation) followed by {@code {type: activation, name: softmax}} trains exactly like
 * {@code dense} with {@code activation: softmax}.
 */
public final class ActivationLayer implements Layer, OnnxExportable {
    private final int size;
    private final Activation activation;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    public ActivationLayer(int size, Activation activation) {
        this.size = size;
        this.activation = java.util.Objects.requireNonNull(activation, "activation is null");
    }

    /** Provides {@code activation}. */
    public static final class Provider implements LayerProvider {
        @Override
        public String name() {
            return "activation";
        }

        @Override
        public String description() {
            return "an activation as a layer: a = f(x)";
        }

        @Override
        public Layer create(LayerContext context) {
            return new ActivationLayer(context.inputSize(), context.activationNamedBy("name"));
        }
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    /** ONNX: the activation's form. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        return graph.activation(activation, input);
    }

    @Override
    public Optional<Activation> outputActivation() {
        return Optional.of(activation);
    }

    @Override
    public Tensor forward(Tensor x, ForwardContext context) {
        if (x.columns() != size) {
            throw new IllegalArgumentException("activation layer of size " + size + " given a batch of shape "
                    + x.shape());
        }
        if (output == null || !output.hasShape(x.rows(), size) || output.dataType() != x.dataType()) {
            output = Tensor.zeros(x.rows(), size, x.dataType());
            gradInput = Tensor.zeros(x.rows(), size, x.dataType());
        }
        input = x;
        activation.forward(x, output);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        activation.backward(input, output, gradOutput, gradInput);
        return gradInput;
    }

    /** dL/dz is dL/d(input) here: passed on as it is. */
    @Override
    public Tensor backwardFromPreActivation(Tensor gradPreActivation, boolean inputGradientNeeded) {
        return gradPreActivation;
    }

    /** Computes in float32 on float32 tensors; in a float32 network its activation is one that does too. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
