package dev.nn.check;

import dev.nn.network.Network;
import dev.nn.network.StepStreams;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
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
 * exactly afterwards, and so is the layers' state (a training pass may update it, e.g. running statistics).
 *
 * <p>A check runs in one mode. In training mode every forward pass (the backpropagated one and each finite
 * difference) draws the same numbers: each layer's step stream of epoch 1, batch 1, re-created for every pass, so
 * that dropout's mask is the same in all of them. In inference mode nothing is drawn.
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
     * @param mode the mode of the forward passes
     */
    public record ParameterResult(String name, double maxRelativeError, int worstIndex, double analytic,
                                  double numeric, ForwardContext.Mode mode) {
        public boolean passes(double tolerance) {
            return maxRelativeError <= tolerance;
        }
    }

    /** Checks every parameter of {@code network} on {@code inputs} and {@code targets}, in inference mode. */
    public static List<ParameterResult> check(Network network, Tensor inputs, Tensor targets, double step) {
        return check(network, inputs, targets, step, ForwardContext.Mode.INFERENCE, 0L);
    }

    /**
     * Checks every parameter of {@code network} on {@code inputs} and {@code targets} in {@code mode}; in training
     * mode with the step streams of {@code seed}, epoch 1, batch 1.
     */
    public static List<ParameterResult> check(Network network, Tensor inputs, Tensor targets, double step,
                                              ForwardContext.Mode mode, long seed) {
        List<Tensor> savedState = new ArrayList<>();
        for (StateTensor state : network.state()) {
            savedState.add(state.value().copy());
        }
        try {
            return checkAll(network, inputs, targets, step, mode, seed);
        } finally {
            for (int i = 0; i < savedState.size(); i++) {
                network.state().get(i).value().copyFromInPlace(savedState.get(i));
            }
        }
    }

    private static List<ParameterResult> checkAll(Network network, Tensor inputs, Tensor targets, double step,
                                                  ForwardContext.Mode mode, long seed) {
        StepStreams steps = mode == ForwardContext.Mode.TRAINING
                ? new StepStreams(seed, network.layers().size()) : null;
        Tensor predictions = forward(network, inputs, steps);
        network.backward(predictions, targets);
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
                double plus = network.loss().value(forward(network, inputs, steps), targets);
                values[j] = original - h;
                double minus = network.loss().value(forward(network, inputs, steps), targets);
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
                    expected.length == 0 ? 0.0 : expected[worstIndex], worstNumeric, mode));
        }
        return results;
    }

    /** An inference pass, or a training pass drawing the stream of epoch 1, batch 1 afresh. */
    private static Tensor forward(Network network, Tensor inputs, StepStreams steps) {
        if (steps == null) {
            return network.forward(inputs);
        }
        steps.moveTo(1, 1);
        return network.forward(inputs, steps);
    }

    static double relativeError(double analytic, double numeric) {
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }
}
