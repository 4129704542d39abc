package dev.nn.network;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.Objects;

/**
 * An activation written for float64 in a float32 network: it is given float64 copies of its float32 arguments and
 * its results are rounded back to float32 ({@link Activation#supportsFloat32()}). Float64 arguments go straight
 * through. One instance per layer: it keeps its conversion buffers.
 */
public class WidenedActivation implements Activation {
    private final Activation widened;
    private final KeptBuffers copies = new KeptBuffers(5);

    /** Runs {@code widened} in float64. */
    public WidenedActivation(Activation widened) {
        this.widened = Objects.requireNonNull(widened, "widened is null");
    }

    /** {@code activation} widened, keeping its ONNX form when it has one. */
    public static Activation of(Activation activation) {
        return activation instanceof dev.nn.spi.OnnxExportable ? new Exportable(activation)
                : new WidenedActivation(activation);
    }

    /** A widened activation with an ONNX form: the widened activation's. */
    static final class Exportable extends WidenedActivation implements dev.nn.spi.OnnxExportable {
        Exportable(Activation widened) {
            super(widened);
        }

        @Override
        public String toOnnx(String input, dev.nn.spi.OnnxGraphBuilder graph) {
            return ((dev.nn.spi.OnnxExportable) widened()).toOnnx(input, graph);
        }
    }

    /** The float64 activation this one runs. */
    public Activation widened() {
        return widened;
    }

    @Override
    public void forward(Tensor input, Tensor output) {
        if (!input.isFloat32()) {
            widened.forward(input, output);
            return;
        }
        Tensor out = copies.buffer(1, output.rows(), output.columns(), DataType.FLOAT64);
        widened.forward(copies.of(0, input, DataType.FLOAT64), out);
        output.copyFromInPlace(out);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
        if (!input.isFloat32()) {
            widened.backward(input, output, gradOutput, gradInput);
            return;
        }
        Tensor in = copies.of(0, input, DataType.FLOAT64);
        Tensor out = copies.of(1, output, DataType.FLOAT64);
        Tensor gradOut = copies.of(2, gradOutput, DataType.FLOAT64);
        Tensor gradIn = copies.buffer(3, gradInput.rows(), gradInput.columns(), DataType.FLOAT64);
        widened.backward(in, out, gradOut, gradIn);
        gradInput.copyFromInPlace(gradIn);
    }

    @Override
    public ActivationProperties properties() {
        return widened.properties();
    }

    /** It takes float32 tensors: it converts them. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
