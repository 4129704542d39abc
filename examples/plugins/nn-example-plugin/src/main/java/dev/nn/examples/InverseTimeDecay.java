package dev.nn.examples;

import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ScheduleProgress;

/**
 * Inverse-time decay (Keras's {@code InverseTimeDecay} per epoch): {@code base / (1 + decayRate * t)}, with {@code t}
 * the epochs finished. A function of where training is, so it keeps no state.
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    static final double DEFAULT_DECAY_RATE = 0.5;

    private final double decayRate;

    public InverseTimeDecay(double decayRate) {
        this.decayRate = decayRate;
    }

    @Override
    public double learningRate(ScheduleProgress progress) {
        return progress.baseLearningRate() / (1.0 + decayRate * progress.completedEpochs());
    }
}
