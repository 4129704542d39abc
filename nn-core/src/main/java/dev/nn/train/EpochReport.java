package dev.nn.train;

import java.util.OptionalDouble;

/**
 * The metrics of one epoch.
 *
 * @param epoch 1-based
 * @param epochs the number of epochs planned
 * @param loss the batch-size-weighted mean of the batch losses, each taken before its batch's update
 * @param accuracy the fraction of samples whose largest output is the target's 1, when targets are one-hot
 * @param validation the validation set's metrics after the epoch's last update, when there is a validation set
 * @param learningRate the learning rate of the epoch's first update (with a per-epoch schedule, of all of them);
 *     empty when the optimizer reports none
 */
public record EpochReport(int epoch, int epochs, double loss, OptionalDouble accuracy,
                          java.util.Optional<Metrics> validation, OptionalDouble learningRate) {
    /** An epoch without a known learning rate. */
    public EpochReport(int epoch, int epochs, double loss, OptionalDouble accuracy,
                       java.util.Optional<Metrics> validation) {
        this(epoch, epochs, loss, accuracy, validation, OptionalDouble.empty());
    }

    /** An epoch without validation. */
    public EpochReport(int epoch, int epochs, double loss, OptionalDouble accuracy) {
        this(epoch, epochs, loss, accuracy, java.util.Optional.empty());
    }

    /** The value of a metric by name: {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}. */
    public OptionalDouble metric(String name) {
        return switch (name) {
            case "loss" -> OptionalDouble.of(loss);
            case "accuracy" -> accuracy;
            case "val_loss" -> validation.map(m -> OptionalDouble.of(m.loss())).orElse(OptionalDouble.empty());
            case "val_accuracy" -> validation.map(Metrics::accuracy).orElse(OptionalDouble.empty());
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'");
        };
    }
}
