package dev.nn.train;

import dev.nn.spi.LearningRateSchedule;
import java.util.Objects;
import java.util.Optional;

/**
 * How to train.
 *
 * @param epochs passes over the training set, at least 1
 * @param batchSize samples per update, at least 1; a batch larger than the set means the whole set
 * @param shuffle whether each epoch visits the samples in a fresh seeded order
 * @param seed the model's seed; the shuffling generator is derived from it
 * @param earlyStopping when to stop before {@code epochs}, if at all
 * @param schedule the learning rate of every update ({@code optimizer.schedule}); without one, the optimizer's own
 * @param clipping how gradients are clipped before each update ({@code optimizer.clip_norm} or {@code clip_value})
 */
public record TrainingSettings(int epochs, int batchSize, boolean shuffle, long seed,
                               Optional<EarlyStopping> earlyStopping, Optional<LearningRateSchedule> schedule,
                               GradientClipping clipping) {
    /** XORed into the seed for the shuffling generator, so it does not repeat the initialisation's draws. */
    public static final long SHUFFLE_SEED_MIX = 0x2545F4914F6CDD1DL;
    /** XORed into the seed for the generator that picks the {@code validation_split} samples. */
    public static final long SPLIT_SEED_MIX = 0x6A09E667F3BCC909L;

    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        Objects.requireNonNull(earlyStopping, "earlyStopping is null");
        Objects.requireNonNull(schedule, "schedule is null");
        Objects.requireNonNull(clipping, "clipping is null");
    }

    /** Settings without a schedule or clipping. */
    public TrainingSettings(int epochs, int batchSize, boolean shuffle, long seed,
                            Optional<EarlyStopping> earlyStopping) {
        this(epochs, batchSize, shuffle, seed, earlyStopping, Optional.empty(), GradientClipping.NONE);
    }

    /** These settings with {@code schedule} and {@code clipping}. */
    public TrainingSettings with(Optional<LearningRateSchedule> newSchedule, GradientClipping newClipping) {
        return new TrainingSettings(epochs, batchSize, shuffle, seed, earlyStopping, newSchedule, newClipping);
    }

    /** Settings without early stopping. */
    public TrainingSettings(int epochs, int batchSize, boolean shuffle, long seed) {
        this(epochs, batchSize, shuffle, seed, Optional.empty());
    }
}
