package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ParameterException;

/**
 * Provides {@code cosine}: {@code interval} ({@code epoch} or {@code step}), {@code warmup_epochs} (0),
 * {@code warmup_steps} (0, only with {@code interval: step}; not with {@code warmup_epochs}),
 * {@code warmup_start_factor} (1/3, torch's LinearLR default), {@code min_learning_rate} (0), {@code period}
 * (intervals of one cosine; the training's epochs or updates when absent).
 */
public final class CosineScheduleProvider implements LearningRateScheduleProvider {
    @Override
    public String name() {
        return "cosine";
    }

    @Override
    public String description() {
        return "linear warm-up, then cosine decay to min_learning_rate (torch LinearLR + CosineAnnealingLR)";
    }

    @Override
    public LearningRateSchedule create(ComponentParameters parameters) {
        Interval interval = Interval.read(parameters);
        long warmupEpochs = ScheduleParameters.nonNegativeCount(parameters, "warmup_epochs", 0);
        long warmup = warmupEpochs;
        boolean inEpochs = true;
        if (interval == Interval.STEP) {
            long warmupSteps = ScheduleParameters.nonNegativeCount(parameters, "warmup_steps", 0);
            if (warmupSteps > 0 && warmupEpochs > 0) {
                throw new ParameterException("warmup_steps", "warmup_steps or warmup_epochs, not both",
                        "both");
            }
            if (warmupSteps > 0) {
                warmup = warmupSteps;
                inEpochs = false;
            }
        } else if (parameters.contains("warmup_steps")) {
            throw new ParameterException("warmup_steps", "warmup_epochs with interval: epoch (or interval: step)",
                    "warmup_steps");
        }
        double startFactor = ScheduleParameters.factor(parameters.getDouble("warmup_start_factor", 1.0 / 3.0),
                "warmup_start_factor", true);
        double minRate = ScheduleParameters.nonNegative(parameters, "min_learning_rate", 0.0);
        long period = parameters.contains("period") ? ScheduleParameters.count(parameters, "period", 1) : 0;
        return new CosineSchedule(warmup, inEpochs, startFactor, minRate, period, interval);
    }
}
