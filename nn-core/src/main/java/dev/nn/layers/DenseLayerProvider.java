package dev.nn.layers;

import dev.nn.spi.Activation;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.Tensor;
import java.util.Optional;

/**
 * Provides {@code dense}, the default layer type: options {@code units} (required), {@code activation} (default
 * {@code identity}) and {@code init} (default: the activation's preferred initializer); starting values
 * {@code weights} and {@code bias}.
 */
public final class DenseLayerProvider implements LayerProvider {
    @Override
    public String name() {
        return "dense";
    }

    @Override
    public String description() {
        return "fully connected: a = f(x W^T + b)";
    }

    @Override
    public Layer create(LayerContext context) {
        ComponentParameters options = context.options();
        boolean given = options.contains("units");
        long units = options.getLong("units", 0);
        Activation activation = context.activation("activation", "identity");
        Initializer initializer = context.initializer("init", activation.properties().initializer());
        if (!given) {
            throw new ParameterException("units", "the number of outputs, a whole number >= 1", "nothing");
        }
        if (units < 1 || units > Integer.MAX_VALUE) {
            throw new ParameterException("units", "a whole number >= 1", String.valueOf(units));
        }
        int outputs = (int) units;
        Optional<Tensor> weights = context.initialValue("weights", outputs, context.inputSize());
        Optional<Tensor> bias = context.initialValue("bias", 1, outputs);
        return new DenseLayer(context.position(), context.inputSize(), outputs, activation, weights, bias,
                initializer, context.random(), context.dataType());
    }
}
