package dev.nn.spi;

import dev.nn.tensor.Tensor;
import java.util.random.RandomGenerator;

/** Fills a weight tensor with starting values. */
public interface Initializer {
    /**
     * Overwrites {@code weights} ({@code fanOut x fanIn}) with starting values drawn from {@code random}, in row-major
     * order.
     */
    void initialize(Tensor weights, int fanIn, int fanOut, RandomGenerator random);
}
