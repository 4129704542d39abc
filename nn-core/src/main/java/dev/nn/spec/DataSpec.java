package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The data sets.
 *
 * @param train the training set
 * @param validation a validation set, evaluated after every epoch (instead of {@code training.validation_split})
 * @param test a test set, evaluated once after training
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"train", "validation", "test"})
public record DataSpec(DataSetSpec train, DataSetSpec validation, DataSetSpec test) {
    /** Only a training set. */
    public DataSpec(DataSetSpec train) {
        this(train, null, null);
    }
}
