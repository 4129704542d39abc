package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The data sets.
 *
 * @param train the training set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"train"})
public record DataSpec(DataSetSpec train) {
}
