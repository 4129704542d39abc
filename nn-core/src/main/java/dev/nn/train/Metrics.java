package dev.nn.train;

import java.util.OptionalDouble;

/**
 * A loss and, for one-hot targets, an accuracy.
 *
 * @param loss the sample-weighted mean loss
 * @param accuracy the fraction of samples classified correctly, when targets are one-hot
 */
public record Metrics(double loss, OptionalDouble accuracy) {
}
