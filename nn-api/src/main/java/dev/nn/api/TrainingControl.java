package dev.nn.api;

/** Stops a {@link Training} run. Thread-safe: a listener, another thread or a shutdown hook may call it. */
public interface TrainingControl {
    /**
     * Asks the run to stop after the batch it is working on, as Ctrl-C does for {@code nn train}: the epochs
     * finished so far are reported, the test set is not evaluated, and the model (with the weights after that batch)
     * is saved when a target was given. Idempotent; after the run ends it does nothing.
     */
    void requestStop();

    /** Whether a stop was requested. */
    boolean stopRequested();
}
