package dev.nn.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a {@link Training} run did. Immutable.
 *
 * @param epochs every finished epoch's metrics, in order; empty when a stop came during the first epoch
 * @param stopped whether {@link TrainingControl#requestStop()} ended training before its planned epochs
 * @param stoppedEarly whether early stopping ({@code training.early_stopping}) ended it
 * @param restoredEpoch the epoch whose parameters the model holds after early stopping restored them, or 0
 * @param testLoss the test set's loss after training, when there is a test set and training was not stopped
 * @param testAccuracy the test set's accuracy, likewise, when its targets are one-hot
 * @param savedTo the model file written, when {@link Training#saveTo} was given and an epoch finished
 */
public record TrainingOutcome(List<EpochMetrics> epochs, boolean stopped, boolean stoppedEarly, int restoredEpoch,
                              OptionalDouble testLoss, OptionalDouble testAccuracy, Optional<Path> savedTo) {
    public TrainingOutcome {
        epochs = List.copyOf(epochs);
    }

    /** The last finished epoch's metrics; empty when none finished. */
    public Optional<EpochMetrics> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }
}
