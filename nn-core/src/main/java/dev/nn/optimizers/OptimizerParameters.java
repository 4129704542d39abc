package dev.nn.optimizers;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;

/** Reads and range-checks optimizer parameters. */
final class OptimizerParameters {
    private OptimizerParameters() {
    }

    static double positive(ComponentParameters parameters, String name, double defaultValue) {
        double value = parameters.getDouble(name, defaultValue);
        if (!(value > 0)) {
            throw new ParameterException(name, "a number > 0", Double.toString(value));
        }
        return value;
    }

    static double nonNegative(ComponentParameters parameters, String name, double defaultValue) {
        double value = parameters.getDouble(name, defaultValue);
        if (!(value >= 0)) {
            throw new ParameterException(name, "a number >= 0", Double.toString(value));
        }
        return value;
    }

    /** A value in {@code [0, 1)}. */
    static double fraction(ComponentParameters parameters, String name, double defaultValue) {
        double value = parameters.getDouble(name, defaultValue);
        if (!(value >= 0 && value < 1)) {
            throw new ParameterException(name, "a number in [0, 1)", Double.toString(value));
        }
        return value;
    }
}
