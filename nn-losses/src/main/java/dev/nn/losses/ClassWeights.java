package dev.nn.losses;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code class_weights} parameter of the cross-entropies: a list of finite numbers {@code >= 0}, not all zero,
 * one per class in the order of the classes. A mapping by class name is turned into this list by the platform,
 * which knows the class names, before the loss is created.
 */
final class ClassWeights {
    /** The parameter's name. */
    static final String PARAMETER = "class_weights";

    private ClassWeights() {
    }

    /** The weights written in {@code parameters}, or empty when none were. */
    static Optional<double[]> read(ComponentParameters parameters) {
        Object value = parameters.getObject(PARAMETER);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ParameterException(PARAMETER, "a non-empty list of numbers >= 0, one per class, or a mapping "
                    + "from class name to weight", value instanceof List<?> ? "an empty list" : String.valueOf(value));
        }
        double[] weights = new double[list.size()];
        boolean positive = false;
        for (int i = 0; i < weights.length; i++) {
            Object element = list.get(i);
            if (!(element instanceof Number number) || !Double.isFinite(number.doubleValue())
                    || number.doubleValue() < 0) {
                throw new ParameterException(PARAMETER, "a finite number >= 0 for class " + i,
                        String.valueOf(element));
            }
            weights[i] = number.doubleValue();
            positive |= weights[i] > 0;
        }
        if (!positive) {
            throw new ParameterException(PARAMETER, "at least one weight > 0", "only zeros");
        }
        return Optional.of(weights);
    }
}
