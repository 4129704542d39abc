package dev.nn.losses;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.spi.ParameterException;

/**
 * Creates {@link MeanSquaredError}: {@code mse}, with parameter {@code factor} (a finite number {@code > 0},
 * default {@value MeanSquaredError#DEFAULT_FACTOR}).
 */
public final class MeanSquaredErrorProvider implements LossProvider {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String description() {
        return "factor * mean of (y - t)^2 over every element (factor > 0, default 1)";
    }

    @Override
    public Loss create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        double factor = parameters.getDouble("factor", MeanSquaredError.DEFAULT_FACTOR);
        if (!(factor > 0)) {
            throw new ParameterException("factor", "a number > 0", String.valueOf(factor));
        }
        return new MeanSquaredError(factor);
    }
}
