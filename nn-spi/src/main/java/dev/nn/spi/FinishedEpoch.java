package dev.nn.spi;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * An epoch that has just finished, as a {@link LearningRateSchedule} sees it: its number and its metrics.
 */
public final class FinishedEpoch {
    private final int epoch;
    private final double baseLearningRate;
    private final Function<String, OptionalDouble> metrics;

    /**
     * @param epoch the epoch, from 1
     * @param baseLearningRate the optimizer's own rate ({@link Optimizer#learningRate()})
     * @param metrics the value of a metric by name, empty when the run does not compute it
     */
    public FinishedEpoch(int epoch, double baseLearningRate, Function<String, OptionalDouble> metrics) {
        this.epoch = epoch;
        this.baseLearningRate = baseLearningRate;
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
    }

    /** The epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The rate the optimizer was created with ({@code optimizer.learning_rate}). */
    public double baseLearningRate() {
        return baseLearningRate;
    }

    /**
     * The value of a metric: {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy}; empty when
     * this run does not compute it (no validation set, or targets that are not class labels).
     */
    public OptionalDouble metric(String name) {
        return metrics.apply(name);
    }
}
