package dev.nn.modelfile;

import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelFileReader;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model file for {@link SpecLoader#load}: checks its seal, binds {@code model.yaml} (problems placed as
 * {@code model.nn!model.yaml:12:5}), then puts each tensor {@code layers.<i>.<name>} into layer {@code i} as a YAML
 * saved model holds it: {@code weights} as rows, {@code bias} as a vector, the rest under {@code parameters:} or,
 * when the tensors' metadata lists them as state ({@link ModelFiles#STATE_KEY}), under {@code state:}. Which tensors
 * each layer needs is checked once the layers are built (every one present, none besides, each of its shape).
 */
public final class ModelFileLoader implements ModelFileReader {
    private static final Pattern TENSOR_NAME = Pattern.compile("layers\\.(0|[1-9][0-9]{0,8})\\.([^.\\[\\]]+)");

    /** For {@link java.util.ServiceLoader}. */
    public ModelFileLoader() {
    }

    /** A file that begins as a zip does, or any regular file named {@code .nn} (so a damaged one is still one). */
    @Override
    public boolean recognizes(Path file) {
        Path name = file.getFileName();
        return ModelArchive.isArchive(file) || name != null && Files.isRegularFile(file)
                && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".nn");
    }

    @Override
    public LoadedSpec read(Path file, String displayName, SpecLoader loader) {
        try {
            Contents contents = contents(file, displayName, loader);
            String tensorsName = displayName + "!" + ModelArchive.TENSORS_ENTRY;
            ModelSpec spec = withValues(contents.parsed.spec(), contents.tensors, contents.metadata, tensorsName);
            return new LoadedSpec(file, contents.parsed.displayName(), spec, contents.parsed.locator(),
                    Optional.of(tensorsName));
        } catch (ModelFileException e) {
            throw new SpecException(problem(e.getMessage(), file, displayName));
        } catch (OutOfMemoryError e) {
            throw new SpecException(problem(ModelArchive.notEnoughMemory(file.toString(), size(file)).getMessage(),
                    file, displayName));
        }
    }

    /** The bound spec and the decoded tensors (a map the caller may empty), without the file's bytes. */
    private record Contents(LoadedSpec parsed, Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Reads the file; its bytes are garbage once this returns, so that they and the tensors are not both kept. */
    private static Contents contents(Path file, String displayName, SpecLoader loader) {
        ModelArchive archive = ModelArchive.read(file);
        byte[] yaml = archive.entry(ModelArchive.MODEL_ENTRY).orElseThrow(() -> new ModelFileException(
                file + ": has no entry " + ModelArchive.MODEL_ENTRY + " (the spec); it has: "
                        + String.join(", ", archive.entryNames())));
        LoadedSpec parsed = loader.parse(file, displayName + "!" + ModelArchive.MODEL_ENTRY, yaml);
        refuseValuesInYaml(parsed);
        SafeTensors tensors = archive.tensors(ModelArchive.TENSORS_ENTRY);
        return new Contents(parsed, new LinkedHashMap<>(tensors.tensors()), tensors.metadata());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A model file's values are its tensors: the same values in its YAML as well would be two truths. */
    private static void refuseValuesInYaml(LoadedSpec parsed) {
        List<LayerSpec> layers = parsed.spec().layers();
        if (layers == null) {
            return;
        }
        List<SpecProblem> problems = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer == null) {
                continue;
            }
            Object[] values = {layer.weights(), layer.bias(), layer.parameters(), layer.state()};
            for (int k = 0; k < values.length; k++) {
                if (values[k] != null) {
                    String path = "layers[" + i + "]." + LayerSpec.VALUE_KEYS.get(k);
                    SpecProblem at = parsed.problem(path, "");
                    problems.add(new SpecProblem(at.file(), at.line(), at.column(), path, "a model file keeps its "
                            + "values in " + ModelArchive.TENSORS_ENTRY + ", not in " + ModelArchive.MODEL_ENTRY));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
    }

    /**
     * {@code spec} with every tensor in its layer; throws for a tensor that names no layer. Each tensor is removed
     * from {@code tensors} once it is in its layer's form, so that it can be collected.
     */
    static ModelSpec withValues(ModelSpec spec, Map<String, Tensor> tensors, Map<String, String> metadata,
                                String source) {
        List<LayerSpec> layers = spec.layers();
        if (layers == null) {
            return spec; // the assembly reports the missing layers
        }
        Set<String> state = new HashSet<>();
        String listed = metadata.get(ModelFiles.STATE_KEY);
        if (listed != null && !listed.isEmpty()) {
            state.addAll(Arrays.asList(listed.split(",")));
        }
        List<LayerValues> values = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            values.add(new LayerValues());
        }
        for (Iterator<Map.Entry<String, Tensor>> entries = tensors.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<String, Tensor> entry = entries.next();
            String name = entry.getKey();
            Matcher matcher = TENSOR_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new ModelFileException(source + ": tensor '" + name + "' is not named layers.<index>.<name> "
                        + "(e.g. layers.0.weights)");
            }
            int index = Integer.parseInt(matcher.group(1));
            if (index >= layers.size() || layers.get(index) == null) {
                throw new ModelFileException(source + ": tensor " + name + " is for layers[" + index + "], but "
                        + ModelArchive.MODEL_ENTRY + " has " + layers.size() + (layers.size() == 1 ? " layer"
                        : " layers") + " (layers[0] to layers[" + (layers.size() - 1) + "])");
            }
            Tensor tensor = entry.getValue();
            if (tensor.isFloat32()) {
                if (!"float32".equals(spec.dtype())) {
                    throw new ModelFileException(source + ": tensor " + name + " is F32 (float32), but "
                            + ModelArchive.MODEL_ENTRY + " records dtype " + (spec.dtype() == null ? "float64 (no "
                            + "dtype)" : spec.dtype()) + "; a float64 model's tensors are F64");
                }
                tensor = tensor.copyAs(dev.nn.tensor.DataType.FLOAT64); // exact; the layers round it back
            }
            values.get(index).put(matcher.group(2), tensor, state.contains(name), name, source);
            entries.remove();
        }
        List<LayerSpec> filled = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            LayerValues v = values.get(i);
            filled.add(layer == null ? null : layer.withValues(v.weights, v.bias, v.parameters, v.state));
        }
        return spec.withLayers(filled);
    }

    /** One layer's values, as {@link LayerSpec} holds them. */
    private static final class LayerValues {
        double[][] weights;
        double[] bias;
        final Map<String, Object> parameters = new LinkedHashMap<>();
        final Map<String, Object> state = new LinkedHashMap<>();

        void put(String localName, Tensor tensor, boolean isState, String name, String source) {
            if (localName.equals("weights")) {
                weights = tensor.toArray();
            } else if (localName.equals("bias")) {
                if (tensor.rows() != 1) {
                    throw new ModelFileException(source + ": tensor " + name + " has shape [" + tensor.rows() + ", "
                            + tensor.columns() + "]; a bias is a vector, [units]");
                }
                bias = tensor.data();
            } else {
                (isState ? state : parameters).put(localName, asWritten(tensor));
            }
        }
    }

    /** As YAML gives a value: a vector as a list of numbers, a matrix as a list of rows; views, not copies. */
    private static Object asWritten(Tensor tensor) {
        if (tensor.rows() == 1) {
            return new Values(tensor.data(), 0, tensor.columns());
        }
        List<Object> rows = new ArrayList<>(tensor.rows());
        for (int r = 0; r < tensor.rows(); r++) {
            rows.add(new Values(tensor.data(), r * tensor.columns(), tensor.columns()));
        }
        return rows;
    }

    /** Part of an array as an unmodifiable list of numbers. */
    private static final class Values extends AbstractList<Double> implements RandomAccess {
        private final double[] data;
        private final int from;
        private final int length;

        Values(double[] data, int from, int length) {
            this.data = data;
            this.from = from;
            this.length = length;
        }

        @Override
        public Double get(int index) {
            return data[from + Objects.checkIndex(index, length)];
        }

        @Override
        public int size() {
            return length;
        }
    }

    /**
     * The problem a {@link ModelFileException} describes, its file named as the user named it: the message begins
     * with the file, or the file and an entry ({@code model.nn!tensors.safetensors}).
     */
    static SpecProblem problem(String message, Path file, String displayName) {
        for (String prefix : List.of(displayName, file.toString())) {
            if (!message.startsWith(prefix)) {
                continue;
            }
            String rest = message.substring(prefix.length());
            int colon = rest.indexOf(": ");
            if (colon >= 0 && (colon == 0 || rest.startsWith("!"))) {
                return new SpecProblem(displayName + rest.substring(0, colon), 0, 0, "",
                        rest.substring(colon + 2));
            }
        }
        return new SpecProblem(displayName, 0, 0, "", message);
    }
}
