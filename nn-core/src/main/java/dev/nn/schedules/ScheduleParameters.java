package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;

/** Reads and range-checks schedule parameters. */
final class ScheduleParameters {
    private ScheduleParameters() {
    }

    /** A number that must be written: there is no default. */
    static double required(ComponentParameters parameters, String name, String expected) {
        if (!parameters.contains(name)) {
            throw new ParameterException(name, expected + " (required)", "nothing");
        }
        return parameters.getDouble(name, 0.0);
    }

    /** A whole number that must be written, at least 1. */
    static long requiredCount(ComponentParameters parameters, String name) {
        if (!parameters.contains(name)) {
            throw new ParameterException(name, "a whole number >= 1 (required)", "nothing");
        }
        return count(parameters, name, 1);
    }

    /** A whole number at least 1. */
    static long count(ComponentParameters parameters, String name, long defaultValue) {
        long value = parameters.getLong(name, defaultValue);
        if (value < 1) {
            throw new ParameterException(name, "a whole number >= 1", Long.toString(value));
        }
        return value;
    }

    /** A whole number at least 0. */
    static long nonNegativeCount(ComponentParameters parameters, String name, long defaultValue) {
        long value = parameters.getLong(name, defaultValue);
        if (value < 0) {
            throw new ParameterException(name, "a whole number >= 0", Long.toString(value));
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

    /** A factor in {@code (0, 1]} or {@code (0, 1)}. */
    static double factor(double value, String name, boolean oneAllowed) {
        if (!(value > 0 && (oneAllowed ? value <= 1 : value < 1))) {
            throw new ParameterException(name, oneAllowed ? "a number in (0, 1]" : "a number in (0, 1)",
                    Double.toString(value));
        }
        return value;
    }
}
