package dev.nn.check;

import dev.nn.random.SplitMix64;
import dev.nn.registry.ComponentRegistry;
import dev.nn.spec.ComponentRef;
import dev.nn.spi.Activation;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.Initializer;
import dev.nn.spi.LayerContext;
import dev.nn.spi.ParameterException;
import dev.nn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The {@link LayerContext} a layer is built in for {@code nn plugins verify}: the second layer of a network of
 * {@link #INPUTS} inputs, with the given options, no starting values (so parameters come from the initialiser) and
 * activations and initialisers created from the registry by name, as a spec would name them.
 */
public final class VerificationLayerContext implements LayerContext {
    /** The inputs of the layer checked. */
    public static final int INPUTS = 5;

    private final ComponentRegistry registry;
    private final ComponentParameters options;
    private final long seed;
    private final RandomGenerator random;

    /**
     * @param options the layer's options, as a spec's layer entry holds them beside {@code type}
     * @param seed the seed of the layer's initialisation
     */
    public VerificationLayerContext(ComponentRegistry registry, Map<String, Object> options, long seed) {
        this.registry = registry;
        this.options = new ComponentParameters(options);
        this.seed = seed;
        this.random = new SplitMix64(seed);
    }

    @Override
    public int position() {
        return 1;
    }

    @Override
    public int inputSize() {
        return INPUTS;
    }

    @Override
    public ComponentParameters options() {
        return options;
    }

    @Override
    public Optional<Tensor> initialValue(String name, int rows, int columns) {
        return Optional.empty();
    }

    @Override
    public Activation activation(String option, String defaultName) {
        return created(option, defaultName, registry::activation);
    }

    @Override
    public Activation activationNamedBy(String nameOption) {
        String name = options.getString(nameOption, null);
        if (name == null) {
            throw new ParameterException(nameOption, "the activation's name", "nothing");
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        for (String key : options.names()) {
            if (!key.equals(nameOption)) {
                rest.put(key, options.getObject(key));
            }
        }
        return registry.activation(name).create(new ComponentParameters(rest));
    }

    @Override
    public Initializer initializer(String option, String defaultName) {
        return created(option, defaultName, registry::initializer);
    }

    /** The component {@code option} names (a name, or a mapping with a name and parameters), else the default. */
    private <T> T created(String option, String defaultName,
                          Function<String, ? extends ComponentProvider<? extends T>> providers) {
        Object value = options.getObject(option);
        ComponentRef ref = value == null ? ComponentRef.named(defaultName) : ComponentRef.ofOption(value)
                .orElseThrow(() -> new ParameterException(option, "a name or a mapping with 'name'",
                        String.valueOf(value)));
        return providers.apply(ref.name()).create(new ComponentParameters(ref.parameters()));
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public long seed() {
        return seed;
    }
}
