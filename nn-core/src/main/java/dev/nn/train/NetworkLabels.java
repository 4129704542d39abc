package dev.nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How messages about a network name its components: for each layer, its activation and its layer type, and the
 * loss, each with where it came from, e.g. {@code activation 'swish' (plugin nn-example-plugin.jar)}.
 *
 * @param activations per layer, e.g. {@code activation 'relu' (built-in)}
 * @param layers per layer, e.g. {@code type 'dense' (built-in)}
 * @param loss e.g. {@code loss 'mse' (built-in)}
 */
public record NetworkLabels(List<String> activations, List<String> layers, String loss) {
    public NetworkLabels {
        activations = List.copyOf(activations);
        layers = List.copyOf(layers);
        Objects.requireNonNull(loss, "loss is null");
        if (activations.size() != layers.size()) {
            throw new IllegalArgumentException(activations.size() + " activation labels for " + layers.size()
                    + " layers");
        }
    }

    /** Labels that know nothing but the layer count. */
    public static NetworkLabels unnamed(int layerCount) {
        List<String> activations = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            activations.add("its activation");
            layers.add("itself");
        }
        return new NetworkLabels(activations, layers, "the loss");
    }
}
