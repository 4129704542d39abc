package dev.nn.layers;

import dev.nn.tensor.Tensor;

/**
 * The arithmetic of batch and layer normalisation, as PyTorch's {@code BatchNorm1d} and {@code LayerNorm} define it:
 * {@code y = gamma * xhat + beta} with {@code xhat = (x - mean) / sqrt(var + epsilon)} and the biased variance.
 * Batch normalisation takes the statistics of each column over the batch's rows, layer normalisation those of each
 * row over its columns. Every method writes into arguments it is given and allocates nothing; sums run in increasing
 * index order.
 */
final class Normalization {
    private Normalization() {
    }

    /**
     * Per column of {@code x}: {@code mean[c]}, the biased variance {@code variance[c]} and
     * {@code invStd[c] = 1 / sqrt(variance[c] + epsilon)}.
     */
    static void columnStatistics(Tensor x, double epsilon, double[] mean, double[] variance, double[] invStd) {
        double[] xd = x.data();
        int rows = x.rows();
        int columns = x.columns();
        java.util.Arrays.fill(mean, 0, columns, 0.0);
        java.util.Arrays.fill(variance, 0, columns, 0.0);
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                mean[c] += xd[offset + c];
            }
        }
        for (int c = 0; c < columns; c++) {
            mean[c] /= rows;
        }
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                double d = xd[offset + c] - mean[c];
                variance[c] += d * d;
            }
        }
        for (int c = 0; c < columns; c++) {
            variance[c] /= rows;
            invStd[c] = 1.0 / Math.sqrt(variance[c] + epsilon);
        }
    }

    /** {@code invStd[c] = 1 / sqrt(variance[c] + epsilon)}, for inference with the running variance. */
    static void inverseStandardDeviations(double[] variance, double epsilon, double[] invStd) {
        for (int c = 0; c < variance.length; c++) {
            invStd[c] = 1.0 / Math.sqrt(variance[c] + epsilon);
        }
    }

    /**
     * {@code running = (1 - momentum) running + momentum batch}, for the mean, and for the variance with the unbiased
     * batch variance {@code variance * rows / (rows - 1)}.
     */
    static void updateRunningStatistics(double[] runningMean, double[] runningVariance, double[] mean,
                                        double[] variance, int rows, double momentum) {
        double unbiased = (double) rows / (rows - 1);
        for (int c = 0; c < runningMean.length; c++) {
            runningMean[c] = (1.0 - momentum) * runningMean[c] + momentum * mean[c];
            runningVariance[c] = (1.0 - momentum) * runningVariance[c] + momentum * (variance[c] * unbiased);
        }
    }

    /** {@code xhat = (x - mean[c]) invStd[c]} and {@code y = gamma[c] xhat + beta[c]}, column by column. */
    static void normalizeColumns(Tensor x, double[] mean, double[] invStd, double[] gamma, double[] beta,
                                 Tensor normalized, Tensor output) {
        double[] xd = x.data();
        double[] nd = normalized.data();
        double[] yd = output.data();
        int columns = x.columns();
        for (int r = 0, offset = 0; r < x.rows(); r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                double xhat = (xd[offset + c] - mean[c]) * invStd[c];
                nd[offset + c] = xhat;
                yd[offset + c] = gamma[c] * xhat + beta[c];
            }
        }
    }

    /**
     * The parameters' gradients, common to both layers and both modes: {@code dGamma[c] = sum_r g xhat},
     * {@code dBeta[c] = sum_r g}.
     */
    static void affineGradients(Tensor gradOutput, Tensor normalized, double[] gammaGradient, double[] betaGradient) {
        double[] g = gradOutput.data();
        double[] nd = normalized.data();
        int columns = gradOutput.columns();
        java.util.Arrays.fill(gammaGradient, 0, columns, 0.0);
        java.util.Arrays.fill(betaGradient, 0, columns, 0.0);
        for (int r = 0, offset = 0; r < gradOutput.rows(); r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                gammaGradient[c] += g[offset + c] * nd[offset + c];
                betaGradient[c] += g[offset + c];
            }
        }
    }

    /**
     * dL/dx of batch normalisation in training, where the batch statistics depend on x:
     * {@code dx = gamma invStd / n (n g - dBeta - xhat dGamma)}, per column, with {@link #affineGradients}' sums.
     */
    static void batchInputGradient(Tensor gradOutput, Tensor normalized, double[] invStd, double[] gamma,
                                   double[] gammaGradient, double[] betaGradient, Tensor gradInput) {
        double[] g = gradOutput.data();
        double[] nd = normalized.data();
        double[] dx = gradInput.data();
        int rows = gradOutput.rows();
        int columns = gradOutput.columns();
        for (int r = 0, offset = 0; r < rows; r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                double scale = gamma[c] * invStd[c] / rows;
                dx[offset + c] = scale * (rows * g[offset + c] - betaGradient[c] - nd[offset + c] * gammaGradient[c]);
            }
        }
    }

    /** dL/dx of batch normalisation in inference (fixed statistics): {@code dx = g gamma invStd}. */
    static void fixedInputGradient(Tensor gradOutput, double[] invStd, double[] gamma, Tensor gradInput) {
        double[] g = gradOutput.data();
        double[] dx = gradInput.data();
        int columns = gradOutput.columns();
        for (int r = 0, offset = 0; r < gradOutput.rows(); r++, offset += columns) {
            for (int c = 0; c < columns; c++) {
                dx[offset + c] = g[offset + c] * gamma[c] * invStd[c];
            }
        }
    }

    /**
     * Layer normalisation's forward pass: per row, the mean and biased variance of its columns,
     * {@code invStd[r] = 1 / sqrt(var + epsilon)}, {@code xhat = (x - mean) invStd[r]} and
     * {@code y = gamma[c] xhat + beta[c]}.
     */
    static void normalizeRows(Tensor x, double epsilon, double[] gamma, double[] beta, double[] invStd,
                              Tensor normalized, Tensor output) {
        double[] xd = x.data();
        double[] nd = normalized.data();
        double[] yd = output.data();
        int columns = x.columns();
        for (int r = 0, offset = 0; r < x.rows(); r++, offset += columns) {
            double mean = 0.0;
            for (int c = 0; c < columns; c++) {
                mean += xd[offset + c];
            }
            mean /= columns;
            double variance = 0.0;
            for (int c = 0; c < columns; c++) {
                double d = xd[offset + c] - mean;
                variance += d * d;
            }
            variance /= columns;
            double inv = 1.0 / Math.sqrt(variance + epsilon);
            invStd[r] = inv;
            for (int c = 0; c < columns; c++) {
                double xhat = (xd[offset + c] - mean) * inv;
                nd[offset + c] = xhat;
                yd[offset + c] = gamma[c] * xhat + beta[c];
            }
        }
    }

    /**
     * dL/dx of layer normalisation: per row, with {@code h = g gamma},
     * {@code dx = invStd / m (m h - sum_c h - xhat sum_c h xhat)} ({@code m} columns).
     */
    static void rowInputGradient(Tensor gradOutput, Tensor normalized, double[] invStd, double[] gamma,
                                 Tensor gradInput) {
        double[] g = gradOutput.data();
        double[] nd = normalized.data();
        double[] dx = gradInput.data();
        int columns = gradOutput.columns();
        for (int r = 0, offset = 0; r < gradOutput.rows(); r++, offset += columns) {
            double sum = 0.0;
            double dot = 0.0;
            for (int c = 0; c < columns; c++) {
                double h = g[offset + c] * gamma[c];
                sum += h;
                dot += h * nd[offset + c];
            }
            double scale = invStd[r] / columns;
            for (int c = 0; c < columns; c++) {
                double h = g[offset + c] * gamma[c];
                dx[offset + c] = scale * (columns * h - sum - nd[offset + c] * dot);
            }
        }
    }
}
