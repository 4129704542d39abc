package dev.nn.model;

import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The heap a spec's network needs to train, estimated from the spec alone so that a network too large for the heap
 * is refused before anything is allocated: every parameter with its gradient, the optimizer's state per
 * parameter (Adam's two moments, SGD's velocity when it has momentum) and the copy of the weights the dense layers
 * pack for inference passes (validation, testing), and per sample of a batch each dense layer's buffers
 * (pre-activation, output and their gradients). Sizes are doubles of 8 bytes.
 *
 * @param parameters the number of weights and biases
 * @param bytes the bytes needed, about
 * @param largestLayer the index of the layer with the most parameters
 * @param accounting what the estimate counts besides the parameters, e.g. {@code with gradients and adam's state}
 */
record MemoryEstimate(double parameters, double bytes, int largestLayer, String accounting) {
    private static final double DOUBLE_BYTES = 8;

    /**
     * The estimate for {@code spec}, or empty when its sizes are not all known (missing or invalid {@code input} or
     * {@code units}, reported elsewhere). Counted from the spec, before any layer is built: a dense layer by its
     * units; a layer of another type without {@code units} as keeping its width, with two parameters per feature.
     *
     * @param batch the samples per batch; activations are counted for this many
     */
    static Optional<MemoryEstimate> of(ModelSpec spec, Integer input, int batch) {
        List<LayerSpec> layers = spec.layers();
        if (input == null || input < 1 || layers == null || layers.isEmpty()) {
            return Optional.empty();
        }
        double parameters = 0;
        double perSample = input;
        double largest = -1;
        int largestLayer = 0;
        double fanIn = input;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer == null) {
                return Optional.empty();
            }
            boolean dense = layer.type() == null || layer.type().equals("dense");
            if (!dense && layer.units() == null) {
                // a layer of another type keeps the width: counted with a scale and a shift per feature
                parameters += 2 * fanIn;
                perSample += 3 * fanIn;
                continue;
            }
            if (layer.units() == null || layer.units() < 1) {
                return Optional.empty();
            }
            double units = layer.units();
            double layerParameters = units * fanIn + units;
            if (layerParameters > largest) {
                largest = layerParameters;
                largestLayer = i;
            }
            parameters += layerParameters;
            perSample += 3 * units + fanIn;
            fanIn = units;
        }
        int slots = optimizerSlots(spec.optimizer());
        // Value, gradient, the optimizer's slots, and the packed copy of an inference series (counted for every
        // parameter: the biases are few).
        double bytes = DOUBLE_BYTES * (parameters * (3 + slots) + perSample * Math.max(batch, 1));
        String accounting = "with gradients" + (slots == 0 ? "" : " and " + spec.optimizer().name() + "'s state");
        return Optional.of(new MemoryEstimate(parameters, bytes, largestLayer, accounting));
    }

    /** Tensors the size of the parameters that the optimizer keeps; 0 for one it does not know (a plugin's). */
    private static int optimizerSlots(ComponentRef optimizer) {
        if (optimizer == null) {
            return 0;
        }
        return switch (optimizer.name()) {
            case "adam" -> 2;
            case "adamw" -> Boolean.TRUE.equals(optimizer.parameters().get("amsgrad")) ? 3 : 2;
            case "rmsprop" -> 1 + (positive(optimizer.parameters().get("momentum")) ? 1 : 0)
                    + (Boolean.TRUE.equals(optimizer.parameters().get("centered")) ? 1 : 0);
            case "sgd" -> optimizer.parameters().get("momentum") instanceof Number momentum
                    && momentum.doubleValue() > 0 ? 1 : 0;
            default -> 0;
        };
    }

    private static boolean positive(Object value) {
        return value instanceof Number number && number.doubleValue() > 0;
    }

    /** {@code 4.6e9}, or the whole number below a million. */
    static String count(double value) {
        if (value < 1e6) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        int exponent = (int) Math.floor(Math.log10(value));
        double mantissa = value / Math.pow(10, exponent);
        if (Math.round(mantissa * 10) >= 100) {
            mantissa /= 10;
            exponent++;
        }
        return String.format(Locale.ROOT, "%.1fe%d", mantissa, exponent);
    }
}
