package dev.nn.spi;

/**
 * Creates an {@link Activation}; registered in {@code META-INF/services/dev.nn.spi.ActivationProvider}.
 */
public interface ActivationProvider extends ComponentProvider<Activation> {
}
