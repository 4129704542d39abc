package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ParameterException;

/** Provides {@code exponential}: {@code gamma} (required, the factor per interval), {@code interval}. */
public final class ExponentialScheduleProvider implements LearningRateScheduleProvider {
    @Override
    public String name() {
        return "exponential";
    }

    @Override
    public String description() {
        return "multiplies the rate by gamma every epoch or step (torch ExponentialLR)";
    }

    @Override
    public LearningRateSchedule create(ComponentParameters parameters) {
        double gamma = ScheduleParameters.required(parameters, "gamma", "a number > 0");
        if (!(gamma > 0)) {
            throw new ParameterException("gamma", "a number > 0", Double.toString(gamma));
        }
        return new ExponentialSchedule(gamma, Interval.read(parameters));
    }
}
