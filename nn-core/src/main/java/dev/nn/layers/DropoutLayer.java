package dev.nn.layers;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code dropout} (inverted): {@code {type: dropout, rate: 0.2}}. In training each element of the input is kept with
 * probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, else zeroed: one {@code nextDouble()} of the
 * step's stream per element, row-major, keeping the element when it is {@code >= rate}. In inference the identity.
 * {@code rate} is in {@code [0, 1)}, default 0.5.
 */
public final class DropoutLayer implements Layer, OnnxExportable {
    private final int size;
    private final double rate;
    private final double scale;
    private Tensor output;
    private Tensor mask;
    private Tensor gradInput;
    private boolean masked;

    public DropoutLayer(int size, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("rate must be in [0, 1) but is " + rate);
        }
        this.size = size;
        this.rate = rate;
        this.scale = 1.0 / (1.0 - rate);
    }

    /** Provides {@code dropout}. */
    public static final class Provider implements LayerProvider {
        @Override
        public String name() {
            return "dropout";
        }

        @Override
        public String description() {
            return "inverted dropout in training (option rate), the identity in inference";
        }

        @Override
        public Layer create(LayerContext context) {
            double rate = context.options().getDouble("rate", 0.5);
            if (!(rate >= 0 && rate < 1)) {
                throw new ParameterException("rate", "a number in [0, 1)", String.valueOf(rate));
            }
            return new DropoutLayer(context.inputSize(), rate);
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

    /** ONNX: nothing; in inference dropout is the identity. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        return input;
    }

    @Override
    public Tensor forward(Tensor x, ForwardContext context) {
        if (x.columns() != size) {
            throw new IllegalArgumentException("dropout layer of size " + size + " given a batch of shape "
                    + x.shape());
        }
        masked = context.training();
        if (!masked) {
            return x;
        }
        if (output == null || !output.hasShape(x.rows(), size) || output.dataType() != x.dataType()) {
            output = Tensor.zeros(x.rows(), size, x.dataType());
            mask = Tensor.zeros(x.rows(), size, x.dataType());
            gradInput = Tensor.zeros(x.rows(), size, x.dataType());
        }
        RandomGenerator random = context.random();
        if (x.isFloat32()) {
            float[] in = x.floatData();
            float[] m = mask.floatData();
            float[] out = output.floatData();
            float keptScale = (float) scale;
            for (int i = 0; i < in.length; i++) {
                m[i] = random.nextDouble() >= rate ? keptScale : 0f;
                out[i] = in[i] * m[i];
            }
            return output;
        }
        double[] in = x.data();
        double[] m = mask.data();
        double[] out = output.data();
        for (int i = 0; i < in.length; i++) {
            m[i] = random.nextDouble() >= rate ? scale : 0.0;
            out[i] = in[i] * m[i];
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        if (!masked) {
            return gradOutput;
        }
        if (gradOutput.isFloat32()) {
            float[] g = gradOutput.floatData();
            float[] m = mask.floatData();
            float[] out = gradInput.floatData();
            for (int i = 0; i < g.length; i++) {
                out[i] = g[i] * m[i];
            }
            return gradInput;
        }
        double[] g = gradOutput.data();
        double[] m = mask.data();
        double[] out = gradInput.data();
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * m[i];
        }
        return gradInput;
    }

    /** Computes in float32 on float32 tensors, its buffers taking the type of its input. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
