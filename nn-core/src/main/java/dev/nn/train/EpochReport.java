package dev.nn.train;

import java.util.OptionalDouble;

/**
 * The metrics of one epoch.
 *
 * @param epoch 1-based
 * @param epochs the number of epochs planned
 * @param loss the batch-size-weighted mean of the batch losses, each taken before its batch's update
 * @param accuracy the fraction of samples whose largest output is the target's 1, when targets are one-hot
 */
public record EpochReport(int epoch, int epochs, double loss, OptionalDouble accuracy) {
}
