package dev.nn.check;

import dev.nn.model.Network;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a network's backpropagated gradients with central finite differences of its loss, parameter by
 * parameter, on one batch.
 *
 * <p>For every element {@code p} of every parameter: numeric = {@code (L(p + h) - L(p - h)) / 2h} with
 * {@code h = step * max(1, |p|)}; relative error = {@code |analytic - numeric| / max(|analytic|, |numeric|, floor)}
 * with {@code floor = 1e-8} so that two gradients that are both essentially zero agree. Parameters are restored
 * exactly afterwards.
 */
public final class NetworkGradientCheck {
    /** The default finite-difference step. */
    public static final double DEFAULT_STEP = 1e-6;
    /** The default largest relative error that passes. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    private static final double FLOOR = 1e-8;

    private NetworkGradientCheck() {
    }

    /**
     * The result for one parameter.
     *
     * @param name e.g. {@code W1}
     * @param maxRelativeError the largest relative error over its elements
     * @param worstIndex the row-major index of that element
     * @param analytic the backpropagated gradient there
     * @param numeric the finite difference there
     */
    public record ParameterResult(String name, double maxRelativeError, int worstIndex, double analytic,
                                  double numeric) {
        public boolean passes(double tolerance) {
            return maxRelativeError <= tolerance;
        }
    }

    /** Checks every parameter of {@code network} on {@code inputs} and {@code targets}. */
    public static List<ParameterResult> check(Network network, Tensor inputs, Tensor targets, double step) {
        network.computeGradients(inputs, targets);
        List<Tensor> analytic = new ArrayList<>();
        for (Parameter parameter : network.parameters()) {
            analytic.add(parameter.gradient().copy());
        }
        List<ParameterResult> results = new ArrayList<>();
        for (int i = 0; i < network.parameters().size(); i++) {
            Parameter parameter = network.parameters().get(i);
            double[] values = parameter.value().data();
            double[] expected = analytic.get(i).data();
            double worst = 0.0;
            int worstIndex = 0;
            double worstNumeric = expected.length == 0 ? 0.0 : Double.NaN;
            for (int j = 0; j < values.length; j++) {
                double original = values[j];
                double h = step * Math.max(1.0, Math.abs(original));
                values[j] = original + h;
                double plus = network.loss().value(network.forward(inputs), targets);
                values[j] = original - h;
                double minus = network.loss().value(network.forward(inputs), targets);
                values[j] = original;
                double numeric = (plus - minus) / (2 * h);
                double error = relativeError(expected[j], numeric);
                if (j == 0 || error > worst || Double.isNaN(error)) {
                    worst = error;
                    worstIndex = j;
                    worstNumeric = numeric;
                }
            }
            results.add(new ParameterResult(parameter.name(), worst, worstIndex,
                    expected.length == 0 ? 0.0 : expected[worstIndex], worstNumeric));
        }
        return results;
    }

    static double relativeError(double analytic, double numeric) {
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }
}
