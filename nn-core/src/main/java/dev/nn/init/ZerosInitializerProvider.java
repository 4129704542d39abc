package dev.nn.init;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Initializer;
import dev.nn.spi.InitializerProvider;

/** {@code zeros}: every weight 0 (draws nothing). */
public final class ZerosInitializerProvider implements InitializerProvider {
    @Override
    public String name() {
        return "zeros";
    }

    @Override
    public String description() {
        return "every weight 0";
    }

    @Override
    public Initializer create(ComponentParameters parameters) {
        return (weights, fanIn, fanOut, random) -> weights.fillInPlace(0.0);
    }
}
