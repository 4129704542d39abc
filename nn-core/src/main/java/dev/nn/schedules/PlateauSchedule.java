package dev.nn.schedules;

import dev.nn.spi.FinishedEpoch;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.ScheduleProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code reduce_on_plateau}, torch's {@code ReduceLROnPlateau}: after each epoch, the monitored metric either
 * improves on the best so far (in {@code rel} mode by more than {@code threshold} times it, in {@code abs} mode by
 * more than {@code threshold}) or counts as a bad epoch; after more than {@code patience} bad epochs the rate becomes
 * {@code max(rate * factor, minRate)} (unless that changes it by {@code epsilon} or less) and {@code cooldown} epochs
 * follow in which bad epochs are not counted.
 *
 * <p>Its state: {@code learning_rate} (NaN until the first epoch ends: the base rate), {@code best},
 * {@code bad_epochs}, {@code cooldown_left}.
 */
final class PlateauSchedule implements LearningRateSchedule {
    private final String monitor;
    private final boolean maximize;
    private final double factor;
    private final long patience;
    private final double threshold;
    private final boolean relative;
    private final long cooldown;
    private final double minRate;
    private final double epsilon;
    private double rate = Double.NaN;
    private double best;
    private long badEpochs;
    private long cooldownLeft;

    PlateauSchedule(String monitor, boolean maximize, double factor, long patience, double threshold,
                    boolean relative, long cooldown, double minRate, double epsilon) {
        this.monitor = monitor;
        this.maximize = maximize;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minRate = minRate;
        this.epsilon = epsilon;
        reset();
    }

    private void reset() {
        rate = Double.NaN;
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        badEpochs = 0;
        cooldownLeft = 0;
    }

    @Override
    public double learningRate(ScheduleProgress progress) {
        return Double.isNaN(rate) ? progress.baseLearningRate() : rate;
    }

    @Override
    public void epochEnded(FinishedEpoch epoch) {
        OptionalDouble value = epoch.metric(monitor);
        if (value.isEmpty()) {
            throw new IllegalStateException("reduce_on_plateau monitors " + monitor
                    + ", which this run does not compute");
        }
        if (Double.isNaN(rate)) {
            rate = epoch.baseLearningRate();
        }
        double current = value.getAsDouble();
        if (improves(current)) {
            best = current;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double reduced = Math.max(rate * factor, minRate);
            if (rate - reduced > epsilon) {
                rate = reduced;
            }
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    private boolean improves(double current) {
        if (maximize) {
            return relative ? current > best * (threshold + 1.0) : current > best + threshold;
        }
        return relative ? current < best * (1.0 - threshold) : current < best - threshold;
    }

    @Override
    public Map<String, Double> saveState() {
        Map<String, Double> state = new LinkedHashMap<>();
        state.put("learning_rate", rate);
        state.put("best", best);
        state.put("bad_epochs", (double) badEpochs);
        state.put("cooldown_left", (double) cooldownLeft);
        return state;
    }

    @Override
    public void loadState(Map<String, Double> state) {
        if (state.isEmpty()) {
            reset();
            return;
        }
        if (!state.keySet().equals(saveState().keySet())) {
            throw new IllegalArgumentException("reduce_on_plateau state holds " + String.join(", ", state.keySet())
                    + "; expected learning_rate, best, bad_epochs, cooldown_left");
        }
        double loadedRate = state.get("learning_rate");
        if (!(Double.isNaN(loadedRate) || loadedRate >= 0 && Double.isFinite(loadedRate))) {
            throw new IllegalArgumentException("reduce_on_plateau state learning_rate " + loadedRate);
        }
        rate = loadedRate;
        best = state.get("best");
        badEpochs = count(state, "bad_epochs");
        cooldownLeft = count(state, "cooldown_left");
    }

    private static long count(Map<String, Double> state, String name) {
        double value = state.get(name);
        if (!(value >= 0 && value <= 0x1.0p53 && value == Math.rint(value))) {
            throw new IllegalArgumentException("reduce_on_plateau state " + name + " must be a whole number >= 0, was "
                    + value);
        }
        return (long) value;
    }
}
