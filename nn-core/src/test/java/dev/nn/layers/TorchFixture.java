package dev.nn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One forward and backward pass of PyTorch's {@code BatchNorm1d} and {@code LayerNorm} in float64 on small inputs
 * ({@code normalization_torch.json}, written by {@code nn-it/src/test/resources/golden/generate_golden_torch.py}).
 * torch sums in its own order, so values agree to a few ulps; a wrong formula (an unbiased variance where the biased
 * one belongs, a missing term of the input gradient) is off by far more than the {@link #TOLERANCE} allowed.
 */
final class TorchFixture {
    /** The largest difference allowed, relative to {@code max(1, |expected|)}. */
    static final double TOLERANCE = 1e-12;

    private static final JsonNode ROOT = read();

    private TorchFixture() {
    }

    private static JsonNode read() {
        try (InputStream in = TorchFixture.class.getResourceAsStream("normalization_torch.json")) {
            if (in == null) {
                throw new IllegalStateException("normalization_torch.json is not on the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's {@code batch_norm} or {@code layer_norm} object. */
    static JsonNode of(String layer) {
        return ROOT.get(layer);
    }

    static Tensor matrix(JsonNode node) {
        double[][] rows = new double[node.size()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = vector(node.get(r)).data();
        }
        return Tensor.of(rows);
    }

    /** A list of numbers as a 1 x n tensor. */
    static Tensor vector(JsonNode node) {
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).doubleValue();
        }
        return Tensor.row(values);
    }

    /** Fails unless {@code actual} has {@code expected}'s shape and values, to {@link #TOLERANCE}. */
    static void assertClose(Tensor expected, Tensor actual, String what) {
        if (!actual.hasShape(expected.rows(), expected.columns())) {
            throw new AssertionError(what + ": expected shape " + expected.shape() + " but was " + actual.shape());
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.data()[i];
            double a = actual.data()[i];
            if (!(Math.abs(a - e) <= TOLERANCE * Math.max(1.0, Math.abs(e)))) {
                throw new AssertionError(what + "[" + i + "]: expected " + e + " but was " + a);
            }
        }
    }
}
