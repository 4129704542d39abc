package dev.nn.examples;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.List;

/**
 * {@code feature_scale}: {@code y[r][c] = x[r][c] * scale[c]}, with a learnable {@code scale} per feature
 * ({@code 1 x features}), the same in both modes; output size = input size.
 *
 * <p>Its state {@code seen} ({@code 1 x 1}, non-trainable) counts the samples of every training pass: after
 * {@code e} epochs over {@code n} samples it is {@code e * n}. It is saved with the model and restored, so a model
 * trained further goes on counting. Inference passes change nothing.
 *
 * <p>Backward: {@code dL/dscale[c] = sum over r of g[r][c] * x[r][c]}, {@code dL/dx[r][c] = g[r][c] * scale[c]}.
 */
public final class FeatureScale implements Layer, OnnxExportable {
    /** The default starting value of every scale. */
    public static final double DEFAULT_INITIAL = 1.0;

    private final int size;
    private final Parameter scale;
    private final StateTensor seen;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    /**
     * @param scale {@code 1 x features}, the parameter {@code scale}
     * @param seen {@code 1 x 1}, the state {@code seen}
     */
    public FeatureScale(Parameter scale, StateTensor seen) {
        this.scale = requireNonNull(scale, "scale is null");
        this.seen = requireNonNull(seen, "seen is null");
        if (scale.value().rows() != 1 || !seen.value().hasShape(1, 1)) {
            throw new IllegalArgumentException("scale must be 1 x features and seen 1 x 1 but are "
                    + scale.value().shape() + " and " + seen.value().shape());
        }
        this.size = scale.value().columns();
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
        return List.of(scale);
    }

    @Override
    public List<StateTensor> state() {
        return List.of(seen);
    }

    @Override
    public Tensor forward(Tensor x, ForwardContext context) {
        if (x.columns() != size) {
            throw new IllegalArgumentException("feature_scale of " + size + " features given a batch of shape "
                    + x.shape());
        }
        if (output == null || !output.hasShape(x.rows(), size)) {
            output = Tensor.zeros(x.rows(), size);
            gradInput = Tensor.zeros(x.rows(), size);
        }
        input = x;
        double[] in = x.data();
        double[] out = output.data();
        double[] s = scale.value().data();
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * s[i % size];
        }
        if (context.training()) {
            seen.value().data()[0] += x.rows();
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        double[] g = gradOutput.data();
        double[] in = input.data();
        double[] s = scale.value().data();
        double[] gradScale = scale.gradient().data();
        double[] gradIn = gradInput.data();
        java.util.Arrays.fill(gradScale, 0.0);
        for (int i = 0; i < g.length; i++) {
            int c = i % size;
            gradScale[c] += g[i] * in[i];
            gradIn[i] = g[i] * s[c];
        }
        return gradInput;
    }

    /** ONNX: {@code x * scale}, the scale broadcast over the batch's rows; {@code seen} is not needed. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        return graph.node("Mul", input, graph.constant("scale", scale.value()));
    }

    /** The samples of every training pass so far. */
    public double seen() {
        return seen.value().data()[0];
    }
}
