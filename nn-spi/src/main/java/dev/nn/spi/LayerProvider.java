package dev.nn.spi;

/**
 * Creates a {@link Layer}; registered in {@code META-INF/services/dev.nn.spi.LayerProvider}. The name is the
 * {@code type} a spec writes on the layer ({@code {type: dropout, rate: 0.2}}).
 *
 * <p>Unlike other providers, a layer provider is given a whole {@link LayerContext}: its position, input size,
 * options, starting values, and the means to create activations and initialise weights.
 */
public interface LayerProvider extends ComponentProvider<Layer> {
    /**
     * Builds a layer.
     *
     * @param context never {@code null}
     * @return never {@code null}
     * @throws ParameterException when an option has the wrong type or an invalid value
     */
    Layer create(LayerContext context);

    /** Layers are built from a whole {@link LayerContext}; the options alone are not enough. */
    @Override
    default Layer create(ComponentParameters parameters) {
        throw new IllegalStateException("layer '" + name() + "' is created from a LayerContext");
    }
}
