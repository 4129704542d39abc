package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data set: written inline ({@code inputs} and {@code targets}), or read by a data format
 * ({@code {format: csv, path: iris.csv, label: species}}, whose other keys are the format's parameters).
 *
 * <p>{@code targets} is either rows of numbers (inline data) or, for a format, a list of column names
 * ({@code targets: [price, volume]}, regression from CSV); the names are one of the format's parameters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "inputs", "targets"})
public final class DataSetSpec {
    private final String format;
    private final double[][] inputs;
    private final double[][] targets;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    public DataSetSpec(String format, double[][] inputs, double[][] targets) {
        this.format = format;
        this.inputs = inputs;
        this.targets = targets;
    }

    /** As bound from YAML: {@code targets} is rows of numbers or a list of column names. */
    @JsonCreator
    static DataSetSpec bound(@JsonProperty("format") String format, @JsonProperty("inputs") double[][] inputs,
                             @JsonProperty("targets") @JsonDeserialize(using = TargetsDeserializer.class)
                             Object targets) {
        if (targets instanceof List<?> columns) {
            DataSetSpec spec = new DataSetSpec(format, inputs, null);
            spec.parameters.put("targets", columns);
            return spec;
        }
        return new DataSetSpec(format, inputs, (double[][]) targets);
    }

    /**
     * Reads {@code targets}: a non-empty list whose elements are all strings is a list of column names; anything
     * else is bound as rows of numbers, with the usual errors.
     */
    static final class TargetsDeserializer extends JsonDeserializer<Object> {
        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            if (node.isArray() && !node.isEmpty()) {
                boolean names = true;
                for (JsonNode element : node) {
                    names &= element.isTextual();
                }
                if (names) {
                    List<String> columns = new ArrayList<>();
                    node.forEach(element -> columns.add(element.textValue()));
                    return columns;
                }
            }
            return context.readTreeAsValue(node, double[][].class);
        }
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
