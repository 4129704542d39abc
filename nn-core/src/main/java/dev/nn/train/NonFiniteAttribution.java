package dev.nn.train;

import dev.nn.layers.DenseLayer;
import dev.nn.model.Network;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds which component turned finite values into NaN or infinity in one batch, by recomputing that batch step by
 * step: each layer's pre-activation and activation forward, the loss, the loss gradient, and each layer's backward.
 * Run only after training detected a non-finite value, on the parameters that batch used, so the hot loop pays
 * nothing for it.
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

    /** The first component that went non-finite on {@code inputs} and {@code targets}, if one is found. */
    Optional<Finding> attribute(Tensor inputs, Tensor targets) {
        if (!inputs.isFinite()) {
            return Optional.of(new Finding("the batch's inputs are " + kind(inputs), false));
        }
        List<Layer> layers = network.layers();
        List<Tensor> outputs = new ArrayList<>();
        Tensor x = inputs;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Tensor out = layer.forward(x);
            if (!out.isFinite()) {
                return Optional.of(forwardFinding(i, layer, x, out));
            }
            outputs.add(out);
            x = out;
        }
        Tensor predictions = x;
        double value = network.loss().value(predictions, targets);
        if (!Double.isFinite(value)) {
            return Optional.of(maxAbs(predictions) > HUGE
                    ? new Finding(labels.loss() + " gave " + value + " for predictions up to "
                            + magnitude(predictions), true)
                    : new Finding(labels.loss() + " gave " + value + " for finite predictions", false));
        }
        return backward(layers, outputs, predictions, targets);
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

    private Optional<Finding> backward(List<Layer> layers, List<Tensor> outputs, Tensor predictions,
                                       Tensor targets) {
        int last = layers.size() - 1;
        Tensor gradient = Tensor.zeros(predictions.rows(), predictions.columns());
        boolean preActivation = network.loss().gradientBeforeActivation(
                layers.get(last).activation().properties(), predictions, targets, gradient);
        if (!preActivation) {
            network.loss().gradient(predictions, targets, gradient);
        }
        if (!gradient.isFinite()) {
            return Optional.of(new Finding(labels.loss() + " gave a " + kind(gradient)
                    + " gradient for finite predictions", maxAbs(predictions) > HUGE));
        }
        for (int i = last; i >= 0; i--) {
            Layer layer = layers.get(i);
            boolean fromPreActivation = i == last && preActivation;
            String where = "layer " + (i + 1) + " ";
            Tensor next;
            if (layer instanceof DenseLayer dense) {
                Tensor gradZ = gradient;
                if (!fromPreActivation) {
                    Tensor z = dense.preActivation();
                    gradZ = Tensor.zeros(z.rows(), z.columns());
                    layer.activation().backward(z, outputs.get(i), gradient, gradZ);
                    if (!gradZ.isFinite()) {
                        boolean diverged = maxAbs(z) > HUGE || maxAbs(gradient) > HUGE;
                        return Optional.of(new Finding(where + labels.activations().get(i) + " gave "
                                + kind(gradZ) + " in backward for " + (diverged ? "inputs up to " + magnitude(z)
                                + " and gradients up to " + magnitude(gradient) : "finite input"), diverged));
                    }
                }
                next = layer.backwardFromPreActivation(gradZ);
            } else {
                next = fromPreActivation ? layer.backwardFromPreActivation(gradient) : layer.backward(gradient);
            }
            if (!next.isFinite() || !gradientsFinite(layer)) {
                boolean diverged = maxAbs(gradient) > HUGE || !parametersFinite(layer) || layer instanceof DenseLayer;
                String what = layer instanceof DenseLayer ? "gradients went non-finite" : labels.layers().get(i)
                        + " gave " + (next.isFinite() ? "non-finite parameter gradients" : kind(next)) + " in backward";
                return Optional.of(new Finding(where + what + " for gradients up to " + magnitude(gradient) + " ("
                        + parameterSummary(layer) + ")", diverged));
            }
            gradient = next;
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
        for (double value : tensor.data()) {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            positive |= value == Double.POSITIVE_INFINITY;
        }
        return positive ? "Infinity" : "-Infinity";
    }

    private static double maxAbs(Tensor tensor) {
        double max = 0;
        for (double value : tensor.data()) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static String magnitude(Tensor tensor) {
        return String.format(Locale.ROOT, "%.1e", maxAbs(tensor));
    }
}
