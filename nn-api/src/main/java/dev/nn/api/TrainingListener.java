package dev.nn.api;

/**
 * Receives a {@link Training} run's progress, on the thread that called {@link Training#run()}. An exception it
 * throws ends the run (nothing is saved) and reaches the caller of {@code run()} unchanged.
 */
@FunctionalInterface
public interface TrainingListener {
    /**
     * After each finished epoch (its last update, and the validation set evaluated when there is one).
     *
     * @param epoch the epoch's metrics
     * @param control to stop training here, e.g. when a metric is good enough
     */
    void onEpoch(EpochMetrics epoch, TrainingControl control);
}
