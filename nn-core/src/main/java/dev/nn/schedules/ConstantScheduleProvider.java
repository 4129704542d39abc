package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;

/** Provides {@code constant}, which takes no parameters. */
public final class ConstantScheduleProvider implements LearningRateScheduleProvider {
    @Override
    public String name() {
        return "constant";
    }

    @Override
    public String description() {
        return "the optimizer's learning_rate for every update";
    }

    @Override
    public LearningRateSchedule create(ComponentParameters parameters) {
        return new ConstantSchedule();
    }
}
