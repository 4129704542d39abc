package dev.nn.schedules;

import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ScheduleProgress;

/**
 * {@code step}, torch's {@code StepLR}: the rate is multiplied by {@code gamma} every {@code stepSize} intervals,
 * {@code base * gamma^floor(t / stepSize)} with {@code t} the intervals finished.
 */
final class StepSchedule implements LearningRateSchedule {
    private final long stepSize;
    private final double gamma;
    private final Interval interval;

    StepSchedule(long stepSize, double gamma, Interval interval) {
        this.stepSize = stepSize;
        this.gamma = gamma;
        this.interval = interval;
    }

    @Override
    public double learningRate(ScheduleProgress progress) {
        return progress.baseLearningRate() * Math.pow(gamma, interval.completed(progress) / stepSize);
    }
}
