package dev.nn.train;

import dev.nn.layers.DenseLayer;
import dev.nn.network.Network;
import dev.nn.network.StepStreams;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds which component turned finite values into NaN or infinity in one batch. Run only after training detected a
 * non-finite value, so the hot loop pays nothing for it.
 *
 * <p>A non-finite loss is found before the update: the batch's forward pass is recomputed step by step on the
 * parameters it used (each layer's pre-activation and activation, then the loss). A non-finite parameter is found
 * after the update, which a non-finite gradient causes: the backward pass is then read back from the buffers it left
 * (the loss gradient, each dense layer's {@code dZ} and {@code dx}), which the update does not touch.
 *
 * <p>A component that gives a non-finite value for finite inputs of ordinary size is at fault (a plugin's bug, most
 * likely). When its inputs were already huge (beyond {@value #HUGE} in magnitude) or a layer's parameters gave a
 * non-finite pre-activation, the run diverged instead: that is what the learning-rate hint is for.
 */
final class NonFiniteAttribution {
    /** Inputs beyond this magnitude count as already diverged. */
    static final double HUGE = 1e6;

    /**
     * What went non-finite first.
     *
     * @param text e.g. {@code layer 2 activation 'nan_forward' (plugin x.jar) gave NaN for finite input}
     * @param diverged whether its inputs or parameters had already grown huge (the learning-rate hint applies)
     */
    record Finding(String text, boolean diverged) {
    }

    private final Network network;
    private final NetworkLabels labels;

    NonFiniteAttribution(Network network, NetworkLabels labels) {
        this.network = network;
        this.labels = labels;
    }

    /**
     * The first component that went non-finite in the forward pass of {@code inputs} (recomputed) or in the loss on
     * {@code targets}, if one is found.
     */
    Optional<Finding> forward(Tensor inputs, Tensor targets, StepStreams steps) {
        if (!inputs.isFinite()) {
            return Optional.of(new Finding("the batch's inputs are " + kind(inputs), false));
        }
        List<Layer> layers = network.layers();
        Tensor x = inputs;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Tensor out = layer.forward(x, steps.context(i));
            if (!out.isFinite()) {
                return Optional.of(forwardFinding(i, layer, x, out));
            }
            x = out;
        }
        double value = network.loss().value(x, targets);
        if (!Double.isFinite(value)) {
            return Optional.of(maxAbs(x) > HUGE
                    ? new Finding(labels.loss() + " gave " + value + " for predictions up to " + magnitude(x), true)
                    : new Finding(labels.loss() + " gave " + value + " for finite predictions", false));
        }
        return Optional.empty();
    }

    private Finding forwardFinding(int i, Layer layer, Tensor input, Tensor output) {
        String where = "layer " + (i + 1) + " ";
        if (layer instanceof DenseLayer dense) {
            Tensor z = dense.preActivation();
            if (!z.isFinite()) {
                return new Finding(where + "pre-activation went " + kind(z) + " for finite input (largest |input| "
                        + magnitude(input) + ", " + parameterSummary(layer) + ")", true);
            }
            if (maxAbs(z) > HUGE) {
                return new Finding(where + labels.activations().get(i) + " gave " + kind(output)
                        + " for pre-activations up to " + magnitude(z), true);
            }
            return new Finding(where + labels.activations().get(i) + " gave " + kind(output) + " for finite input",
                    false);
        }
        boolean diverged = maxAbs(input) > HUGE || !parametersFinite(layer);
        return new Finding(where + labels.layers().get(i) + " gave " + kind(output)
                + (diverged ? " for input up to " + magnitude(input) + " (" + parameterSummary(layer) + ")"
                        : " for finite input"), diverged);
    }

    /**
     * The first component that went non-finite in the last backward pass, read from the buffers it left, if one is
     * found; {@code predictions} is the output of the batch's forward pass. Empty when every gradient is finite (the
     * update itself overflowed) or the culprit is hidden inside a layer that is not dense.
     */
    Optional<Finding> backward(Tensor predictions, Tensor targets) {
        List<Layer> layers = network.layers();
        if (layers.stream().allMatch(NonFiniteAttribution::gradientsFinite)) {
            return Optional.empty();
        }
        int last = layers.size() - 1;
        Tensor gradient = Tensor.zeros(predictions.rows(), predictions.columns());
        boolean preActivation = network.outputActivation().isPresent() && network.loss().gradientBeforeActivation(
                network.outputActivation().get().properties(), predictions, targets, gradient);
        if (!preActivation) {
            network.loss().gradient(predictions, targets, gradient);
        }
        if (!gradient.isFinite()) {
            return Optional.of(new Finding(labels.loss() + " gave a " + kind(gradient)
                    + " gradient for finite predictions", maxAbs(predictions) > HUGE));
        }
        for (int i = last; i >= 0; i--) {
            Layer layer = layers.get(i);
            String where = "layer " + (i + 1) + " ";
            if (!(layer instanceof DenseLayer dense)) {
                return gradientsFinite(layer) ? Optional.empty() : Optional.of(maxAbs(gradient) > HUGE
                        ? new Finding(where + labels.layers().get(i) + " gave non-finite gradients for gradients up to "
                                + magnitude(gradient), true)
                        : new Finding(where + labels.layers().get(i) + " gave non-finite gradients for finite "
                                + "input", false));
            }
            Tensor gradZ = i == last && preActivation ? gradient : dense.gradPreActivation();
            if (!gradZ.isFinite()) {
                Tensor z = dense.preActivation();
                boolean diverged = maxAbs(z) > HUGE || maxAbs(gradient) > HUGE;
                return Optional.of(new Finding(where + labels.activations().get(i) + " gave " + kind(gradZ)
                        + " in backward for " + (diverged ? "inputs up to " + magnitude(z) + " and gradients up to "
                        + magnitude(gradient) : "finite input"), diverged));
            }
            if (!gradientsFinite(layer)) {
                return Optional.of(new Finding(where + "parameter gradients went non-finite for dZ up to "
                        + magnitude(gradZ) + " (" + parameterSummary(layer) + " after the update)", true));
            }
            if (i > 0) {
                gradient = dense.gradInput();
                if (!gradient.isFinite()) {
                    return Optional.of(new Finding(where + "input gradient went non-finite for dZ up to "
                            + magnitude(gradZ), true));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean parametersFinite(Layer layer) {
        return layer.parameters().stream().allMatch(p -> p.value().isFinite());
    }

    private static boolean gradientsFinite(Layer layer) {
        return layer.parameters().stream().allMatch(p -> p.gradient().isFinite());
    }

    /** {@code largest |W2| 3.0e+152, largest |b2| 1.0e+00}. */
    private static String parameterSummary(Layer layer) {
        List<String> parts = new ArrayList<>();
        for (Parameter parameter : layer.parameters()) {
            parts.add("largest |" + parameter.name() + "| " + magnitude(parameter.value()));
        }
        return parts.isEmpty() ? "no parameters" : String.join(", ", parts);
    }

    /** {@code NaN} when any value is NaN, else {@code Infinity} or {@code -Infinity}. */
    static String kind(Tensor tensor) {
        boolean positive = false;
        for (int i = 0; i < tensor.size(); i++) {
            double value = tensor.getFlat(i);
            if (Double.isNaN(value)) {
                return "NaN";
            }
            positive |= value == Double.POSITIVE_INFINITY;
        }
        return positive ? "Infinity" : "-Infinity";
    }

    private static double maxAbs(Tensor tensor) {
        double max = 0;
        for (int i = 0; i < tensor.size(); i++) {
            max = Math.max(max, Math.abs(tensor.getFlat(i)));
        }
        return max;
    }

    private static String magnitude(Tensor tensor) {
        return String.format(Locale.ROOT, "%.1e", maxAbs(tensor));
    }
}
