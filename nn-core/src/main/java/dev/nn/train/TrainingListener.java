package dev.nn.train;

/** Receives training progress; every method does nothing by default. */
public interface TrainingListener {
    /** After a batch's gradients are computed, before the update. */
    default void onBatch(BatchReport report) {
    }

    /** After an epoch's last update. */
    default void onEpoch(EpochReport report) {
    }
}
