package dev.nn.examples;

import static java.util.Objects.requireNonNull;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.spi.ParameterException;

/**
 * Creates {@link Huber}: {@code huber}, with parameter {@code delta} (a finite number {@code > 0}, default
 * {@value Huber#DEFAULT_DELTA}), e.g. {@code loss: {name: huber, delta: 0.5}}.
 */
public final class HuberProvider implements LossProvider {
    @Override
    public String name() {
        return "huber";
    }

    @Override
    public String description() {
        return "mean of d^2/2 for |d| <= delta, else delta * (|d| - delta/2), d = y - t (delta > 0, default 1)";
    }

    @Override
    public Loss create(ComponentParameters parameters) {
        requireNonNull(parameters, "parameters is null");
        double delta = parameters.getDouble("delta", Huber.DEFAULT_DELTA);
        if (!(delta > 0)) {
            throw new ParameterException("delta", "a number > 0", String.valueOf(delta));
        }
        return new Huber(delta);
    }
}
