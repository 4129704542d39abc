package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data set: written inline ({@code inputs} and {@code targets}), or read by a data format
 * ({@code {format: csv, path: iris.csv, label: species}}, whose other keys are the format's parameters).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "inputs", "targets"})
public final class DataSetSpec {
    private final String format;
    private final double[][] inputs;
    private final double[][] targets;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    @JsonCreator
    public DataSetSpec(@JsonProperty("format") String format, @JsonProperty("inputs") double[][] inputs,
                       @JsonProperty("targets") double[][] targets) {
        this.format = format;
        this.inputs = inputs;
        this.targets = targets;
    }

    /** Inline data. */
    public DataSetSpec(double[][] inputs, double[][] targets) {
        this(null, inputs, targets);
    }

    /** A data format with its parameters. */
    public static DataSetSpec ofFormat(String format, Map<String, Object> parameters) {
        DataSetSpec spec = new DataSetSpec(format, null, null);
        spec.parameters.putAll(parameters);
        return spec;
    }

    @JsonProperty("format")
    public String format() {
        return format;
    }

    @JsonProperty("inputs")
    public double[][] inputs() {
        return inputs;
    }

    @JsonProperty("targets")
    public double[][] targets() {
        return targets;
    }

    /** The keys besides {@code format}, {@code inputs} and {@code targets}: the format's parameters. */
    @JsonAnyGetter
    public Map<String, Object> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @JsonAnySetter
    void parameter(String key, Object value) {
        parameters.put(key, value);
    }
}
