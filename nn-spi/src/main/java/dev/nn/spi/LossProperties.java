package dev.nn.spi;

/**
 * What a loss declares about itself.
 *
 * @param predictionRange the predictions the loss is defined for, e.g. {@code (0, 1]} for cross-entropy
 * @param targetRange the targets the loss is defined for
 * @param classification whether targets are one-hot class labels (so accuracy is meaningful)
 */
public record LossProperties(Range predictionRange, Range targetRange, boolean classification) {
    /** Nothing declared: any prediction and target, regression. */
    public static final LossProperties UNKNOWN = new LossProperties(Range.ALL, Range.ALL, false);

    /** Whether the loss needs probabilities, i.e. predictions within {@code [0, 1]}. */
    public boolean needsProbabilities() {
        return Range.closed(0, 1).encloses(predictionRange);
    }
}
