package dev.nn.layers;

import dev.nn.spi.Activation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Initializer;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.Parameter;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Elementwise;
import dev.nn.tensor.MatrixProducts;
import dev.nn.tensor.PackedMatrix;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A fully-connected layer: {@code z = x W^T + b}, {@code a = f(z)}, with {@code W} of shape
 * {@code units x inputs} (row {@code i} holds the weights into unit {@code i}).
 *
 * <p>Backward: {@code dZ = f'} applied to {@code dA}; {@code dW = dZ^T x}; {@code db} = column sums of
 * {@code dZ}; {@code dx = dZ W}. Work buffers are allocated for each new batch row count and reused (for the last four row counts).
 */
public final class DenseLayer implements Layer, OnnxExportable {
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
    /** Buffers of the last few batch sizes: preActivation, output, gradPreActivation, gradInput. */
    private final BatchBuffers buffers;
    /** The weights packed for the forward product in the inference series {@link #packedFor}, if any. */
    private PackedMatrix packedWeights;
    private ForwardContext packedFor;

    /**
     * @param position the layer's position, counting from 1 (its parameters are shown as {@code W<position>} and
     *     {@code b<position>})
     * @param weights the starting weights ({@code units x inputSize}, copied), or empty to draw them from
     *     {@code initializer} with {@code random}
     * @param bias the starting bias ({@code 1 x units}, copied), or empty for zeros
     */
    public DenseLayer(int position, int inputSize, int units, Activation activation, Optional<Tensor> weights,
                      Optional<Tensor> bias, Initializer initializer, RandomGenerator random) {
        this(position, inputSize, units, activation, weights, bias, initializer, random, DataType.FLOAT64);
    }

    /**
     * A layer computing in {@code type}: its parameters are the starting values (or the initializer's float64
     * draws) rounded to that type, and it takes and gives tensors of that type. In float32 {@code activation} must
     * {@linkplain Activation#supportsFloat32() support float32}.
     */
    public DenseLayer(int position, int inputSize, int units, Activation activation, Optional<Tensor> weights,
                      Optional<Tensor> bias, Initializer initializer, RandomGenerator random, DataType type) {
        this.inputSize = inputSize;
        this.units = units;
        this.buffers = new BatchBuffers(rows -> new Tensor[] {
            Tensor.zeros(rows, units, type), Tensor.zeros(rows, units, type),
            Tensor.zeros(rows, units, type), Tensor.zeros(rows, inputSize, type)});
        this.activation = java.util.Objects.requireNonNull(activation, "activation is null");
        Tensor w = weights.map(Tensor::copy).orElseGet(() -> {
            Tensor fresh = Tensor.zeros(units, inputSize);
            initializer.initialize(fresh, inputSize, units, random);
            return fresh;
        });
        w.requireShape(units, inputSize, "weights of layer " + position);
        Tensor b = bias.map(Tensor::copy).orElseGet(() -> Tensor.zeros(1, units));
        b.requireShape(1, units, "bias of layer " + position);
        w = w.dataType() == type ? w : w.copyAs(type);
        b = b.dataType() == type ? b : b.copyAs(type);
        this.weights = new Parameter("weights", "W" + position, w);
        this.bias = new Parameter("bias", "b" + position, b);
        this.parameters = List.of(this.weights, this.bias);
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

    /** The activation applied to this layer's output. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Optional<Activation> outputActivation() {
        return Optional.of(activation);
    }

    /** The pre-activation {@code z} of the last {@link #forward}: a buffer the next forward of that size reuses. */
    public Tensor preActivation() {
        return preActivation;
    }

    /**
     * {@code dZ} of the last {@link #backward}: a reused buffer, not written by {@link #backwardFromPreActivation},
     * whose {@code dZ} is its argument.
     */
    public Tensor gradPreActivation() {
        return gradPreActivation;
    }

    /** {@code dx} of the last backward that computed it (asked for the input gradient): a reused buffer. */
    public Tensor gradInput() {
        return gradInput;
    }

    @Override
    public Tensor forward(Tensor x, ForwardContext context) {
        if (x.columns() != inputSize) {
            throw new IllegalArgumentException("dense layer with " + inputSize + " inputs given a batch of shape "
                    + x.shape() + "; expected " + x.rows() + "x" + inputSize);
        }
        ensureBuffers(x.rows());
        input = x;
        if (context.parametersFixed()) {
            // An inference series: W^T packed once for all its batches, not once per product and row block.
            if (packedFor != context || !packedWeights.packedFrom(weights.value())) {
                packedWeights = MatrixProducts.packForTransposedB(weights.value(), packedWeights);
                packedFor = context;
            }
            MatrixProducts.multiplyTransposedB(x, weights.value(), packedWeights, preActivation);
        } else {
            packedFor = null;
            MatrixProducts.multiplyTransposedB(x, weights.value(), preActivation);
        }
        Elementwise.addToEveryRow(preActivation, bias.value());
        activation.forward(preActivation, output);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        activation.backward(preActivation, output, gradOutput, gradPreActivation);
        return backwardFromPreActivation(gradPreActivation, inputGradientNeeded);
    }

    /** Without {@code inputGradientNeeded} (the first layer), the weight and bias gradients alone: no {@code dZ W}. */
    @Override
    public Tensor backwardFromPreActivation(Tensor gradZ, boolean inputGradientNeeded) {
        gradZ.requireSameShape(preActivation, "dense layer gradient");
        MatrixProducts.multiplyTransposedA(gradZ, input, weights.gradient());
        sumColumns(gradZ, bias.gradient());
        if (inputGradientNeeded) {
            MatrixProducts.multiply(gradZ, weights.value(), gradInput);
        }
        return gradInput;
    }

    /** ONNX: {@code Gemm(x, W, b, transB=1)}, then the activation's form. */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        String z = graph.node("Gemm", java.util.List.of(input, graph.constant("weights", weights.value()),
                graph.constant("bias", new long[] {units}, bias.value().rowCopy(0))), java.util.Map.of("transB", 1L));
        return graph.activation(activation, z);
    }

    private void ensureBuffers(int rows) {
        if (preActivation != null && preActivation.rows() == rows) {
            return;
        }
        Tensor[] current = buffers.forRows(rows);
        preActivation = current[0];
        output = current[1];
        gradPreActivation = current[2];
        gradInput = current[3];
    }

    private static void sumColumns(Tensor gradZ, Tensor out) {
        if (gradZ.isFloat32()) {
            float[] gd = gradZ.floatData();
            float[] od = out.floatData();
            int columns = gradZ.columns();
            java.util.Arrays.fill(od, 0f);
            for (int r = 0, offset = 0; r < gradZ.rows(); r++, offset += columns) {
                for (int c = 0; c < columns; c++) {
                    od[c] += gd[offset + c];
                }
            }
            return;
        }
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

    /** Computes in the type it was built in; in float32 its activation is one that supports float32 too. */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
