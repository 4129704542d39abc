package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What a saved model carries to be used later; written by {@code nn train --save}.
 *
 * @param classes the class of each output, when the model is a classifier
 * @param features the name of each input, when the training data named them
 * @param inputScale the factor the training data applied to raw inputs (e.g. 1/255); predict applies it too
 * @param provenance how the model was made: platform version, plugins with versions and SHA-256, SHA-256 of the
 *     spec and of each data file, seed, epochs run, final metrics, date
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"classes", "features", "input_scale", "provenance"})
public record ModelMetadata(List<String> classes, List<String> features, Double inputScale,
                            Map<String, Object> provenance) {
}
