package dev.nn.spi;

/** Creates an {@link Initializer}; registered in {@code META-INF/services/dev.nn.spi.InitializerProvider}. */
public interface InitializerProvider extends ComponentProvider<Initializer> {
}
