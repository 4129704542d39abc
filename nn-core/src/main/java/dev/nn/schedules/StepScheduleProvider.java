package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ParameterException;

/**
 * Provides {@code step}: {@code step_size} (required, intervals between decays), {@code gamma} (0.1, the factor),
 * {@code interval} ({@code epoch} or {@code step}).
 */
public final class StepScheduleProvider implements LearningRateScheduleProvider {
    @Override
    public String name() {
        return "step";
    }

    @Override
    public String description() {
        return "multiplies the rate by gamma every step_size epochs or steps (torch StepLR)";
    }

    @Override
    public LearningRateSchedule create(ComponentParameters parameters) {
        long stepSize = ScheduleParameters.requiredCount(parameters, "step_size");
        double gamma = parameters.getDouble("gamma", 0.1);
        if (!(gamma > 0)) {
            throw new ParameterException("gamma", "a number > 0", Double.toString(gamma));
        }
        return new StepSchedule(stepSize, gamma, Interval.read(parameters));
    }
}
