package dev.nn.layers;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * {@code layer_norm}, as PyTorch's {@code LayerNorm} over the features: {@code {type: layer_norm, epsilon: 1.0e-5}}.
 * Each row is normalised over its {@code m} features and then scaled and shifted per feature by trainable
 * parameters: {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}, with the row's mean and biased variance
 * (divided by {@code m}). The same in training and inference, and a batch of one row is as good as any.
 *
 * <p>Option: {@code epsilon > 0} (default 1e-5). Parameters {@code gamma} and {@code beta} (1 x features, starting at
 * 1 and 0, or given in the spec or a saved model by name); no state. Sums run in increasing index order; work
 * buffers are kept for the last four batch sizes, so a run allocates nothing per batch once it has seen its batch
 * sizes.
 */
public final class LayerNormLayer implements Layer, OnnxExportable {
    private final int size;
    private final double epsilon;
    private final Parameter gamma;
    private final Parameter beta;
    private final List<Parameter> parameters;
    /** Buffers of the last few batch sizes: normalized, output, gradInput, and invStd (rows x 1). */
    /** Work buffers per batch row count. */
    private final BatchBuffers buffers;
    private Tensor normalized;
    private Tensor output;
    private Tensor gradInput;
    private Tensor invStd;

    /**
     * @param position the layer's position, counting from 1 (its parameters are shown as {@code gamma<position>} and
     *     {@code beta<position>})
     * @param size the number of features, in and out
     * @param epsilon {@code > 0}
     * @param gamma the starting scale ({@code 1 x size}, kept), or empty for ones
     * @param beta the starting shift ({@code 1 x size}, kept), or empty for zeros
     * @throws IllegalArgumentException for an epsilon out of range or a tensor of another shape
     */
    public LayerNormLayer(int position, int size, double epsilon, Optional<Tensor> gamma, Optional<Tensor> beta) {
        this(position, size, epsilon, gamma, beta, DataType.FLOAT64);
    }

    /** A layer computing in {@code type}, its parameters the starting values rounded to it. */
    public LayerNormLayer(int position, int size, double epsilon, Optional<Tensor> gamma, Optional<Tensor> beta,
                          DataType type) {
        if (!(epsilon > 0.0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number > 0 but is " + epsilon);
        }
        this.size = size;
        this.buffers = new BatchBuffers(rows -> new Tensor[] {
            Tensor.zeros(rows, size, type), Tensor.zeros(rows, size, type),
            Tensor.zeros(rows, size, type), Tensor.zeros(rows, 1, type)});
        this.epsilon = epsilon;
        Tensor g = gamma.orElseGet(() -> Tensor.zeros(1, size).fillInPlace(1.0));
        g.requireShape(1, size, "gamma of layer " + position);
        Tensor b = beta.orElseGet(() -> Tensor.zeros(1, size));
        b.requireShape(1, size, "beta of layer " + position);
        this.gamma = new Parameter("gamma", "gamma" + position, g.dataType() == type ? g : g.copyAs(type));
        this.beta = new Parameter("beta", "beta" + position, b.dataType() == type ? b : b.copyAs(type));
        this.parameters = List.of(this.gamma, this.beta);
    }

    /** Provides {@code layer_norm}. */
    public static final class Provider implements LayerProvider {
        @Override
        public String name() {
            return "layer_norm";
        }

        @Override
        public String description() {
            return "layer normalisation over each row's features (option epsilon), the same in both modes";
        }

        @Override
        public Layer create(LayerContext context) {
            double epsilon = context.options().getDouble("epsilon", 1e-5);
            if (!(epsilon > 0.0)) {
                throw new ParameterException("epsilon", "a number > 0", String.valueOf(epsilon));
            }
            int size = context.inputSize();
            return new LayerNormLayer(context.position(), size, epsilon, context.initialValue("gamma", 1, size),
                    context.initialValue("beta", 1, size), context.dataType());
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
        return parameters;
    }

    /**
     * ONNX: {@code LayerNormalization} (opset 17) over the last axis in float; in double, whose {@code epsilon}
     * attribute would be rounded to float (and whose statistics the operator computes in float by default), the
     * same arithmetic as {@link #forward}: {@code d = x - mean(x)}, {@code d * (1 / sqrt(mean(d * d) + epsilon))
     * * gamma + beta}.
     */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        if (graph.elementType() == OnnxGraphBuilder.ElementType.FLOAT) {
            return graph.node("LayerNormalization", List.of(input, vector(graph, "gamma", gamma.value()),
                    vector(graph, "beta", beta.value())), java.util.Map.of("axis", -1L, "epsilon", epsilon));
        }
        java.util.Map<String, Object> rowMean = java.util.Map.of("axes", new long[] {1}, "keepdims", 1L);
        String mean = graph.node("ReduceMean", List.of(input), rowMean);
        String centred = graph.node("Sub", input, mean);
        String variance = graph.node("ReduceMean", List.of(graph.node("Mul", centred, centred)), rowMean);
        String shifted = graph.node("Add", variance, graph.constant("epsilon", new long[0], epsilon));
        String inverse = graph.node("Reciprocal", graph.node("Sqrt", shifted));
        String normalised = graph.node("Mul", centred, inverse);
        String scaled = graph.node("Mul", normalised, vector(graph, "gamma", gamma.value()));
        return graph.node("Add", scaled, vector(graph, "beta", beta.value()));
    }

    /** {@code value} ({@code 1 x size}) as a constant of shape {@code [size]}. */
    private String vector(OnnxGraphBuilder graph, String name, Tensor value) {
        return graph.constant(name, new long[] {size}, value.rowCopy(0));
    }

    @Override
    public Tensor forward(Tensor x, ForwardContext context) {
        if (x.columns() != size) {
            throw new IllegalArgumentException("layer_norm layer of size " + size + " given a batch of shape "
                    + x.shape());
        }
        ensureBuffers(x.rows());
        if (x.isFloat32()) {
            forwardFloat(x);
            return output;
        }
        double[] xd = x.data();
        double[] nd = normalized.data();
        double[] yd = output.data();
        double[] inv = invStd.data();
        double[] g = gamma.value().data();
        double[] b = beta.value().data();
        for (int r = 0, offset = 0; r < x.rows(); r++, offset += size) {
            double mean = 0.0;
            for (int c = 0; c < size; c++) {
                mean += xd[offset + c];
            }
            mean /= size;
            double variance = 0.0;
            for (int c = 0; c < size; c++) {
                double d = xd[offset + c] - mean;
                variance += d * d;
            }
            variance /= size;
            inv[r] = 1.0 / Math.sqrt(variance + epsilon);
            for (int c = 0; c < size; c++) {
                double xhat = (xd[offset + c] - mean) * inv[r];
                nd[offset + c] = xhat;
                yd[offset + c] = g[c] * xhat + b[c];
            }
        }
        return output;
    }

    /**
     * {@code dGamma = sum over rows of g xhat}, {@code dBeta = sum of g}; per row, with {@code h = g gamma},
     * {@code dx = invStd / m (m h - sum h - xhat sum h xhat)}.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        gradOutput.requireSameShape(output, "layer_norm layer gradient");
        if (gradOutput.isFloat32()) {
            backwardFloat(gradOutput, inputGradientNeeded);
            return gradInput;
        }
        double[] g = gradOutput.data();
        double[] nd = normalized.data();
        double[] dGamma = gamma.gradient().data();
        double[] dBeta = beta.gradient().data();
        int rows = gradOutput.rows();
        AffineGradients.compute(g, nd, rows, size, dGamma, dBeta);
        if (!inputGradientNeeded) {
            return gradInput;
        }
        double[] scale = gamma.value().data();
        double[] inv = invStd.data();
        double[] dx = gradInput.data();
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            double sum = 0.0;
            double dot = 0.0;
            for (int c = 0; c < size; c++) {
                double h = g[offset + c] * scale[c];
                sum += h;
                dot += h * nd[offset + c];
            }
            double factor = inv[r] / size;
            for (int c = 0; c < size; c++) {
                double h = g[offset + c] * scale[c];
                dx[offset + c] = factor * (size * h - sum - nd[offset + c] * dot);
            }
        }
        return gradInput;
    }

    private void forwardFloat(Tensor x) {
        float[] xd = x.floatData();
        float[] nd = normalized.floatData();
        float[] yd = output.floatData();
        float[] inv = invStd.floatData();
        float[] g = gamma.value().floatData();
        float[] b = beta.value().floatData();
        for (int r = 0, offset = 0; r < x.rows(); r++, offset += size) {
            double sum = 0.0;
            for (int c = 0; c < size; c++) {
                sum += xd[offset + c];
            }
            double mean = sum / size;
            double variance = 0.0;
            for (int c = 0; c < size; c++) {
                double d = xd[offset + c] - mean;
                variance += d * d;
            }
            variance /= size;
            double rowInv = 1.0 / Math.sqrt(variance + epsilon);
            inv[r] = (float) rowInv;
            for (int c = 0; c < size; c++) {
                float xhat = (float) ((xd[offset + c] - mean) * rowInv);
                nd[offset + c] = xhat;
                yd[offset + c] = g[c] * xhat + b[c];
            }
        }
    }

    private void backwardFloat(Tensor gradOutput, boolean inputGradientNeeded) {
        float[] g = gradOutput.floatData();
        float[] nd = normalized.floatData();
        int rows = gradOutput.rows();
        AffineGradients.compute(g, nd, rows, size, gamma.gradient().floatData(), beta.gradient().floatData());
        if (!inputGradientNeeded) {
            return;
        }
        float[] scale = gamma.value().floatData();
        float[] inv = invStd.floatData();
        float[] dx = gradInput.floatData();
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            double sum = 0.0;
            double dot = 0.0;
            for (int c = 0; c < size; c++) {
                double h = g[offset + c] * scale[c];
                sum += h;
                dot += h * nd[offset + c];
            }
            double factor = (double) inv[r] / size;
            for (int c = 0; c < size; c++) {
                double h = g[offset + c] * scale[c];
                dx[offset + c] = (float) (factor * (size * h - sum - nd[offset + c] * dot));
            }
        }
    }

    private void ensureBuffers(int rows) {
        if (output != null && output.rows() == rows) {
            return;
        }
        Tensor[] current = buffers.forRows(rows);
        normalized = current[0];
        output = current[1];
        gradInput = current[2];
        invStd = current[3];
    }

    /**
     * Computes in the type it was built in. In float32 the per-row (or per-column) statistics are summed in double
     * from the float elements, and every element is computed from them and stored as a float.
     */
    @Override
    public boolean supportsFloat32() {
        return true;
    }
}
