package dev.nn.train;

import dev.nn.spi.FinishedEpoch;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.Optimizer;
import dev.nn.spi.ScheduleProgress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The learning rate of every update of one run: the schedule's, or without one the optimizer's own rate (NaN for an
 * optimizer that reports none, which then ignores it). Tells the schedule each finished epoch.
 */
final class LearningRates {
    private final LearningRateSchedule schedule;
    private final double base;
    private final int epochs;
    private final int batches;

    LearningRates(Optimizer optimizer, Optional<LearningRateSchedule> schedule, int epochs, int batches) {
        this.schedule = schedule.orElse(null);
        OptionalDouble rate = optimizer.learningRate();
        if (this.schedule != null && rate.isEmpty()) {
            throw new IllegalArgumentException("the optimizer takes no learning rate from a schedule");
        }
        this.base = rate.orElse(Double.NaN);
        this.epochs = epochs;
        this.batches = batches;
    }

    /** Puts the schedule at {@code state} ({@link TrainingState#scheduleState()}; empty for a fresh start). */
    void start(Map<String, Double> state) {
        if (schedule != null) {
            schedule.loadState(state);
        } else if (!state.isEmpty()) {
            throw new IllegalArgumentException("the state holds a schedule's state, but the run has no schedule");
        }
    }

    /** The rate of update {@code batch} (from 1) of {@code epoch}. */
    double at(int epoch, int batch) {
        if (schedule == null) {
            return base;
        }
        ScheduleProgress progress = new ScheduleProgress(base, epoch, epochs, batch, batches);
        double rate = schedule.learningRate(progress);
        if (!(rate >= 0 && Double.isFinite(rate))) {
            throw new IllegalStateException("the learning-rate schedule gave " + rate + " for " + progress
                    + "; expected a finite rate >= 0");
        }
        return rate;
    }

    /** The rate reported for {@code epoch}: that of its first update; empty when the optimizer has none. */
    OptionalDouble ofEpoch(int epoch) {
        double rate = at(epoch, 1);
        return Double.isNaN(rate) ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }

    /** Tells the schedule that {@code report}'s epoch has finished. */
    void epochEnded(EpochReport report) {
        if (schedule != null) {
            schedule.epochEnded(new FinishedEpoch(report.epoch(), base,
                    name -> EarlyStopping.METRICS.contains(name) ? report.metric(name) : OptionalDouble.empty()));
        }
    }

    /** The schedule's state now, for a checkpoint. */
    Map<String, Double> state() {
        return schedule == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(schedule.saveState()));
    }
}
