package dev.nn.examples;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.Layer;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.util.Arrays;

/**
 * Creates {@link FeatureScale}: {@code {type: feature_scale, initial: 0.5}}, with option {@code initial} (a finite
 * number, default {@value FeatureScale#DEFAULT_INITIAL}), the starting value of every feature's scale.
 *
 * <p>Its parameter {@code scale} and its state {@code seen} come back from a saved model through
 * {@link LayerContext#initialValue}, which reads them from the layer's {@code parameters:} and {@code state:}
 * mappings; a spec may also give them there as starting values. Options are read by name, so that the platform
 * reports any other key as unknown, listing {@code initial}.
 */
public final class FeatureScaleProvider implements LayerProvider {
    @Override
    public String name() {
        return "feature_scale";
    }

    @Override
    public String description() {
        return "y = x * scale, a learnable scale per feature (option initial, default 1); counts the samples trained on";
    }

    @Override
    public Layer create(LayerContext context) {
        requireNonNull(context, "context is null");
        // getDouble rejects a non-number and a non-finite number with a ParameterException naming 'initial'.
        double initial = context.options().getDouble("initial", FeatureScale.DEFAULT_INITIAL);
        int features = context.inputSize();
        Tensor scale = context.initialValue("scale", 1, features).orElseGet(() -> {
            Tensor filled = Tensor.zeros(1, features);
            Arrays.fill(filled.data(), initial);
            return filled;
        });
        Tensor seen = context.initialValue("seen", 1, 1).orElseGet(() -> Tensor.zeros(1, 1));
        return new FeatureScale(new Parameter("scale", context.displayName("scale"), scale),
                new StateTensor("seen", context.displayName("seen"), seen));
    }
}
