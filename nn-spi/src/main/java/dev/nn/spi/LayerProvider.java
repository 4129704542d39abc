package dev.nn.spi;

/**
 * Creates a {@link Layer}; registered in {@code META-INF/services/dev.nn.spi.LayerProvider}.
 *
 * <p>Unlike other providers, a layer provider is given the whole {@link LayerConfig}: sizes, activation, starting
 * values and a seeded random source, besides the spec's parameters.
 */
public interface LayerProvider extends ComponentProvider<Layer> {
    /** Builds a layer from its configuration. */
    Layer create(LayerConfig config);

    /** Layers are built from a whole {@link LayerConfig}; the parameters alone are not enough. */
    @Override
    default Layer create(ComponentParameters parameters) {
        throw new IllegalStateException("layer '" + name() + "' is created from a LayerConfig");
    }
}
