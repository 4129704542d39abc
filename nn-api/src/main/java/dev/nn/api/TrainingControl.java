package dev.nn.api;

/** Stops a {@link Training} run. Thread-safe: a listener, another thread or a shutdown hook may call it. */
public interface TrainingControl {
    /**
     * Asks the run to stop, as Ctrl-C does for {@code nn train}: asked from a {@link TrainingListener}, at the end
     * of the epoch it reports; from another thread, after the batch in progress. The epochs finished so far are
     * reported, the test set is not evaluated, early stopping restores nothing, and the model (with the weights at
     * the stop) is saved when a target was given. Idempotent; asked during the last epoch's report, or after the
     * run ended, it changes nothing.
     */
    void requestStop();

    /** Whether a stop was requested. */
    boolean stopRequested();
}
