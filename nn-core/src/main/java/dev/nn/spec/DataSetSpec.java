package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A data set written inline.
 *
 * @param inputs one row of features per sample
 * @param targets one row of expected outputs per sample
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"inputs", "targets"})
public record DataSetSpec(double[][] inputs, double[][] targets) {
}
