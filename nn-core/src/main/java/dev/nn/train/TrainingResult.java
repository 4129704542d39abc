package dev.nn.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochs every epoch's metrics, in order
 * @param stoppedEarly whether training stopped before the planned epochs (a stop was requested)
 */
public record TrainingResult(List<EpochReport> epochs, boolean stoppedEarly) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch's metrics. */
    public EpochReport last() {
        return epochs.get(epochs.size() - 1);
    }
}
