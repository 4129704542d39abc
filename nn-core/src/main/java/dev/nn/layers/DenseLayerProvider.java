package dev.nn.layers;

import dev.nn.spi.Layer;
import dev.nn.spi.LayerConfig;
import dev.nn.spi.LayerProvider;

/** Provides {@code dense}, the default layer type. */
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
    public Layer create(LayerConfig config) {
        return new DenseLayer(config);
    }
}
