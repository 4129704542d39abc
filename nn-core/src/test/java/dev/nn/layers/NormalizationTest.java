package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The normalisation arithmetic against PyTorch's {@code BatchNorm1d} and {@code LayerNorm} in float64, one forward
 * and backward pass on small inputs ({@code normalization_torch.json}, written by
 * {@code nn-it/src/test/resources/golden/generate_golden_torch.py}). torch sums in its own order, so values agree to
 * a few ulps; a wrong formula (an unbiased variance where the biased one belongs, a missing term of the input
 * gradient) is off by far more than the 1e-12 allowed.
 */
final class NormalizationTest {
    private static final double TOLERANCE = 1e-12;
    private static final JsonNode FIXTURE = fixture();

    private static JsonNode fixture() {
        try (InputStream in = NormalizationTest.class.getResourceAsStream("normalization_torch.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor matrix(JsonNode node) {
        double[][] rows = new double[node.size()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = vector(node.get(r));
        }
        return Tensor.of(rows);
    }

    private static double[] vector(JsonNode node) {
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).doubleValue();
        }
        return values;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(actual[i] - expected[i]) <= allowed)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    private static void assertClose(JsonNode expected, Tensor actual, String what) {
        assertClose(matrix(expected).data(), actual.data(), what);
    }

    @Test
    void batchStatisticsNormaliseAndUpdateTheRunningStatisticsAsBatchNorm1dInTraining() {
        JsonNode spec = FIXTURE.get("batch_norm");
        JsonNode expected = spec.get("training");
        Tensor x = matrix(spec.get("input"));
        int columns = x.columns();
        double[] gamma = vector(spec.get("gamma"));
        double[] beta = vector(spec.get("beta"));
        double[] runningMean = vector(spec.get("running_mean"));
        double[] runningVariance = vector(spec.get("running_var"));
        double[] mean = new double[columns];
        double[] variance = new double[columns];
        double[] invStd = new double[columns];
        Tensor normalized = Tensor.zeros(x.rows(), columns);
        Tensor y = Tensor.zeros(x.rows(), columns);

        Normalization.columnStatistics(x, spec.get("epsilon").doubleValue(), mean, variance, invStd);
        Normalization.normalizeColumns(x, mean, invStd, gamma, beta, normalized, y);
        Normalization.updateRunningStatistics(runningMean, runningVariance, mean, variance, x.rows(),
                spec.get("momentum").doubleValue());

        assertClose(expected.get("output"), y, "output");
        assertClose(vector(expected.get("running_mean")), runningMean, "running_mean");
        assertClose(vector(expected.get("running_var")), runningVariance, "running_var");
    }

    @Test
    void trainingGradientsIncludeThePathThroughTheBatchStatistics() {
        JsonNode spec = FIXTURE.get("batch_norm");
        JsonNode expected = spec.get("training");
        Tensor x = matrix(spec.get("input"));
        Tensor g = matrix(spec.get("output_gradient"));
        int columns = x.columns();
        double[] gamma = vector(spec.get("gamma"));
        double[] mean = new double[columns];
        double[] variance = new double[columns];
        double[] invStd = new double[columns];
        Tensor normalized = Tensor.zeros(x.rows(), columns);
        double[] gammaGradient = new double[columns];
        double[] betaGradient = new double[columns];
        Tensor dx = Tensor.zeros(x.rows(), columns);

        Normalization.columnStatistics(x, spec.get("epsilon").doubleValue(), mean, variance, invStd);
        Normalization.normalizeColumns(x, mean, invStd, gamma, vector(spec.get("beta")), normalized,
                Tensor.zeros(x.rows(), columns));
        Normalization.affineGradients(g, normalized, gammaGradient, betaGradient);
        Normalization.batchInputGradient(g, normalized, invStd, gamma, gammaGradient, betaGradient, dx);

        assertClose(expected.get("input_gradient"), dx, "input gradient");
        assertClose(vector(expected.get("gamma_gradient")), gammaGradient, "gamma gradient");
        assertClose(vector(expected.get("beta_gradient")), betaGradient, "beta gradient");
    }

    @Test
    void inferenceUsesTheRunningStatisticsAndTheirGradientIsTheAffineMapsAlone() {
        JsonNode spec = FIXTURE.get("batch_norm");
        JsonNode expected = spec.get("inference");
        Tensor x = matrix(spec.get("input"));
        Tensor g = matrix(spec.get("output_gradient"));
        int columns = x.columns();
        double[] gamma = vector(spec.get("gamma"));
        double[] runningMean = vector(spec.get("training").get("running_mean"));
        double[] invStd = new double[columns];
        Tensor normalized = Tensor.zeros(x.rows(), columns);
        Tensor y = Tensor.zeros(x.rows(), columns);
        double[] gammaGradient = new double[columns];
        double[] betaGradient = new double[columns];
        Tensor dx = Tensor.zeros(x.rows(), columns);

        Normalization.inverseStandardDeviations(vector(spec.get("training").get("running_var")),
                spec.get("epsilon").doubleValue(), invStd);
        Normalization.normalizeColumns(x, runningMean, invStd, gamma, vector(spec.get("beta")), normalized, y);
        Normalization.affineGradients(g, normalized, gammaGradient, betaGradient);
        Normalization.fixedInputGradient(g, invStd, gamma, dx);

        assertClose(expected.get("output"), y, "output");
        assertClose(expected.get("input_gradient"), dx, "input gradient");
        assertClose(vector(expected.get("gamma_gradient")), gammaGradient, "gamma gradient");
        assertClose(vector(expected.get("beta_gradient")), betaGradient, "beta gradient");
    }

    @Test
    void layerNormalisationNormalisesEachRowAsLayerNorm() {
        JsonNode spec = FIXTURE.get("layer_norm");
        JsonNode expected = spec.get("pass");
        Tensor x = matrix(spec.get("input"));
        Tensor g = matrix(spec.get("output_gradient"));
        int columns = x.columns();
        double[] gamma = vector(spec.get("gamma"));
        double[] invStd = new double[x.rows()];
        Tensor normalized = Tensor.zeros(x.rows(), columns);
        Tensor y = Tensor.zeros(x.rows(), columns);
        double[] gammaGradient = new double[columns];
        double[] betaGradient = new double[columns];
        Tensor dx = Tensor.zeros(x.rows(), columns);

        Normalization.normalizeRows(x, spec.get("epsilon").doubleValue(), gamma, vector(spec.get("beta")), invStd,
                normalized, y);
        Normalization.affineGradients(g, normalized, gammaGradient, betaGradient);
        Normalization.rowInputGradient(g, normalized, invStd, gamma, dx);

        assertClose(expected.get("output"), y, "output");
        assertClose(expected.get("input_gradient"), dx, "input gradient");
        assertClose(vector(expected.get("gamma_gradient")), gammaGradient, "gamma gradient");
        assertClose(vector(expected.get("beta_gradient")), betaGradient, "beta gradient");
    }
}
