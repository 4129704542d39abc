package dev.nn.schedules;

import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ScheduleProgress;

/** {@code exponential}, torch's {@code ExponentialLR}: {@code base * gamma^t}, {@code t} the intervals finished. */
final class ExponentialSchedule implements LearningRateSchedule {
    private final double gamma;
    private final Interval interval;

    ExponentialSchedule(double gamma, Interval interval) {
        this.gamma = gamma;
        this.interval = interval;
    }

    @Override
    public double learningRate(ScheduleProgress progress) {
        return progress.baseLearningRate() * Math.pow(gamma, interval.completed(progress));
    }
}
