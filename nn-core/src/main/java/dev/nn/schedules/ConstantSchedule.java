package dev.nn.schedules;

import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ScheduleProgress;

/** {@code constant}: every update uses the optimizer's {@code learning_rate}, as without a schedule. */
final class ConstantSchedule implements LearningRateSchedule {
    @Override
    public double learningRate(ScheduleProgress progress) {
        return progress.baseLearningRate();
    }
}
