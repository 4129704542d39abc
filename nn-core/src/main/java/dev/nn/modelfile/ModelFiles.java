package dev.nn.modelfile;

import dev.nn.model.Model;
import dev.nn.network.Network;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelMetadata;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecWriter;
import dev.nn.spi.Layer;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Trained models as model files: the spec as {@code model.yaml} (without any numeric values) and every layer's
 * parameters and state as {@code tensors.safetensors}, named {@code layers.<i>.<localName>} (i from 0; e.g.
 * {@code layers.0.weights}, {@code layers.1.running_mean}). Tensors keep the network's layout: a dense layer's
 * weights are {@code units x inputs} (row {@code u} holds the weights into unit {@code u}, so the layer computes
 * {@code x @ W.T + b}); a vector ({@code 1 x n}) is written with shape {@code [n]}.
 *
 * <p>{@link SpecLoader#load} reads such a file back ({@link ModelFileLoader}) as it reads a YAML saved model.
 */
public final class ModelFiles {
    /** The safetensors metadata key that lists the state tensors (comma-separated); the rest are parameters. */
    public static final String STATE_KEY = "nn.state";
    /** The safetensors metadata key naming what wrote the tensors, and its value. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT = "nn-model-1";
    /** The comment that begins {@code model.yaml}, for a reader who unpacks it. */
    static final String MODEL_NOTE = "# the spec of a model saved by nn train --save; its parameters and state are in "
            + ModelArchive.TENSORS_ENTRY + " (docs/models.md: The saved model)\n";

    private ModelFiles() {
    }

    /** The two forms of a saved model. */
    public enum Format {
        /** One model file, {@code .nn}: the spec and its tensors (compact, quick to load). */
        MODEL_FILE,
        /** The spec with every value written as text, {@code .yaml} or {@code .yml}, sealed by its integrity line. */
        YAML;

        /** The form a file name asks for: {@code .nn}, else {@code .yaml} or {@code .yml} (any case); else empty. */
        public static Optional<Format> forName(Path target) {
            Path name = target.getFileName();
            String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
            if (text.endsWith(".nn")) {
                return Optional.of(MODEL_FILE);
            }
            return text.endsWith(".yaml") || text.endsWith(".yml") ? Optional.of(YAML) : Optional.empty();
        }
    }

    /**
     * Saves {@code trained} (metadata included, data paths relative to {@code target}) with {@code network}'s values
     * in {@code format}, atomically.
     */
    public static void save(ModelSpec trained, Network network, Path target, Format format) throws IOException {
        if (format == Format.MODEL_FILE) {
            entries(trained, network).write(target);
        } else {
            new SpecWriter().write(SpecWriter.withParameters(trained, network), target);
        }
    }

    /**
     * Saves a trained model as {@code nn train --save} does: {@code model}'s spec with {@code metadata}, its data
     * paths made relative to {@code target}'s folder, and its network's values, in {@code format}, atomically.
     *
     * @param pathParameters for each data format, the parameters that hold paths
     */
    public static void saveTrained(Model model, ModelMetadata metadata, Path target, Format format,
                                   Function<String, List<String>> pathParameters) throws IOException {
        ModelSpec trained = SpecWriter.withDataRelativeTo(model.spec().spec().withMetadata(metadata)
                        .withDtype(model.network().dataType().specName()),
                model.spec().directory(), target, pathParameters);
        save(trained, model.network(), target, format);
    }

    /**
     * The entries of a model file for {@code trainedSpecWithMetadata} with {@code network}'s values: add more
     * entries if needed, then {@link ModelArchive.Builder#write write}.
     *
     * @param trainedSpecWithMetadata the spec to save, metadata (provenance, classes, ...) included and data paths
     *     already relative to the target; any values it holds are left out, the network's are saved
     */
    public static ModelArchive.Builder entries(ModelSpec trainedSpecWithMetadata, Network network) {
        ModelSpec spec = withoutValues(trainedSpecWithMetadata);
        String yaml;
        try {
            yaml = new SpecWriter().toYaml(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spec as YAML", e);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<String> state = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            for (Parameter parameter : layer.parameters()) {
                tensors.put(tensorName(i, parameter.localName()), parameter.value());
            }
            for (StateTensor tensor : layer.state()) {
                String name = tensorName(i, tensor.localName());
                tensors.put(name, tensor.value());
                state.add(name);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        if (!state.isEmpty()) {
            metadata.put(STATE_KEY, String.join(",", state));
        }
        return ModelArchive.builder()
                .entry(ModelArchive.MODEL_ENTRY, (MODEL_NOTE + yaml).getBytes(StandardCharsets.UTF_8))
                .tensors(ModelArchive.TENSORS_ENTRY, tensors, metadata);
    }

    /** The name of layer {@code index}'s (from 0) tensor {@code localName}: {@code layers.0.weights}. */
    public static String tensorName(int index, String localName) {
        return LoadedSpec.tensorName(index, localName);
    }

    private static ModelSpec withoutValues(ModelSpec spec) {
        if (spec.layers() == null) {
            return spec;
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec layer : spec.layers()) {
            layers.add(layer == null ? null : layer.withValues(null, null, null, null));
        }
        return spec.withLayers(layers);
    }
}
