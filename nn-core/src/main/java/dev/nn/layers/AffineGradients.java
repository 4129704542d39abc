package dev.nn.layers;

import java.util.Arrays;

/**
 * The gradients of a per-feature affine {@code y = gamma xhat + beta} over a batch, shared by the normalisation
 * layers: {@code dGamma = sum over rows of g xhat}, {@code dBeta = sum over rows of g}, rows summed in order.
 */
final class AffineGradients {
    private AffineGradients() {
    }

    /**
     * Writes {@code dGamma} and {@code dBeta} (each {@code size} long, overwritten) from the row-major
     * {@code rows x size} gradient {@code g} and normalised inputs {@code xhat}.
     */
    static void compute(double[] g, double[] xhat, int rows, int size, double[] dGamma, double[] dBeta) {
        Arrays.fill(dGamma, 0.0);
        Arrays.fill(dBeta, 0.0);
        for (int r = 0, offset = 0; r < rows; r++, offset += size) {
            for (int c = 0; c < size; c++) {
                dGamma[c] += g[offset + c] * xhat[offset + c];
                dBeta[c] += g[offset + c];
            }
        }
    }

    /**
     * {@link #compute(double[], double[], int, int, double[], double[])} for float32 tensors: each column summed in
     * double (rows in order) and rounded once, as PyTorch's CPU kernels accumulate these sums.
     */
    static void compute(float[] g, float[] xhat, int rows, int size, float[] dGamma, float[] dBeta) {
        for (int c = 0; c < size; c++) {
            double gammaSum = 0.0;
            double betaSum = 0.0;
            for (int r = 0, i = c; r < rows; r++, i += size) {
                gammaSum += (double) g[i] * xhat[i];
                betaSum += g[i];
            }
            dGamma[c] = (float) gammaSum;
            dBeta[c] = (float) betaSum;
        }
    }
}
