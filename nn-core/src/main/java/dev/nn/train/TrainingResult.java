package dev.nn.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochs every finished epoch's metrics, in order
 * @param interrupted whether a stop was requested (Ctrl-C, SIGTERM) before the planned epochs finished
 * @param stoppedEarly whether early stopping ended training before the planned epochs
 * @param restoredEpoch the epoch whose parameters the network holds after early stopping restored them, or 0
 */
public record TrainingResult(List<EpochReport> epochs, boolean interrupted, boolean stoppedEarly, int restoredEpoch) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** A run that was interrupted or not, without early stopping. */
    public TrainingResult(List<EpochReport> epochs, boolean interrupted) {
        this(epochs, interrupted, false, 0);
    }

    /** The last finished epoch's metrics. */
    public EpochReport last() {
        return epochs.get(epochs.size() - 1);
    }
}
