package dev.nn.layers;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.ParameterException;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code batch_norm}, as PyTorch's {@code BatchNorm1d}: {@code {type: batch_norm, momentum: 0.1, epsilon: 1.0e-5}}.
 * Each feature (column) is normalised and then scaled and shifted by trainable parameters:
 * {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}.
 *
 * <ul>
 *   <li>In training, {@code mean} and {@code var} are the batch's: the mean and the biased variance (divided by
 *       {@code n}) of each column over the batch's {@code n} rows, which the input gradient accounts for. The
 *       running statistics are updated after each training pass: {@code running_mean = (1 - momentum) running_mean
 *       + momentum mean}, {@code running_var = (1 - momentum) running_var + momentum var n / (n - 1)} (the unbiased
 *       variance). A training batch of one row has no variance and is refused.</li>
 *   <li>In inference, {@code mean} and {@code var} are {@code running_mean} and {@code running_var}.</li>
 * </ul>
 *
 * <p>Options: {@code momentum} in {@code [0, 1]} (default 0.1), {@code epsilon > 0} (default 1e-5). Parameters
 * {@code gamma} and {@code beta} (1 x features, starting at 1 and 0) and state {@code running_mean} and
 * {@code running_var} (1 x features, starting at 0 and 1; a variance must be {@code >= 0}), each given in the spec or
 * a saved model by name. Sums run in increasing index order; work buffers are kept for the last four batch sizes,
 * so a run allocates nothing per batch once it has seen its batch sizes.
 */
public final class BatchNormLayer implements Layer, OnnxExportable {
    private final int size;
    private final double momentum;
    private final double epsilon;
    private final Parameter gamma;
    private final Parameter beta;
    private final StateTensor runningMean;
    private final StateTensor runningVariance;
    private final List<Parameter> parameters;
    private final List<StateTensor> state;
    private final int position;
    private final DataType type;
    private final double[] mean;
    private final double[] variance;
    private final double[] invStd;
    /** Buffers of the last few batch sizes: normalized, output, gradInput. */
    /** Work buffers per batch row count. */
    private final BatchBuffers buffers;
    private Tensor normalized;
    private Tensor output;
    private Tensor gradInput;
    private boolean trainingPass;

    /**
     * @param position the layer's position, counting from 1 (its tensors are shown as {@code gamma<position>}, ...)
     * @param size the number of features, in and out
     * @param momentum in {@code [0, 1]}
     * @param epsilon {@code > 0}
     * @param gamma the starting scale ({@code 1 x size}, kept), or empty for ones
     * @param beta the starting shift ({@code 1 x size}, kept), or empty for zeros
     * @param runningMean the starting running mean ({@code 1 x size}, kept), or empty for zeros
     * @param runningVariance the starting running variance ({@code 1 x size}, kept), or empty for ones
     * @throws IllegalArgumentException for an option out of range or a tensor of another shape
     */
    public BatchNormLayer(int position, int size, double momentum, double epsilon, Optional<Tensor> gamma,
                          Optional<Tensor> beta, Optional<Tensor> runningMean, Optional<Tensor> runningVariance) {
        this(position, size, momentum, epsilon, gamma, beta, runningMean, runningVariance, DataType.FLOAT64);
    }

    /** A layer computing in {@code type}, its parameters and state the starting values rounded to it. */
    public BatchNormLayer(int position, int size, double momentum, double epsilon, Optional<Tensor> gamma,
                          Optional<Tensor> beta, Optional<Tensor> runningMean, Optional<Tensor> runningVariance,
                          DataType type) {
        if (!(momentum >= 0.0 && momentum <= 1.0)) {
            throw new IllegalArgumentException("momentum must be in [0, 1] but is " + momentum);
        }
        if (!(epsilon > 0.0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number > 0 but is " + epsilon);
        }
        this.position = position;
        this.size = size;
        this.type = type;
        this.buffers = new BatchBuffers(rows -> new Tensor[] {
            Tensor.zeros(rows, size, type), Tensor.zeros(rows, size, type),
            Tensor.zeros(rows, size, type)});
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.gamma = new Parameter("gamma", "gamma" + position, vector(gamma, 1.0, "gamma"));
        this.beta = new Parameter("beta", "beta" + position, vector(beta, 0.0, "beta"));
        this.runningMean = new StateTensor("running_mean", "running_mean" + position,
                vector(runningMean, 0.0, "running_mean"));
        this.runningVariance = new StateTensor("running_var", "running_var" + position,
                vector(runningVariance, 1.0, "running_var"));
        this.parameters = List.of(this.gamma, this.beta);
        this.state = List.of(this.runningMean, this.runningVariance);
        this.mean = new double[size];
        this.variance = new double[size];
        this.invStd = new double[size];
    }

    private Tensor vector(Optional<Tensor> given, double fill, String name) {
        Tensor value = given.orElseGet(() -> Tensor.zeros(1, size).fillInPlace(fill));
        value.requireShape(1, size, name + " of layer " + position);
        return value.dataType() == type ? value : value.copyAs(type);
    }

    /** Provides {@code batch_norm}. */
    public static final class Provider implements LayerProvider {
        @Override
        public String name() {
            return "batch_norm";
        }

        @Override
        public String description() {
            return "batch normalisation (options momentum, epsilon): batch statistics in training, running ones in "
                    + "inference";
        }

        @Override
        public Layer create(LayerContext context) {
            double momentum = context.options().getDouble("momentum", 0.1);
            if (!(momentum >= 0.0 && momentum <= 1.0)) {
                throw new ParameterException("momentum", "a number in [0, 1]", String.valueOf(momentum));
            }
            double epsilon = context.options().getDouble("epsilon", 1e-5);
            if (!(epsilon > 0.0)) {
                throw new ParameterException("epsilon", "a number > 0", String.valueOf(epsilon));
            }
            int size = context.inputSize();
            Optional<Tensor> runningVariance = context.initialValue("running_var", 1, size);
            if (runningVariance.isPresent()) {
                double[] values = runningVariance.get().data();
                for (int c = 0; c < values.length; c++) {
                    if (!(values[c] >= 0.0)) {
                        throw new ParameterException("state.running_var", "variances >= 0",
                                values[c] + " (value " + (c + 1) + ")");
                    }
                }
            }
            return new BatchNormLayer(context.position(), size, momentum, epsilon,
                    context.initialValue("gamma", 1, size), context.initialValue("beta", 1, size),
                    context.initialValue("running_mean", 1, size), runningVariance, context.dataType());
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

    @Override
    public List<StateTensor> state() {
        return state;
    }

    /**
     * @throws IllegalArgumentException for a batch of another width, or a training batch of one row
     */
    /**
     * ONNX, with the running statistics: {@code BatchNormalization} in float; in double, whose {@code epsilon}
     * attribute would be rounded to float, the same arithmetic as {@link #forward} in inference:
     * {@code (x - running_mean) * (1 / sqrt(running_var + epsilon)) * gamma + beta}.
     */
    @Override
    public String toOnnx(String input, OnnxGraphBuilder graph) {
        if (graph.elementType() == OnnxGraphBuilder.ElementType.FLOAT) {
            return graph.node("BatchNormalization", List.of(input, vector(graph, "gamma", gamma.value()),
                    vector(graph, "beta", beta.value()), vector(graph, "running_mean", runningMean.value()),
                    vector(graph, "running_var", runningVariance.value())), java.util.Map.of("epsilon", epsilon));
        }
        double[] runningVar = runningVariance.value().rowCopy(0);
        double[] inverse = new double[size];
        for (int c = 0; c < size; c++) {
            inverse[c] = 1.0 / Math.sqrt(runningVar[c] + epsilon);
        }
        String centred = graph.node("Sub", input, vector(graph, "running_mean", runningMean.value()));
        String normalised = graph.node("Mul", centred, graph.constant("inverse_std", new long[] {size}, inverse));
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
            throw new IllegalArgumentException("batch_norm layer of size " + size + " given a batch of shape "
                    + x.shape());
        }
        trainingPass = context.training();
        if (trainingPass && x.rows() < 2) {
            throw new IllegalArgumentException("batch_norm (layer " + position + ") cannot train on a batch of "
                    + x.rows() + " row: a batch's variance needs at least 2 rows; choose a batch_size that leaves "
                    + "no last batch of one row");
        }
        ensureBuffers(x.rows());
        if (x.isFloat32()) {
            forwardFloat(x);
            return output;
        }
        double[] shiftBy;
        if (trainingPass) {
            columnStatistics(x);
            updateRunningStatistics(x.rows());
            shiftBy = mean;
        } else {
            double[] runningVar = runningVariance.value().data();
            for (int c = 0; c < size; c++) {
                invStd[c] = 1.0 / Math.sqrt(runningVar[c] + epsilon);
            }
            shiftBy = runningMean.value().data();
        }
        double[] xd = x.data();
        double[] nd = normalized.data();
        double[] yd = output.data();
        double[] g = gamma.value().data();
        double[] b = beta.value().data();
        for (int r = 0, offset = 0; r < x.rows(); r++, offset += size) {
            for (int c = 0; c < size; c++) {
                double xhat = (xd[offset + c] - shiftBy[c]) * invStd[c];
                nd[offset + c] = xhat;
                yd[offset + c] = g[c] * xhat + b[c];
            }
        }
        return output;
    }

    /** The mean, the biased variance and {@code 1 / sqrt(var + epsilon)} of each column of {@code x}. */
    private void columnStatistics(Tensor x) {
        double[] xd = x.data();
        int rows = x.rows();
        Arrays.fill(mean, 0.0);
        Arrays.fill(variance, 0.0);
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            for (int c = 0; c < size; c++) {
                mean[c] += xd[offset + c];
            }
        }
        for (int c = 0; c < size; c++) {
            mean[c] /= rows;
        }
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            for (int c = 0; c < size; c++) {
                double d = xd[offset + c] - mean[c];
                variance[c] += d * d;
            }
        }
        for (int c = 0; c < size; c++) {
            variance[c] /= rows;
            invStd[c] = 1.0 / Math.sqrt(variance[c] + epsilon);
        }
    }

    private void updateRunningStatistics(int rows) {
        double unbiased = (double) rows / (rows - 1);
        double[] rm = runningMean.value().data();
        double[] rv = runningVariance.value().data();
        for (int c = 0; c < size; c++) {
            rm[c] = (1.0 - momentum) * rm[c] + momentum * mean[c];
            rv[c] = (1.0 - momentum) * rv[c] + momentum * (variance[c] * unbiased);
        }
    }

    /**
     * {@code dGamma = sum over rows of g xhat}, {@code dBeta = sum of g}; in training
     * {@code dx = gamma invStd / n (n g - dBeta - xhat dGamma)} (the batch statistics depend on every row), in
     * inference {@code dx = g gamma invStd}.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        gradOutput.requireSameShape(output, "batch_norm layer gradient");
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
        double[] dx = gradInput.data();
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            for (int c = 0; c < size; c++) {
                dx[offset + c] = trainingPass
                        ? scale[c] * invStd[c] / rows * (rows * g[offset + c] - dBeta[c] - nd[offset + c] * dGamma[c])
                        : g[offset + c] * scale[c] * invStd[c];
            }
        }
        return gradInput;
    }

    /**
     * Float32: the statistics are summed in double from the float elements (as PyTorch's CPU kernel accumulates
     * them), the running statistics updated in double and rounded; every element is computed in float.
     */
    private void forwardFloat(Tensor x) {
        float[] xd = x.floatData();
        int rows = x.rows();
        float[] rm = runningMean.value().floatData();
        float[] rv = runningVariance.value().floatData();
        if (trainingPass) {
            Arrays.fill(mean, 0.0);
            Arrays.fill(variance, 0.0);
            for (int r = 0, offset = 0; r < rows; r++, offset += size) {
                for (int c = 0; c < size; c++) {
                    mean[c] += xd[offset + c];
                }
            }
            for (int c = 0; c < size; c++) {
                mean[c] /= rows;
            }
            for (int r = 0, offset = 0; r < rows; r++, offset += size) {
                for (int c = 0; c < size; c++) {
                    double d = xd[offset + c] - mean[c];
                    variance[c] += d * d;
                }
            }
            double unbiased = (double) rows / (rows - 1);
            for (int c = 0; c < size; c++) {
                variance[c] /= rows;
                invStd[c] = 1.0 / Math.sqrt(variance[c] + epsilon);
                rm[c] = (float) ((1.0 - momentum) * rm[c] + momentum * mean[c]);
                rv[c] = (float) ((1.0 - momentum) * rv[c] + momentum * (variance[c] * unbiased));
            }
        } else {
            for (int c = 0; c < size; c++) {
                mean[c] = rm[c];
                invStd[c] = 1.0 / Math.sqrt(rv[c] + epsilon);
            }
        }
        float[] nd = normalized.floatData();
        float[] yd = output.floatData();
        float[] g = gamma.value().floatData();
        float[] b = beta.value().floatData();
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            for (int c = 0; c < size; c++) {
                float xhat = (float) ((xd[offset + c] - mean[c]) * invStd[c]);
                nd[offset + c] = xhat;
                yd[offset + c] = g[c] * xhat + b[c];
            }
        }
    }

    /** Per column: the two sums in double, then {@code dx} from them (not from their float roundings). */
    private void backwardFloat(Tensor gradOutput, boolean inputGradientNeeded) {
        float[] g = gradOutput.floatData();
        float[] nd = normalized.floatData();
        float[] dGamma = gamma.gradient().floatData();
        float[] dBeta = beta.gradient().floatData();
        float[] scale = gamma.value().floatData();
        float[] dx = gradInput.floatData();
        int rows = gradOutput.rows();
        for (int c = 0; c < size; c++) {
            double gammaSum = 0.0;
            double betaSum = 0.0;
            for (int r = 0, i = c; r < rows; r++, i += size) {
                gammaSum += (double) g[i] * nd[i];
                betaSum += g[i];
            }
            dGamma[c] = (float) gammaSum;
            dBeta[c] = (float) betaSum;
            if (!inputGradientNeeded) {
                continue;
            }
            double factor = scale[c] * invStd[c];
            for (int r = 0, i = c; r < rows; r++, i += size) {
                dx[i] = (float) (trainingPass ? factor / rows * (rows * (double) g[i] - betaSum - nd[i] * gammaSum)
                        : factor * g[i]);
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
