package dev.nn.network;

import dev.nn.spi.Activation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer written for float64 in a float32 network ({@link Layer#supportsFloat32()}): it computes in float64 at its
 * boundary, given float64 copies of its float32 inputs and gradients, its outputs and input gradients rounded back
 * to float32. Its parameters and state stay float64 (and are saved so). Float64 tensors go straight through.
 */
public class WidenedLayer implements Layer {
    private final Layer widened;
    private final KeptBuffers copies = new KeptBuffers(4);

    /** Runs {@code widened} in float64. */
    public WidenedLayer(Layer widened) {
        this.widened = Objects.requireNonNull(widened, "widened is null");
    }

    /** {@code layer} widened, keeping its ONNX form when it has one. */
    public static Layer of(Layer layer) {
        return layer instanceof dev.nn.spi.OnnxExportable ? new Exportable(layer) : new WidenedLayer(layer);
    }

    /** The float64 layer this one runs. */
    public Layer widened() {
        return widened;
    }

    @Override
    public int inputSize() {
        return widened.inputSize();
    }

    @Override
    public int outputSize() {
        return widened.outputSize();
    }

    @Override
    public List<Parameter> parameters() {
        return widened.parameters();
    }

    @Override
    public List<StateTensor> state() {
        return widened.state();
    }

    @Override
    public Tensor forward(Tensor input, ForwardContext context) {
        if (!input.isFloat32()) {
            return widened.forward(input, context);
        }
        return rounded(0, widened.forward(copies.of(0, input, DataType.FLOAT64), context));
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        if (!gradOutput.isFloat32()) {
            return widened.backward(gradOutput, inputGradientNeeded);
        }
        return rounded(1, widened.backward(copies.of(1, gradOutput, DataType.FLOAT64), inputGradientNeeded));
    }

    @Override
    public Optional<Activation> outputActivation() {
        return widened.outputActivation();
    }

    @Override
    public Tensor backwardFromPreActivation(Tensor gradPreActivation, boolean inputGradientNeeded) {
        if (!gradPreActivation.isFloat32()) {
            return widened.backwardFromPreActivation(gradPreActivation, inputGradientNeeded);
        }
        return rounded(1, widened.backwardFromPreActivation(copies.of(1, gradPreActivation, DataType.FLOAT64),
                inputGradientNeeded));
    }

    /** It takes float32 tensors: it converts them. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }

    /** A float32 copy of what the widened layer returned, in the slot's kept buffer. */
    private Tensor rounded(int slot, Tensor wide) {
        return copies.of(slot + 2, wide, DataType.FLOAT32);
    }

    /** A widened layer with an ONNX form: the widened layer's, which is float64 or float32 as the export asks. */
    static final class Exportable extends WidenedLayer implements dev.nn.spi.OnnxExportable {
        Exportable(Layer widened) {
            super(widened);
        }

        @Override
        public String toOnnx(String input, dev.nn.spi.OnnxGraphBuilder graph) {
            return ((dev.nn.spi.OnnxExportable) widened()).toOnnx(input, graph);
        }
    }
}
