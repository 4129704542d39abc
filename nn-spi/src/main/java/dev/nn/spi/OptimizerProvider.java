package dev.nn.spi;

/** Creates an {@link Optimizer}; registered in {@code META-INF/services/dev.nn.spi.OptimizerProvider}. */
public interface OptimizerProvider extends ComponentProvider<Optimizer> {
}
