package dev.nn.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochs every finished epoch's metrics, in order
 * @param interrupted whether a stop was requested (Ctrl-C, SIGTERM) before the planned epochs finished
 * @param stoppedEarly whether early stopping ended training before the planned epochs
 * @param restoredEpoch the epoch whose parameters the network holds after early stopping restored them, or 0
 * @param discardedBatches when interrupted mid-epoch after a finished epoch: how many batches of the unfinished
 *     epoch were run and then undone (the network holds the last finished epoch's parameters again), else 0
 */
public record TrainingResult(List<EpochReport> epochs, boolean interrupted, boolean stoppedEarly, int restoredEpoch,
                             int discardedBatches) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** A run without discarded batches. */
    public TrainingResult(List<EpochReport> epochs, boolean interrupted, boolean stoppedEarly, int restoredEpoch) {
        this(epochs, interrupted, stoppedEarly, restoredEpoch, 0);
    }

    /** A run that was interrupted or not, without early stopping. */
    public TrainingResult(List<EpochReport> epochs, boolean interrupted) {
        this(epochs, interrupted, false, 0);
    }

    /** The last finished epoch's metrics. */
    public EpochReport last() {
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The metrics of the parameters the network holds after training: the restored epoch's after early stopping
     * restored the best one, else the last finished epoch's.
     */
    public EpochReport ofHeldParameters() {
        return restoredEpoch > 0 ? epochs.get(restoredEpoch - 1) : last();
    }
}
