package dev.nn.spi;

/** Creates a {@link Loss}; registered in {@code META-INF/services/dev.nn.spi.LossProvider}. */
public interface LossProvider extends ComponentProvider<Loss> {
}
