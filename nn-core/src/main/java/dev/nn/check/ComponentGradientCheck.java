package dev.nn.check;

import static java.util.Objects.requireNonNull;

import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Compares an activation's, a loss's or a layer's ({@link #checkLayer}, in either mode) analytic derivatives with
 * central differences at seeded random points.
 *
 * <h2>Activations</h2>
 * The inputs {@code z} are a batch of 4 rows of 5 values uniform in {@code [-4, 4]}, followed by rows holding the
 * edge points {@code k - d} and {@code k + d} beside each declared kink {@code k} ({@code d = 1e-3 * max(1, |k|)},
 * never the kink itself) and the large values {@code -30} and {@code 30}, padded with more random values. A random
 * value closer than {@code d} to a kink is moved to {@code k - d} or {@code k + d}. With random output gradients
 * {@code G} uniform in {@code [-1, 1]} and {@code S(z) = sum(G * f(z))}, the analytic
 * {@code dS/dz = backward(z, f(z), G)} is compared, element by element, with the central difference
 * {@code (S(z + h e_i) - S(z - h e_i)) / 2h}, {@code h = 1e-6 * max(1, |z_i|)}, evaluated as
 * {@code sum_k G_k (f(z + h e_i)_k - f(z - h e_i)_k) / 2h} so that unchanged outputs cancel exactly. Row-wise
 * activations such as softmax are checked the same way: the sum runs over the whole batch. The check also requires
 * every output to be finite and within {@link ActivationProperties#outputRange()} (an end counts only when the range
 * is closed there), every gradient to be finite, and inputs to be left unmodified.
 *
 * <h2>Losses</h2>
 * Predictions are 4 x 5 values drawn inside {@link LossProperties#predictionRange()}: between 5% and 95% of a
 * bounded range (so {@code [0.05, 0.95]} for {@code (0, 1]}), {@code [lower + 0.05, lower + 3]} or
 * {@code [upper - 3, upper - 0.05]} for a half-bounded one, {@code [-3, 3]} for an unbounded one. Targets are
 * one-hot rows when the loss declares {@link LossProperties#classification()}, otherwise drawn the same way inside
 * the target range. {@code gradient()} is compared with {@code (value(y + h e_i) - value(y - h e_i)) / 2h},
 * {@code h = 1e-6 * max(1, |y_i|)}; the value must be finite everywhere.
 *
 * <h2>Error and tolerance</h2>
 * For an analytic derivative {@code a} and a numeric one {@code n}, the relative error is
 * <pre>{@code
 *   error = max(0, |a - n| - r) / max(|a|, |n|, 1e-6)
 * }</pre>
 * where {@code r} is the rounding allowance of the difference quotient: for an activation
 * {@code 16 * 2^-52 * sum_k |G_k| (|f(z + h e_i)_k| + |f(z - h e_i)_k|) / 2h}, the sum running over the outputs
 * that changed and those in the perturbed row; for a loss of {@code m} predictions
 * {@code (16 + m) * 2^-52 * (|L(y + h e_i)| + |L(y - h e_i)|) / 2h}. The allowance keeps a derivative that is
 * nearly zero (sigmoid at 30, a softmax gradient that cancels) from failing on floating-point noise; the floor
 * {@code 1e-6} does the same for the {@code h^2} truncation error. The check passes when every error is at most
 * {@link #TOLERANCE} ({@code 1e-5}): a derivative that is off by a constant factor, a missing term or a wrong sign
 * fails by orders of magnitude. A correct component typically reports {@code 0}: its disagreement is within the
 * rounding allowance.
 *
 * <p>The check never throws because of the component: an exception, a {@code NaN} or a broken contract gives
 * {@code passed = false} with the reason in {@link CheckResult#worst()}. The same component and seed always give
 * the same result.
 */
public final class ComponentGradientCheck {
    /** The largest relative error that passes. */
    public static final double TOLERANCE = 1e-5;

    static final int ROWS = 4;
    static final int COLUMNS = 5;

    private static final double FLOOR = 1e-6;
    private static final double RELATIVE_STEP = 1e-6;
    private static final double ROUNDING_ULPS = 16;
    private static final double EPSILON = Math.ulp(1.0);
    private static final double RANDOM_BOUND = 4;
    private static final double LARGE = 30;
    private static final double KINK_OFFSET = 1e-3;
    private static final double MARGIN = 0.05;
    private static final double HALF_BOUNDED_WIDTH = 3;

    private ComponentGradientCheck() {
    }

    /**
     * Checks {@code activation}'s {@link Activation#backward backward} against central differences of its
     * {@link Activation#forward forward}, and its outputs against its declared properties.
     *
     * @param seed chooses the random points; the same seed gives the same result
     */
    public static CheckResult checkActivation(Activation activation, long seed) {
        requireNonNull(activation, "activation is null");
        return run(new ActivationCheck(activation, new SplitMix64(seed)));
    }

    /**
     * Checks {@code loss}'s {@link Loss#gradient gradient} against central differences of its
     * {@link Loss#value value}.
     *
     * @param seed chooses the random points; the same seed gives the same result
     */
    public static CheckResult checkLoss(Loss loss, long seed) {
        requireNonNull(loss, "loss is null");
        return run(new LossCheck(loss, new SplitMix64(seed)));
    }

    /**
     * Checks {@code layer}'s {@link Layer#backward backward} in {@code mode}: with {@code x} a batch of 4 rows of
     * input values uniform in {@code [-2, 2]} and {@code G} random output gradients uniform in {@code [-1, 1]}, the
     * input gradient {@code backward(G, true)} and every parameter's gradient are compared with central differences
     * of {@code S = sum(G * forward(x))}, {@code h = 1e-6 * max(1, |v|)}, relative error and rounding allowance as
     * for a loss of {@code batch x outputSize} values. A training pass draws from a stream re-created for every
     * forward ({@code SplitMix64(seed ^ 0x5DEECE66D)}), so dropout's mask is the same in each. The layer's state is
     * restored before every pass and at the end, and its parameters are left as they were.
     *
     * @param seed chooses the points (and the training stream); the same seed gives the same result
     */
    public static CheckResult checkLayer(Layer layer, ForwardContext.Mode mode, long seed) {
        requireNonNull(layer, "layer is null");
        requireNonNull(mode, "mode is null");
        List<Tensor> state = new ArrayList<>();
        try {
            layer.state().forEach(t -> state.add(t.value().copy()));
            return new LayerCheck(layer, mode, seed, state).compare();
        } catch (Violation violation) {
            return new CheckResult(false, Double.NaN, 0, violation.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new CheckResult(false, Double.NaN, 0, "check aborted: " + describe(e));
        } finally {
            for (int i = 0; i < state.size(); i++) {
                layer.state().get(i).value().copyFromInPlace(state.get(i));
            }
        }
    }

    /** One layer check: the points, the passes, the worst error so far. */
    private static final class LayerCheck {
        private final Layer layer;
        private final ForwardContext.Mode mode;
        private final long seed;
        private final List<Tensor> state;
        private final Tensor x;
        private final Tensor g;
        private int points;
        private double worstError = -1;
        private String worst = "no points compared";

        LayerCheck(Layer layer, ForwardContext.Mode mode, long seed, List<Tensor> state) {
            this.layer = layer;
            this.mode = mode;
            this.seed = seed;
            this.state = state;
            SplitMix64 random = new SplitMix64(seed);
            this.x = Tensor.zeros(ROWS, layer.inputSize());
            for (int i = 0; i < x.size(); i++) {
                x.data()[i] = (random.nextDouble() * 2 - 1) * 2;
            }
            this.g = Tensor.zeros(ROWS, layer.outputSize());
            for (int i = 0; i < g.size(); i++) {
                g.data()[i] = random.nextDouble() * 2 - 1;
            }
        }

        /** {@code sum(G * forward(x))}, from the saved state. */
        private double objective() {
            for (int i = 0; i < state.size(); i++) {
                layer.state().get(i).value().copyFromInPlace(state.get(i));
            }
            ForwardContext context = mode == ForwardContext.Mode.TRAINING
                    ? ForwardContext.training(new SplitMix64(seed ^ 0x5DEECE66DL)) : ForwardContext.inference();
            Tensor y = layer.forward(x, context);
            if (!y.hasShape(ROWS, layer.outputSize())) {
                throw new Violation(mode + " forward gave " + y.shape() + " for " + x.shape() + "; expected "
                        + ROWS + "x" + layer.outputSize());
            }
            if (!y.isFinite()) {
                throw new Violation(mode + " forward gave non-finite outputs for finite input");
            }
            double sum = 0;
            for (int i = 0; i < y.size(); i++) {
                sum += g.data()[i] * y.data()[i];
            }
            return sum;
        }

        CheckResult compare() {
            Tensor original = x.copy();
            objective();
            Tensor dx = layer.backward(g.copy(), true).copy();
            List<Tensor> gradients = new ArrayList<>();
            layer.parameters().forEach(p -> gradients.add(p.gradient().copy()));
            if (!original.equals(x)) {
                throw new Violation(mode + " forward modified its input");
            }
            differences(x.data(), dx.data(), "input");
            for (int p = 0; p < gradients.size(); p++) {
                differences(layer.parameters().get(p).value().data(), gradients.get(p).data(),
                        "parameter " + layer.parameters().get(p).name());
            }
            boolean passed = worstError <= TOLERANCE;
            return new CheckResult(passed, Math.max(worstError, 0), points, mode.name().toLowerCase(Locale.ROOT)
                    + " mode: " + worst);
        }

        private void differences(double[] values, double[] analytic, String what) {
            for (int i = 0; i < values.length; i++) {
                double value = values[i];
                double h = RELATIVE_STEP * Math.max(1, Math.abs(value));
                values[i] = value + h;
                double plus = objective();
                values[i] = value - h;
                double minus = objective();
                values[i] = value;
                double numeric = (plus - minus) / (2 * h);
                double a = analytic[i];
                double rounding = (ROUNDING_ULPS + g.size()) * EPSILON * (Math.abs(plus) + Math.abs(minus)) / (2 * h);
                double error = !Double.isFinite(a) ? Double.POSITIVE_INFINITY
                        : Math.max(0, Math.abs(a - numeric) - rounding)
                                / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(numeric)));
                points++;
                if (error > worstError) {
                    worstError = error;
                    worst = String.format(Locale.ROOT, "%s element %d (value %.6g): analytic %.6g, numeric %.6g, "
                            + "relative error %.6g", what, i, value, a, numeric, error);
                }
            }
        }
    }

    private static CheckResult run(Check check) {
        try {
            return check.compare();
        } catch (Violation violation) {
            return new CheckResult(false, Double.NaN, check.points, violation.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new CheckResult(false, Double.NaN, check.points, "check aborted: " + describe(e));
        }
    }

    private abstract static class Check {
        final SplitMix64 random;
        int points;
        double worstError = -1;
        String worst = "no points compared";

        Check(SplitMix64 random) {
            this.random = random;
        }

        abstract CheckResult compare();

        void record(double error, String description) {
            points++;
            if (error > worstError) {
                worstError = error;
                worst = description;
            }
        }

        CheckResult result() {
            double max = Math.max(worstError, 0.0);
            return new CheckResult(max <= TOLERANCE, max, points, worst);
        }

        double uniform(double lower, double upper) {
            return lower + (upper - lower) * random.nextDouble();
        }
    }

    private static final class ActivationCheck extends Check {
        private final Activation activation;

        ActivationCheck(Activation activation, SplitMix64 random) {
            super(random);
            this.activation = activation;
        }

        @Override
        CheckResult compare() {
            ActivationProperties properties = call("properties()", activation::properties);
            if (properties == null) {
                throw new Violation("properties() returned null");
            }
            Range outputRange = properties.outputRange();
            if (outputRange == null) {
                throw new Violation("properties().outputRange() is null");
            }
            List<Double> kinks = properties.kinks().stream().filter(Double::isFinite).toList();
            boolean rowwise = properties.rowwise();

            Tensor z = inputs(kinks);
            Tensor zBefore = z.copy();
            Tensor y = forward(z, "at the random points");
            if (!z.equals(zBefore)) {
                throw new Violation("forward modified its input");
            }
            for (int i = 0; i < y.size(); i++) {
                double value = y.data()[i];
                if (!outputRange.contains(value)) {
                    throw new Violation("forward gave " + value + " at " + point(z, i, rowwise)
                            + ", outside the declared output range " + outputRange);
                }
            }

            Tensor gradOutput = Tensor.zeros(z.rows(), z.columns());
            for (int i = 0; i < gradOutput.size(); i++) {
                gradOutput.data()[i] = uniform(-1, 1);
            }
            Tensor yBefore = y.copy();
            Tensor gradOutputBefore = gradOutput.copy();
            Tensor gradInput = unwritten(z);
            try {
                activation.backward(z, y, gradOutput, gradInput);
            } catch (RuntimeException | LinkageError e) {
                throw new Violation("backward threw " + describe(e));
            }
            if (!z.equals(zBefore) || !y.equals(yBefore) || !gradOutput.equals(gradOutputBefore)) {
                throw new Violation("backward modified its input, output or gradOutput");
            }
            for (int i = 0; i < gradInput.size(); i++) {
                if (!Double.isFinite(gradInput.data()[i])) {
                    throw new Violation("backward gave " + gradInput.data()[i] + " at " + point(z, i, rowwise)
                            + " (gradInput must be finite and fully overwritten)");
                }
            }

            double[] g = gradOutput.data();
            int columns = z.columns();
            for (int i = 0; i < z.size(); i++) {
                double zi = z.data()[i];
                double h = step(zi);
                Tensor plus = z.copy();
                plus.data()[i] = zi + h;
                Tensor minus = z.copy();
                minus.data()[i] = zi - h;
                double[] yPlus = forward(plus, "at " + (zi + h)).data();
                double[] yMinus = forward(minus, "at " + (zi - h)).data();
                double width = plus.data()[i] - minus.data()[i];
                int row = i / columns;
                double difference = 0;
                double magnitude = 0;
                for (int k = 0; k < yPlus.length; k++) {
                    double d = yPlus[k] - yMinus[k];
                    if (d != 0 || k / columns == row) {
                        difference += g[k] * d;
                        magnitude += Math.abs(g[k]) * (Math.abs(yPlus[k]) + Math.abs(yMinus[k]));
                    }
                }
                double numeric = difference / width;
                double rounding = ROUNDING_ULPS * EPSILON * magnitude / width;
                double analytic = gradInput.data()[i];
                double error = relativeError(analytic, numeric, rounding);
                record(error, point(z, i, rowwise) + ": analytic " + format(analytic) + ", numeric "
                        + format(numeric) + ", relative error " + format(error));
            }
            return result();
        }

        private Tensor inputs(List<Double> kinks) {
            List<Double> special = new ArrayList<>();
            for (double kink : kinks) {
                double offset = kinkOffset(kink);
                special.add(kink - offset);
                special.add(kink + offset);
            }
            special.add(-LARGE);
            special.add(LARGE);
            int extraRows = (special.size() + COLUMNS - 1) / COLUMNS;
            Tensor z = Tensor.zeros(ROWS + extraRows, COLUMNS);
            double[] data = z.data();
            for (int i = 0; i < data.length; i++) {
                int s = i - ROWS * COLUMNS;
                data[i] = s >= 0 && s < special.size()
                        ? special.get(s)
                        : awayFromKinks(uniform(-RANDOM_BOUND, RANDOM_BOUND), kinks);
            }
            return z;
        }

        private static double awayFromKinks(double value, List<Double> kinks) {
            double result = value;
            for (double kink : kinks) {
                double offset = kinkOffset(kink);
                if (Math.abs(result - kink) < offset) {
                    result = result < kink ? kink - offset : kink + offset;
                }
            }
            return result;
        }

        private static double kinkOffset(double kink) {
            return KINK_OFFSET * Math.max(1, Math.abs(kink));
        }

        private Tensor forward(Tensor z, String where) {
            Tensor y = unwritten(z);
            try {
                activation.forward(z, y);
            } catch (RuntimeException | LinkageError e) {
                throw new Violation("forward threw " + describe(e) + " " + where);
            }
            for (int i = 0; i < y.size(); i++) {
                if (!Double.isFinite(y.data()[i])) {
                    throw new Violation("forward gave " + y.data()[i] + " at " + point(z, i, false)
                            + " (outputs must be finite and fully overwritten)");
                }
            }
            return y;
        }

        private static String point(Tensor z, int index, boolean rowwise) {
            int row = index / z.columns();
            int column = index % z.columns();
            String text = "row " + row + ", column " + column + " (z = " + format(z.data()[index]);
            if (rowwise) {
                text += ", row z = " + formatAll(z.rowCopy(row));
            }
            return text + ")";
        }
    }

    private static final class LossCheck extends Check {
        private final Loss loss;

        LossCheck(Loss loss, SplitMix64 random) {
            super(random);
            this.loss = loss;
        }

        @Override
        CheckResult compare() {
            LossProperties properties = call("properties()", loss::properties);
            if (properties == null) {
                throw new Violation("properties() returned null");
            }
            if (properties.predictionRange() == null || properties.targetRange() == null) {
                throw new Violation("properties() declares a null range");
            }
            Tensor predictions = draw(properties.predictionRange());
            Tensor targets = properties.classification() ? oneHot() : draw(properties.targetRange());
            Tensor predictionsBefore = predictions.copy();
            Tensor targetsBefore = targets.copy();

            value(predictions, targets);
            if (!predictions.equals(predictionsBefore) || !targets.equals(targetsBefore)) {
                throw new Violation("value modified its predictions or targets");
            }
            Tensor gradient = unwritten(predictions);
            try {
                loss.gradient(predictions, targets, gradient);
            } catch (RuntimeException | LinkageError e) {
                throw new Violation("gradient threw " + describe(e));
            }
            if (!predictions.equals(predictionsBefore) || !targets.equals(targetsBefore)) {
                throw new Violation("gradient modified its predictions or targets");
            }
            for (int i = 0; i < gradient.size(); i++) {
                if (!Double.isFinite(gradient.data()[i])) {
                    throw new Violation("gradient gave " + gradient.data()[i] + " at " + point(predictions, targets, i)
                            + " (the gradient must be finite and fully overwritten)");
                }
            }

            for (int i = 0; i < predictions.size(); i++) {
                double yi = predictions.data()[i];
                double h = step(yi);
                Tensor plus = predictions.copy();
                plus.data()[i] = yi + h;
                Tensor minus = predictions.copy();
                minus.data()[i] = yi - h;
                double valuePlus = value(plus, targets);
                double valueMinus = value(minus, targets);
                double width = plus.data()[i] - minus.data()[i];
                double numeric = (valuePlus - valueMinus) / width;
                double rounding = (ROUNDING_ULPS + predictions.size()) * EPSILON
                        * (Math.abs(valuePlus) + Math.abs(valueMinus)) / width;
                double analytic = gradient.data()[i];
                double error = relativeError(analytic, numeric, rounding);
                record(error, point(predictions, targets, i) + ": analytic " + format(analytic) + ", numeric "
                        + format(numeric) + ", relative error " + format(error));
            }
            return result();
        }

        private double value(Tensor predictions, Tensor targets) {
            double value;
            try {
                value = loss.value(predictions, targets);
            } catch (RuntimeException | LinkageError e) {
                throw new Violation("value threw " + describe(e) + " for predictions "
                        + formatAll(predictions.data()) + ", targets " + formatAll(targets.data()));
            }
            if (!Double.isFinite(value)) {
                throw new Violation("value gave " + value + " for predictions " + formatAll(predictions.data())
                        + ", targets " + formatAll(targets.data()));
            }
            return value;
        }

        private Tensor draw(Range range) {
            double lower;
            double upper;
            boolean lowerFinite = Double.isFinite(range.lower());
            boolean upperFinite = Double.isFinite(range.upper());
            if (lowerFinite && upperFinite) {
                double width = range.upper() - range.lower();
                lower = range.lower() + MARGIN * width;
                upper = range.upper() - MARGIN * width;
            } else if (lowerFinite) {
                lower = range.lower() + MARGIN;
                upper = range.lower() + HALF_BOUNDED_WIDTH;
            } else if (upperFinite) {
                lower = range.upper() - HALF_BOUNDED_WIDTH;
                upper = range.upper() - MARGIN;
            } else {
                lower = -HALF_BOUNDED_WIDTH;
                upper = HALF_BOUNDED_WIDTH;
            }
            Tensor result = Tensor.zeros(ROWS, COLUMNS);
            for (int i = 0; i < result.size(); i++) {
                result.data()[i] = uniform(lower, upper);
            }
            return result;
        }

        private Tensor oneHot() {
            Tensor result = Tensor.zeros(ROWS, COLUMNS);
            for (int row = 0; row < ROWS; row++) {
                result.set(row, random.nextIndex(COLUMNS), 1.0);
            }
            return result;
        }

        private static String point(Tensor predictions, Tensor targets, int index) {
            int row = index / predictions.columns();
            int column = index % predictions.columns();
            return "row " + row + ", column " + column + " (prediction " + format(predictions.data()[index])
                    + ", target " + format(targets.data()[index]) + ")";
        }
    }

    private static double step(double x) {
        return RELATIVE_STEP * Math.max(1, Math.abs(x));
    }

    private static double relativeError(double analytic, double numeric, double rounding) {
        double scale = Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
        return Math.max(0, Math.abs(analytic - numeric) - rounding) / scale;
    }

    private static Tensor unwritten(Tensor like) {
        return Tensor.zeros(like.rows(), like.columns()).fillInPlace(Double.NaN);
    }

    private static <T> T call(String what, Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException | LinkageError e) {
            throw new Violation(what + " threw " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static String formatAll(double[] values) {
        String[] parts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            parts[i] = format(values[i]);
        }
        return Arrays.toString(parts);
    }

    /** A component broke its contract; the message says how. */
    private static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message, null, false, false);
        }
    }
}
