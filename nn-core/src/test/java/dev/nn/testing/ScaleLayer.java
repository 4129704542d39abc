package dev.nn.testing;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A test layer with a parameter and state: {@code y = x * scale} per feature ({@code scale} starts at option
 * {@code start}, default 1), and state {@code seen} counting, per feature, the training passes. It records the mode
 * of every forward pass.
 */
public final class ScaleLayer implements Layer {
    private final int size;
    private final Parameter scale;
    private final StateTensor seen;
    private final List<ForwardContext.Mode> modes = new ArrayList<>();
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    ScaleLayer(LayerContext context) {
        this.size = context.inputSize();
        double start = context.options().getDouble("start", 1.0);
        this.scale = new Parameter("scale", context.displayName("scale"), context.initialValue("scale", 1, size)
                .orElseGet(() -> Tensor.zeros(1, size).fillInPlace(start)));
        this.seen = new StateTensor("seen", context.displayName("seen"), context.initialValue("seen", 1, size)
                .orElseGet(() -> Tensor.zeros(1, size)));
    }

    /** Provides {@code scale}. */
    public static final class Provider implements LayerProvider {
        @Override
        public String name() {
            return "scale";
        }

        @Override
        public Layer create(LayerContext context) {
            return new ScaleLayer(context);
        }
    }

    /** The modes of the forward passes so far, in order. */
    public List<ForwardContext.Mode> modes() {
        return modes;
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
        modes.add(context.mode());
        if (context.training()) {
            for (int c = 0; c < size; c++) {
                seen.value().data()[c] += 1;
            }
        }
        if (output == null || output.rows() != x.rows()) {
            output = Tensor.zeros(x.rows(), size);
            gradInput = Tensor.zeros(x.rows(), size);
        }
        input = x;
        double[] s = scale.value().data();
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < size; c++) {
                output.data()[r * size + c] = x.data()[r * size + c] * s[c];
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        double[] s = scale.value().data();
        double[] ds = scale.gradient().data();
        java.util.Arrays.fill(ds, 0.0);
        for (int r = 0; r < gradOutput.rows(); r++) {
            for (int c = 0; c < size; c++) {
                double g = gradOutput.data()[r * size + c];
                ds[c] += g * input.data()[r * size + c];
                gradInput.data()[r * size + c] = g * s[c];
            }
        }
        return gradInput;
    }
}
