package dev.nn.layers;

import dev.nn.spi.Activation;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerConfig;
import dev.nn.spi.Parameter;
import dev.nn.tensor.MatrixProducts;
import dev.nn.tensor.Tensor;
import java.util.List;

/**
 * A fully-connected layer: {@code z = x W^T + b}, {@code a = f(z)}, with {@code W} of shape
 * {@code units x inputs} (row {@code i} holds the weights into unit {@code i}).
 *
 * <p>Backward: {@code dZ = f'} applied to {@code dA}; {@code dW = dZ^T x}; {@code db} = column sums of
 * {@code dZ}; {@code dx = dZ W}. Work buffers are allocated when the batch's row count changes and reused otherwise.
 */
public final class DenseLayer implements Layer {
    private final int inputSize;
    private final int units;
    private final Activation activation;
    private final Parameter weights;
    private final Parameter bias;
    private final List<Parameter> parameters;

    private Tensor input;
    private Tensor preActivation;
    private Tensor output;
    private Tensor gradPreActivation;
    private Tensor gradInput;

    public DenseLayer(LayerConfig config) {
        this.inputSize = config.inputSize();
        this.units = config.units();
        this.activation = config.activation();
        Tensor w = config.weights().map(Tensor::copy).orElseGet(() -> {
            Tensor fresh = Tensor.zeros(units, inputSize);
            config.initializer().initialize(fresh, inputSize, units, config.random());
            return fresh;
        });
        w.requireShape(units, inputSize, "weights of layer " + config.index());
        Tensor b = config.bias().map(Tensor::copy).orElseGet(() -> Tensor.zeros(1, units));
        b.requireShape(1, units, "bias of layer " + config.index());
        this.weights = new Parameter("W" + config.index(), w);
        this.bias = new Parameter("b" + config.index(), b);
        this.parameters = List.of(weights, bias);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.columns() != inputSize) {
            throw new IllegalArgumentException("dense layer with " + inputSize + " inputs given a batch of shape "
                    + x.shape() + "; expected " + x.rows() + "x" + inputSize);
        }
        ensureBuffers(x.rows());
        input = x;
        MatrixProducts.multiplyTransposedB(x, weights.value(), preActivation);
        addBias(preActivation, bias.value());
        activation.forward(preActivation, output);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        activation.backward(preActivation, output, gradOutput, gradPreActivation);
        return backwardFromPreActivation(gradPreActivation);
    }

    @Override
    public Tensor backwardFromPreActivation(Tensor gradZ) {
        gradZ.requireSameShape(preActivation, "dense layer gradient");
        MatrixProducts.multiplyTransposedA(gradZ, input, weights.gradient());
        sumColumns(gradZ, bias.gradient());
        MatrixProducts.multiply(gradZ, weights.value(), gradInput);
        return gradInput;
    }

    private void ensureBuffers(int rows) {
        if (preActivation == null || preActivation.rows() != rows) {
            preActivation = Tensor.zeros(rows, units);
            output = Tensor.zeros(rows, units);
            gradPreActivation = Tensor.zeros(rows, units);
            gradInput = Tensor.zeros(rows, inputSize);
        }
    }

    private static void addBias(Tensor z, Tensor b) {
        double[] zd = z.data();
        double[] bd = b.data();
        int columns = z.columns();
        for (int r = 0, offset = 0; r < z.rows(); r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                zd[offset + c] += bd[c];
            }
        }
    }

    private static void sumColumns(Tensor gradZ, Tensor out) {
        double[] gd = gradZ.data();
        double[] od = out.data();
        int columns = gradZ.columns();
        java.util.Arrays.fill(od, 0.0);
        for (int r = 0, offset = 0; r < gradZ.rows(); r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                od[c] += gd[offset + c];
            }
        }
    }
}
