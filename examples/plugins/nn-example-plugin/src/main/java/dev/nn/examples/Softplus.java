package dev.nn.examples;

import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Range;
import java.util.List;

/**
 * Softplus, a smooth relu: {@code f(x) = log(1 + e^x)}, {@code f'(x) = sigmoid(x)}.
 *
 * <p>Computed as {@code log1p(e^-|x|) + max(x, 0)}, which never overflows ({@code f(1000) = 1000}) and keeps full
 * precision for large negative {@code x}. Mathematically {@code f(x) > 0}, but {@code f(-800)} rounds to {@code 0},
 * so the declared output range is {@code [0, inf)}.
 */
public final class Softplus implements ElementwiseActivation {
    private static final ActivationProperties PROPERTIES = new ActivationProperties(
            new Range(0, true, Double.POSITIVE_INFINITY, false), List.of(), false, false, "he_uniform");

    @Override
    public double value(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0.0);
    }

    @Override
    public double derivative(double x) {
        return Logistic.sigmoid(x);
    }

    @Override
    public ActivationProperties properties() {
        return PROPERTIES;
    }

    @Override
    public String toString() {
        return "softplus";
    }
}
