package dev.nn.schedules;

import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ScheduleProgress;

/**
 * {@code cosine}: a linear warm-up over {@code W} intervals (torch's {@code LinearLR} from {@code startFactor} to 1),
 * then a cosine decay to {@code minRate} over the rest of the period {@code T} (torch's {@code CosineAnnealingLR}
 * with {@code T_max = T - W}, as {@code SequentialLR} chains them). With {@code t} the intervals finished:
 * {@code base * (startFactor + (1 - startFactor) * t / W)} while {@code t < W}, then
 * {@code minRate + (base - minRate) * (1 + cos(pi * (t - W) / (T - W))) / 2}. The period is the training's length
 * unless given; past it the cosine rises again, as torch's does. A period not longer than the warm-up leaves a
 * cosine part of one interval.
 */
final class CosineSchedule implements LearningRateSchedule {
    private final long warmup;
    private final boolean warmupInEpochs;
    private final double startFactor;
    private final double minRate;
    private final long period;
    private final Interval interval;

    /**
     * @param warmup warm-up intervals; with {@code interval} STEP and {@code warmupInEpochs}, epochs to multiply by
     *     the updates per epoch
     * @param period the period in intervals, or 0 for the training's length
     */
    CosineSchedule(long warmup, boolean warmupInEpochs, double startFactor, double minRate, long period,
                   Interval interval) {
        this.warmup = warmup;
        this.warmupInEpochs = warmupInEpochs;
        this.startFactor = startFactor;
        this.minRate = minRate;
        this.period = period;
        this.interval = interval;
    }

    @Override
    public double learningRate(ScheduleProgress progress) {
        double base = progress.baseLearningRate();
        long t = interval.completed(progress);
        long w = warmupInEpochs && interval == Interval.STEP ? warmup * progress.batchesPerEpoch() : warmup;
        if (t < w) {
            return base * (startFactor + (1.0 - startFactor) * t / w);
        }
        long total = period > 0 ? period : interval.total(progress);
        long length = Math.max(total - w, 1);
        return minRate + (base - minRate) * (1.0 + Math.cos(Math.PI * (t - w) / length)) / 2.0;
    }
}
