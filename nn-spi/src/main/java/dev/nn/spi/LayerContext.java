package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link LayerProvider} is given to build one layer. Implemented by the platform; no method accepts or
 * returns {@code null}.
 *
 * <p>Problems found through the context (an unknown activation, a starting value of the wrong shape) are reported to
 * the user at their key in the spec, and the layer built with them is discarded; so a provider need not check what
 * these methods return. A provider reports its own bad options by throwing {@link ParameterException}.
 */
public interface LayerContext {
    /** The layer's position in the spec's {@code layers}, counting from 1. */
    int position();

    /** The number of values per sample the layer takes: the previous layer's output size, or the network's input. */
    int inputSize();

    /**
     * Every key the spec writes on the layer beside {@code type} and the starting values ({@code weights},
     * {@code bias}, {@code parameters}, {@code state}). Options no getter reads are reported as unknown, with the
     * ones the layer read listed as accepted.
     */
    ComponentParameters options();

    /**
     * The starting value of a parameter or state tensor, from the spec or a saved model: names {@code weights} and
     * {@code bias} are the layer's own keys (a dense layer's), any other name is looked up in the layer's
     * {@code parameters:} and then its {@code state:} mapping. A value of another shape is reported and the layer
     * discarded.
     *
     * @param name the local name, e.g. {@code "gamma"}
     * @param rows the expected rows; 1 for a vector, which the spec writes as a plain list
     * @param columns the expected columns
     * @return a fresh tensor the layer may keep, or empty when the spec gives none
     */
    Optional<Tensor> initialValue(String name, int rows, int columns);

    /**
     * The activation written in option {@code option}: a name ({@code relu}) or a mapping with a name and its
     * parameters ({@code {name: leaky_relu, alpha: 0.1}}); {@code defaultName} when the option is absent.
     */
    Activation activation(String option, String defaultName);

    /**
     * The activation named by option {@code nameOption}, created with the layer's other options as its parameters
     * ({@code {type: activation, name: leaky_relu, alpha: 0.1}}).
     */
    Activation activationNamedBy(String nameOption);

    /**
     * The initializer written in option {@code option} (a name or a mapping, like an activation); {@code defaultName}
     * when the option is absent.
     */
    Initializer initializer(String option, String defaultName);

    /**
     * The seeded source for initialisation: one stream shared by the layers in order, so a layer must draw from it
     * only when it has no starting value.
     */
    RandomGenerator random();

    /**
     * The element type the network computes in (the spec's {@code dtype}); float64 by default. A layer that
     * {@linkplain Layer#supportsFloat32() supports float32} creates its parameters, state and buffers in it; any
     * other layer ignores it. {@link #initialValue} and {@link #initializer} give float64 tensors either way: round
     * them with {@link Tensor#copyAs}.
     */
    default dev.nn.tensor.DataType dataType() {
        return dev.nn.tensor.DataType.FLOAT64;
    }

    /** The spec's seed (0 when it gives none), for layers that derive their own seeded data. */
    long seed();

    /**
     * The name shown to users for a tensor of this layer, {@code localName + position}, e.g. {@code gamma2}; the
     * built-in dense layer shows its {@code weights} and {@code bias} as {@code W<position>} and {@code b<position>}.
     */
    default String displayName(String localName) {
        return localName + position();
    }
}
