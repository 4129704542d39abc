package dev.nn.cli.output;

import static java.util.Objects.requireNonNull;

import dev.nn.train.EpochReport;
import dev.nn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The wall-clock time of each epoch, training and validation together: from the start of training (or the end of
 * the epoch before) to the epoch's report. Listed before the listeners that print or write the time, which ask
 * {@link #lastEpochSeconds()} in their own {@code onEpoch}.
 */
public final class EpochTimer implements TrainingListener {
    private final LongSupplier nanoTime;
    private final List<Double> seconds = new ArrayList<>();
    private long epochStarted;

    /** Starts timing the first epoch now. */
    public EpochTimer() {
        this(System::nanoTime);
    }

    /** For tests: {@code nanoTime} is the clock. */
    EpochTimer(LongSupplier nanoTime) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.epochStarted = nanoTime.getAsLong();
    }

    /** Starts the first epoch's time again: training begins now (after the data was read). */
    public void start() {
        epochStarted = nanoTime.getAsLong();
    }

    @Override
    public void onEpoch(EpochReport report) {
        long now = nanoTime.getAsLong();
        seconds.add((now - epochStarted) / 1e9);
        epochStarted = now;
    }

    /** The time of the epoch reported last; empty before the first. */
    public OptionalDouble lastEpochSeconds() {
        return seconds.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(seconds.get(seconds.size() - 1));
    }

    /** The mean time of the epochs finished in this run; empty before the first. */
    public OptionalDouble meanEpochSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).average();
    }
}
