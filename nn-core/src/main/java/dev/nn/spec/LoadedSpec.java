package dev.nn.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec read from a file, with what is needed to place later problems in that file.
 *
 * @param file the file
 * @param displayName how to name the file in messages (as the user wrote it)
 * @param spec the bound spec
 * @param locator positions by key path
 * @param valuesFrom where the layers' values came from when not from the YAML, as messages name it (a model file's
 *     tensors, {@code model.nn!tensors.safetensors}); empty for a YAML spec
 */
public record LoadedSpec(Path file, String displayName, ModelSpec spec, SpecLocator locator,
                         Optional<String> valuesFrom) {
    /** The path of a layer's value: {@code layers[2].weights}, {@code layers[1].state.running_mean[3]}. */
    private static final Pattern VALUE_PATH = Pattern.compile(
            "layers\\[(\\d+)]\\.(?:(weights|bias)|(?:parameters|state)\\.([^.\\[]+))(.*)");

    public LoadedSpec {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(displayName, "displayName is null");
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(locator, "locator is null");
        Objects.requireNonNull(valuesFrom, "valuesFrom is null");
    }

    /** A spec whose values, if any, are in its YAML. */
    public LoadedSpec(Path file, String displayName, ModelSpec spec, SpecLocator locator) {
        this(file, displayName, spec, locator, Optional.empty());
    }

    /**
     * The file as the user named it: {@link #displayName}, or for the spec inside a model file
     * ({@code model.nn!model.yaml}), the model file ({@code model.nn}).
     */
    public String fileName() {
        int entry = displayName.lastIndexOf('!');
        return valuesFrom.isPresent() && entry > 0 ? displayName.substring(0, entry) : displayName;
    }

    /** This spec with {@code newSpec} in place of its spec, from the same file. */
    public LoadedSpec withSpec(ModelSpec newSpec) {
        return new LoadedSpec(file, displayName, newSpec, locator, valuesFrom);
    }

    /**
     * A problem at {@code path}, placed at that key's position (or its nearest enclosing key's), or on the command
     * line when a {@code --set} wrote it ({@link SpecLocator#problem}); a problem with a
     * layer's value that came from elsewhere ({@link #valuesFrom}) is placed there, naming the tensor and layer:
     * {@code model.nn!tensors.safetensors: tensor layers.0.weights (layers[0], dense): ...}.
     */
    public SpecProblem problem(String path, String message) {
        Matcher value = VALUE_PATH.matcher(path);
        if (valuesFrom.isPresent() && value.matches()) {
            int index = Integer.parseInt(value.group(1));
            String name = value.group(2) != null ? value.group(2) : value.group(3);
            List<LayerSpec> layers = spec.layers();
            String type = layers == null || index >= layers.size() || layers.get(index) == null ? null
                    : layers.get(index).type();
            return new SpecProblem(valuesFrom.get(), 0, 0, "", "tensor " + tensorName(index, name)
                    + value.group(4) + " (layers[" + index + "], " + (type == null ? "dense" : type) + "): "
                    + message);
        }
        return locator.problem(displayName, path, message);
    }

    /** What the file has at {@code path}, e.g. {@code the number 4.7}, or {@code nothing} when it is absent. */
    public String found(String path) {
        return locator.exact(path).filter(e -> !e.description().startsWith("the key"))
                .map(SpecLocator.Entry::description).orElse("nothing");
    }

    /** The name of layer {@code index}'s (from 0) value {@code localName} in a model file: {@code layers.0.weights}. */
    public static String tensorName(int index, String localName) {
        return "layers." + index + "." + localName;
    }

    /** The folder relative paths in the spec are resolved against. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
