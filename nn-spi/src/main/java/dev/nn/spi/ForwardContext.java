package dev.nn.spi;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a {@link Layer#forward} pass is for: training (with the step's random stream) or inference.
 *
 * <p>In training the platform gives each layer, for each batch, its own stream derived from the spec's seed, the
 * layer's position, the epoch and the batch (see docs/spec.md, Determinism), so a layer that draws from it
 * (dropout) is bit-identical from run to run. Inference must be deterministic and draws nothing.
 *
 * <p>An inference series ({@link #inferenceOverFixedParameters()}) promises more: the parameters are the same in every
 * pass given that one context object, so a layer may keep what it derives from them (the dense layer keeps its
 * weights packed for the products) from one pass of the series to the next, and derives it again for any other
 * context. Passes without that promise ({@link #inference()}) must read the parameters as they are.
 */
public final class ForwardContext {
    /** Whether a pass trains or predicts. */
    public enum Mode { TRAINING, INFERENCE }

    private static final ForwardContext INFERENCE = new ForwardContext(Mode.INFERENCE, null, false);

    private final Mode mode;
    private final RandomGenerator random;
    private final boolean parametersFixed;

    private ForwardContext(Mode mode, RandomGenerator random, boolean parametersFixed) {
        this.mode = mode;
        this.random = random;
        this.parametersFixed = parametersFixed;
    }

    /** A training pass drawing from {@code random}, the step's stream for this layer. */
    public static ForwardContext training(RandomGenerator random) {
        return new ForwardContext(Mode.TRAINING, Objects.requireNonNull(random, "random is null"), false);
    }

    /** An inference pass (predicting, evaluating, validating). */
    public static ForwardContext inference() {
        return INFERENCE;
    }

    /**
     * A new inference series: passes over many batches (a prediction, an evaluation) during which nobody changes
     * the parameters. Each call returns a new context; see the class comment.
     */
    public static ForwardContext inferenceOverFixedParameters() {
        return new ForwardContext(Mode.INFERENCE, null, true);
    }

    /**
     * Whether the parameters stay the same in every pass given this same context (an inference series), so a layer
     * may reuse what it derived from them in an earlier pass of it.
     */
    public boolean parametersFixed() {
        return parametersFixed;
    }

    /** Never {@code null}. */
    public Mode mode() {
        return mode;
    }

    /** Whether this is a training pass. */
    public boolean training() {
        return mode == Mode.TRAINING;
    }

    /**
     * The step's random stream for this layer; the same sequence for the same seed, layer, epoch and batch.
     *
     * @throws IllegalStateException in inference, which must not draw
     */
    public RandomGenerator random() {
        if (random == null) {
            throw new IllegalStateException("an inference pass has no random stream");
        }
        return random;
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
