package dev.nn.schedules;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ParameterException;
import java.util.List;

/**
 * Provides {@code reduce_on_plateau}, with torch's defaults: {@code monitor} ({@code val_loss}; or {@code loss},
 * {@code accuracy}, {@code val_accuracy}), {@code mode} ({@code max} for an accuracy, else {@code min}),
 * {@code factor} (0.1), {@code patience} (10), {@code threshold} (1e-4), {@code threshold_mode} ({@code rel} or
 * {@code abs}), {@code cooldown} (0), {@code min_learning_rate} (0), {@code epsilon} (1e-8). It acts after each
 * epoch only.
 */
public final class PlateauScheduleProvider implements LearningRateScheduleProvider {
    /** The metrics it can monitor. */
    static final List<String> METRICS = List.of("val_loss", "val_accuracy", "loss", "accuracy");

    @Override
    public String name() {
        return "reduce_on_plateau";
    }

    @Override
    public String description() {
        return "multiplies the rate by factor when a metric stops improving (torch ReduceLROnPlateau)";
    }

    @Override
    public LearningRateSchedule create(ComponentParameters parameters) {
        String monitor = parameters.getString("monitor", "val_loss");
        if (!METRICS.contains(monitor)) {
            throw new ParameterException("monitor", "one of " + String.join(", ", METRICS), "'" + monitor + "'");
        }
        String mode = parameters.getString("mode", monitor.endsWith("accuracy") ? "max" : "min");
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new ParameterException("mode", "min or max", "'" + mode + "'");
        }
        double factor = ScheduleParameters.factor(parameters.getDouble("factor", 0.1), "factor", false);
        long patience = ScheduleParameters.nonNegativeCount(parameters, "patience", 10);
        double threshold = ScheduleParameters.nonNegative(parameters, "threshold", 1e-4);
        String thresholdMode = parameters.getString("threshold_mode", "rel");
        if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
            throw new ParameterException("threshold_mode", "rel or abs", "'" + thresholdMode + "'");
        }
        long cooldown = ScheduleParameters.nonNegativeCount(parameters, "cooldown", 0);
        double minRate = ScheduleParameters.nonNegative(parameters, "min_learning_rate", 0.0);
        double epsilon = ScheduleParameters.nonNegative(parameters, "epsilon", 1e-8);
        return new PlateauSchedule(monitor, mode.equals("max"), factor, patience, threshold,
                thresholdMode.equals("rel"), cooldown, minRate, epsilon);
    }
}
