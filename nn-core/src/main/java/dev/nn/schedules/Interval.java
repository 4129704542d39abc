package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ParameterException;
import dev.nn.spi.ScheduleProgress;

/** What a schedule counts: finished epochs ({@code interval: epoch}, the default) or updates ({@code step}). */
enum Interval {
    EPOCH, STEP;

    /** Reads {@code interval}: {@code epoch} (default) or {@code step}. */
    static Interval read(ComponentParameters parameters) {
        String value = parameters.getString("interval", "epoch");
        return switch (value) {
            case "epoch" -> EPOCH;
            case "step" -> STEP;
            default -> throw new ParameterException("interval", "epoch or step", "'" + value + "'");
        };
    }

    /** The intervals finished before the update at {@code progress}: torch's {@code last_epoch}. */
    long completed(ScheduleProgress progress) {
        return this == EPOCH ? progress.completedEpochs() : progress.completedSteps();
    }

    /** The intervals of the whole run. */
    long total(ScheduleProgress progress) {
        return this == EPOCH ? progress.epochs() : progress.totalSteps();
    }
}
