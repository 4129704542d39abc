package dev.nn.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.nn.io.AtomicFiles;
import dev.nn.network.Network;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained model as a spec of the same schema, with every layer's parameters and state by name, so
 * that {@code nn train} and {@code nn validate} accept it again. Numbers are written in their shortest form that
 * reads back to the same {@code double}.
 */
public final class SpecWriter {
    private final ObjectMapper mapper;

    public SpecWriter() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .stringQuotingChecker(new NumberLikeQuotingChecker())
                .build();
        this.mapper = new ObjectMapper(factory)
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    }

    /**
     * {@code spec} with every layer's parameters and state taken from {@code network}, by their local names: a
     * parameter named {@code weights} or {@code bias} (a dense layer's) as the layer's own key, every other one under
     * {@code parameters:}, state under {@code state:}; a vector ({@code 1 x n}) as a list of numbers, a matrix as a
     * list of rows.
     */
    public static ModelSpec withParameters(ModelSpec spec, Network network) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            double[][] weights = null;
            double[] bias = null;
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (Parameter parameter : layer.parameters()) {
                Tensor value = parameter.value();
                switch (parameter.localName()) {
                    case "weights" -> weights = shortest(value).toArray();
                    case "bias" -> bias = shortest(value).rowCopy(0);
                    default -> parameters.put(parameter.localName(), written(value));
                }
            }
            Map<String, Object> state = new LinkedHashMap<>();
            for (StateTensor tensor : layer.state()) {
                state.put(tensor.localName(), written(tensor.value()));
            }
            layers.add(spec.layers().get(i).withValues(weights, bias, parameters, state));
        }
        return spec.withLayers(layers);
    }

    /** A vector as its values, a matrix as its rows. */
    private static Object written(Tensor value) {
        Tensor shortest = shortest(value);
        return shortest.rows() == 1 ? shortest.rowCopy(0) : shortest.toArray();
    }

    /**
     * A float64 tensor as it is; a float32 one as the doubles of the shortest decimals that read back to the same
     * floats, so that YAML shows {@code 0.1} and not {@code 0.10000000149011612}.
     */
    private static Tensor shortest(Tensor value) {
        if (!value.isFloat32()) {
            return value;
        }
        float[] floats = value.floatData();
        double[] decimals = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            decimals[i] = Double.parseDouble(Float.toString(floats[i]));
        }
        return Tensor.wrap(value.rows(), value.columns(), decimals);
    }

    /**
     * {@code spec} with every data path that is relative made relative to {@code target}'s folder instead of the
     * original spec's, so that a model saved elsewhere still finds its data.
     *
     * @param pathParameters for each data format, the parameters that hold paths
     */
    public static ModelSpec withDataRelativeTo(ModelSpec spec, Path originalDirectory, Path target,
                                               java.util.function.Function<String, List<String>> pathParameters) {
        if (spec.data() == null) {
            return spec;
        }
        Path targetDirectory = target.toAbsolutePath().getParent();
        java.util.function.UnaryOperator<DataSetSpec> move = set -> {
            if (set == null || set.format() == null) {
                return set;
            }
            java.util.Map<String, Object> parameters = new java.util.LinkedHashMap<>(set.parameters());
            for (String key : pathParameters.apply(set.format())) {
                if (parameters.get(key) instanceof String text && !Path.of(text).isAbsolute()) {
                    Path absolute = originalDirectory.resolve(text).toAbsolutePath().normalize();
                    parameters.put(key, targetDirectory.relativize(absolute).toString());
                }
            }
            return DataSetSpec.ofFormat(set.format(), parameters);
        };
        DataSpec data = spec.data();
        return spec.withData(new DataSpec(move.apply(data.train()), move.apply(data.validation()),
                move.apply(data.test())));
    }

    /** The spec as YAML text. */
    public String toYaml(ModelSpec spec) throws IOException {
        return mapper.writeValueAsString(spec);
    }

    /** Writes {@code spec} to {@code target} atomically, sealed with its integrity line ({@link ModelIntegrity}). */
    public void write(ModelSpec spec, Path target) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(spec);
        AtomicFiles.write(target, ModelIntegrity.seal(bytes));
    }

    /**
     * Quotes every string YAML would read as something else: besides Jackson's own cases (booleans, null, ...), any
     * string that SnakeYAML resolves as a number ({@code 1.5}, {@code 1e3}, {@code .5}, {@code 017}), so that a name
     * such as {@code "1.5"} reads back as the same string.
     */
    private static final class NumberLikeQuotingChecker extends com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value)
                    || org.yaml.snakeyaml.resolver.Resolver.FLOAT.matcher(value).matches()
                    || org.yaml.snakeyaml.resolver.Resolver.INT.matcher(value).matches();
        }
    }
}
