package dev.nn.spi;

import java.util.Map;

/**
 * The learning rate of every update of a training run, e.g. a cosine decay after a linear warm-up.
 *
 * <p>The platform asks for the rate before every update and gives it to the optimizer
 * ({@link Optimizer#step(java.util.List, double)}). Most schedules are functions of where training is
 * ({@link ScheduleProgress}: the epoch, the update within it, the base rate) and keep no state. One that reacts to
 * the metrics (reduce on plateau) is told each finished epoch ({@link #epochEnded}) and keeps its state in named
 * numbers that training checkpoints save ({@link #saveState()}) and load back ({@link #loadState}), so that a resumed
 * run uses exactly the rates of the uninterrupted one.
 *
 * <p>One instance serves one training run at a time; the platform calls {@link #loadState} before the first update of
 * every run (with an empty map for a fresh start).
 */
public interface LearningRateSchedule {
    /**
     * The rate of the update at {@code progress}: a function of {@code progress} and of the state left by the
     * {@link #epochEnded} calls so far, without side effects (it may be asked more than once per update, e.g. for the
     * metrics' {@code learning_rate}).
     *
     * @return a finite rate &gt; 0 (0 is allowed for a schedule that decays to it)
     */
    double learningRate(ScheduleProgress progress);

    /**
     * Told after each epoch, its validation included, before the next epoch's first update; the default does nothing.
     *
     * @param epoch the finished epoch's metrics
     */
    default void epochEnded(FinishedEpoch epoch) {
    }

    /**
     * The state the {@link #epochEnded} calls built, as named numbers (names of letters, digits, {@code _} and
     * {@code .}; values may be infinite or NaN); empty (the default) for a schedule without state.
     */
    default Map<String, Double> saveState() {
        return Map.of();
    }

    /**
     * Replaces the state with one {@link #saveState()} returned from a schedule created with the same parameters; an
     * empty map puts the schedule back to its start. The default accepts only an empty map.
     *
     * @throws IllegalArgumentException when a name is unknown or a value impossible, saying which
     */
    default void loadState(Map<String, Double> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("unknown schedule state: " + String.join(", ", state.keySet()));
        }
    }
}
