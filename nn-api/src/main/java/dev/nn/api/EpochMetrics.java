package dev.nn.api;

import dev.nn.train.EpochReport;
import java.util.OptionalDouble;

/**
 * The metrics of one epoch, as {@code nn train} prints them and writes them with {@code --metrics}.
 *
 * @param epoch 1-based
 * @param epochs the number of epochs planned
 * @param loss the batch-size-weighted mean of the batch losses, each taken before its batch's update
 * @param accuracy the fraction of samples whose largest output is the target's 1, when the targets are one-hot
 * @param validationLoss the validation set's loss after the epoch, when there is a validation set
 * @param validationAccuracy the validation set's accuracy, when there is a validation set with one-hot targets
 * @param learningRate the learning rate of the epoch's first update (the schedule's, or the optimizer's own), when
 *     the optimizer has one
 */
public record EpochMetrics(int epoch, int epochs, double loss, OptionalDouble accuracy, OptionalDouble validationLoss,
                           OptionalDouble validationAccuracy, OptionalDouble learningRate) {
    /** Metrics without a learning rate. */
    public EpochMetrics(int epoch, int epochs, double loss, OptionalDouble accuracy, OptionalDouble validationLoss,
                        OptionalDouble validationAccuracy) {
        this(epoch, epochs, loss, accuracy, validationLoss, validationAccuracy, OptionalDouble.empty());
    }

    static EpochMetrics of(EpochReport report) {
        return new EpochMetrics(report.epoch(), report.epochs(), report.loss(), report.accuracy(),
                report.metric("val_loss"), report.metric("val_accuracy"), report.learningRate());
    }
}
