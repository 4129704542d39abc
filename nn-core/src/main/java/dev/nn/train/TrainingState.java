package dev.nn.train;

import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a training run is, at a batch boundary, apart from the network's parameters and state and the optimizer's
 * state (which live in those objects): what {@link Trainer} needs besides them to continue exactly as the
 * uninterrupted run would. Captured for a {@link TrainingCheckpoints} hook, given back to
 * {@link Trainer#train(dev.nn.data.DataSet, Optional, TrainingListener, java.util.function.BooleanSupplier, TrainingState,
 * TrainingCheckpoints)} to start from it.
 *
 * <p>The dropout layers' random streams need no position: they are functions of the seed, the layer, the epoch and
 * the batch ({@link dev.nn.network.StepStreams}). The shuffling generator's position is kept as it was before the
 * epoch's shuffle, so that the epoch's order is drawn again.
 *
 * @param epoch the epoch in progress or to run next, from 1 ({@code epochs + 1} once every epoch is done)
 * @param batch how many of its batches are done; 0 at an epoch's start
 * @param weightedLoss the sum over its done batches of batch size times batch loss
 * @param correct how many of its samples so far were classified correctly
 * @param shufflerState the shuffling generator's state before this epoch's shuffle ({@link
 *     dev.nn.random.SplitMix64#state()})
 * @param epochs every finished epoch's metrics, in order
 * @param earlyStopping the early-stopping rule's progress, when the run has one
 * @param stoppedEarly whether early stopping has ended training (nothing is left but restoring the best epoch)
 * @param lastEpochValues mid-epoch after a finished epoch: every parameter's value, then every state tensor, as
 *     that epoch left them (what is saved when training is interrupted mid-epoch); else empty
 * @param scheduleState the learning-rate schedule's state after the finished epochs
 *     ({@link dev.nn.spi.LearningRateSchedule#saveState()}); empty without a schedule or state
 */
public record TrainingState(int epoch, int batch, double weightedLoss, long correct, long shufflerState,
                            List<EpochReport> epochs, Optional<EarlyStoppingState> earlyStopping,
                            boolean stoppedEarly, List<Tensor> lastEpochValues, Map<String, Double> scheduleState) {
    public TrainingState {
        if (epoch < 1 || batch < 0) {
            throw new IllegalArgumentException("epoch must be >= 1 and batch >= 0, were " + epoch + ", " + batch);
        }
        if (epochs.size() != epoch - 1 && !stoppedEarly) {
            throw new IllegalArgumentException(epochs.size() + " finished epochs before epoch " + epoch);
        }
        epochs = List.copyOf(epochs);
        Objects.requireNonNull(earlyStopping, "earlyStopping is null");
        lastEpochValues = List.copyOf(lastEpochValues);
        scheduleState = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(scheduleState));
    }

    /** A state without schedule state. */
    public TrainingState(int epoch, int batch, double weightedLoss, long correct, long shufflerState,
                         List<EpochReport> epochs, Optional<EarlyStoppingState> earlyStopping,
                         boolean stoppedEarly, List<Tensor> lastEpochValues) {
        this(epoch, batch, weightedLoss, correct, shufflerState, epochs, earlyStopping, stoppedEarly, lastEpochValues,
                Map.of());
    }

    /** This state with {@code state} as the schedule's. */
    public TrainingState withScheduleState(Map<String, Double> state) {
        return new TrainingState(epoch, batch, weightedLoss, correct, shufflerState, epochs, earlyStopping,
                stoppedEarly, lastEpochValues, state);
    }

    /** The start of a run with {@code settings}. */
    public static TrainingState initial(TrainingSettings settings) {
        return new TrainingState(1, 0, 0.0, 0, settings.seed() ^ TrainingSettings.SHUFFLE_SEED_MIX, List.of(),
                Optional.empty(), false, List.of());
    }

    /** This state with its own copies of every tensor, to keep beyond a {@link TrainingCheckpoints} call. */
    public TrainingState detached() {
        return new TrainingState(epoch, batch, weightedLoss, correct, shufflerState, epochs,
                earlyStopping.map(e -> new EarlyStoppingState(e.bestValue(), e.bestEpoch(),
                        e.epochsWithoutImprovement(), copies(e.bestValues()))),
                stoppedEarly, copies(lastEpochValues), scheduleState);
    }

    private static List<Tensor> copies(List<Tensor> tensors) {
        return tensors.stream().map(Tensor::copy).toList();
    }

    /** Whether this is in the middle of an epoch (some of its batches done). */
    public boolean midEpoch() {
        return batch > 0;
    }

    /**
     * Early stopping's progress.
     *
     * @param bestValue the best value of the monitored metric so far (NaN before the first epoch)
     * @param bestEpoch the epoch it was reached in, 0 before the first
     * @param epochsWithoutImprovement epochs since then
     * @param bestValues with {@code restore_best}: every parameter's value, then every state tensor, as the best
     *     epoch left them; else empty
     */
    public record EarlyStoppingState(double bestValue, int bestEpoch, int epochsWithoutImprovement,
                                     List<Tensor> bestValues) {
        public EarlyStoppingState {
            bestValues = List.copyOf(bestValues);
        }
    }
}
