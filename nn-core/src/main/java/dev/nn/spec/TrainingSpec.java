package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How to train.
 *
 * @param epochs passes over the training set
 * @param batchSize samples per update; the whole set when absent
 * @param shuffle whether to shuffle each epoch; true when {@code batchSize} is smaller than the set
 * @param validationSplit the fraction of the training set held out (seeded) for validation
 * @param earlyStopping when to stop before {@code epochs}
 * @param checkpoint where and how often to write training checkpoints; does not change what training computes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"epochs", "batch_size", "shuffle", "validation_split", "early_stopping", "checkpoint"})
public record TrainingSpec(Integer epochs, Integer batchSize, Boolean shuffle, Double validationSplit,
                           EarlyStoppingSpec earlyStopping, CheckpointSpec checkpoint) {
    public TrainingSpec(Integer epochs, Integer batchSize, Boolean shuffle) {
        this(epochs, batchSize, shuffle, null, null, null);
    }

    /** Without checkpoints. */
    public TrainingSpec(Integer epochs, Integer batchSize, Boolean shuffle, Double validationSplit,
                        EarlyStoppingSpec earlyStopping) {
        this(epochs, batchSize, shuffle, validationSplit, earlyStopping, null);
    }
}
