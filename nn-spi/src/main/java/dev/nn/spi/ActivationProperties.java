package dev.nn.spi;

import java.util.List;

/**
 * What an activation declares about itself.
 *
 * @param outputRange every value {@code f} can produce
 * @param kinks points where {@code f} is not differentiable (e.g. {@code 0} for relu); gradient checks probe
 *     beside them rather than on them
 * @param rowwise whether each output depends on the whole row (softmax) rather than on one input
 * @param softmax whether the activation is the softmax function, each row a probability distribution; a loss may
 *     then compute the gradient before the activation directly (see {@link Loss#gradientBeforeActivation})
 * @param initializer the weight initialiser that suits layers with this activation when a spec names none
 *     ({@code "he_uniform"} for the relu family, {@code "glorot_uniform"} otherwise)
 * @param sigmoid whether the activation is the logistic sigmoid {@code 1 / (1 + e^-x)}, element-wise; a loss may
 *     then compute the gradient before the activation directly (binary cross-entropy: {@code p - t})
 */
public record ActivationProperties(
        Range outputRange, List<Double> kinks, boolean rowwise, boolean softmax, String initializer,
        boolean sigmoid) {
    /** Nothing declared: any output, smooth, element-wise, Glorot initialisation. */
    public static final ActivationProperties UNKNOWN =
            new ActivationProperties(Range.ALL, List.of(), false, false, "glorot_uniform");

    public ActivationProperties {
        kinks = List.copyOf(kinks);
    }

    /** An activation that is not the sigmoid. */
    public ActivationProperties(
            Range outputRange, List<Double> kinks, boolean rowwise, boolean softmax, String initializer) {
        this(outputRange, kinks, rowwise, softmax, initializer, false);
    }

    /** Whether {@code f} is differentiable everywhere. */
    public boolean smooth() {
        return kinks.isEmpty();
    }
}
