package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.cli.support.CommandFiles;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.UserInputException;
import dev.nn.cli.support.VersionInfo;
import dev.nn.io.AtomicFiles;
import dev.nn.onnx.OnnxExport;
import dev.nn.onnx.OnnxExportException;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder.ElementType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn export MODEL -o FILE}: writes a trained model as an ONNX file for inference elsewhere. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a trained model (saved with nn train --save) as an ONNX model (opset "
                + OnnxExport.OPSET_VERSION + ") for inference in other runtimes, float32 unless --float64.",
            "The graph takes input '" + OnnxExport.INPUT + "' [batch, features], the raw features nn predict reads "
                + "(the model's input_scale is applied inside), and gives output '" + OnnxExport.OUTPUT
                + "' [batch, outputs], what nn predict prints: for a classifier the probability of each class. "
                + "Dropout is left out, batch_norm uses its running statistics; the loss is not exported.",
            "Class and feature names are in the model's metadata_props (classes, features), as JSON arrays."})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A trained model (written by nn train --save).")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "The ONNX file to write (atomically), e.g. model.onnx.")
    Path output;

    @Option(names = "--float64",
            description = "Write tensor(double) inputs, outputs and weights instead of tensor(float).")
    boolean float64;

    @Override
    public Integer call() throws IOException {
        new CommandFiles().input("the model", "MODEL", modelFile).output("--output", output).check();
        PrintWriter out = spec.commandLine().getOut();
        Injector injector = common.startPlatform();
        SavedModel model = SavedModel.load(injector, modelFile, false, false, spec.commandLine().getErr());
        ElementType type = float64 ? ElementType.DOUBLE : ElementType.FLOAT;
        byte[] bytes;
        try {
            bytes = OnnxExport.toBytes(model.model().network(), type, description(model));
        } catch (OnnxExportException e) {
            throw new UserInputException(refusal(injector.getInstance(ComponentRegistry.class), model, e), e);
        }
        AtomicFiles.write(output, bytes);
        int outputs = model.binary() ? 2 : model.model().network().outputSize();
        out.println("wrote " + output + " (ONNX opset " + OnnxExport.OPSET_VERSION + ", "
                + (float64 ? "float64" : "float32") + "): input '" + OnnxExport.INPUT + "' [batch, "
                + model.model().network().inputSize() + "], output '" + OnnxExport.OUTPUT + "' [batch, " + outputs
                + "]" + (model.classifier() ? ", the probabilities of " + String.join(", ", model.classes()) : ""));
        out.flush();
        return ExitCodes.OK;
    }

    private static OnnxExport.Description description(SavedModel model) {
        List<String> columns = model.classifier() ? model.classes().stream().map(c -> "p_" + c).toList()
                : model.outputNames();
        Map<String, String> metadata = new LinkedHashMap<>();
        if (model.classifier()) {
            metadata.put("classes", jsonArray(model.classes()));
        }
        if (!model.features().isEmpty()) {
            metadata.put("features", jsonArray(model.features()));
        }
        metadata.put("input_scale", Double.toString(model.inputScale()));
        metadata.put("outputs", jsonArray(columns));
        String name = model.saved().name() != null ? model.saved().name() : model.displayName();
        String features = model.features().isEmpty() ? model.model().network().inputSize() + " features, in the "
                + "order the model was trained on" : "the features " + String.join(", ", model.features())
                + ", in this order (metadata 'features')";
        String scale = model.inputScale() == 1.0 ? "" : "; multiplied by the input scale " + model.inputScale()
                + " inside the graph";
        String outputs = model.classifier() ? "the probability of each class: " + String.join(", ", model.classes())
                + " (metadata 'classes')" : "the outputs " + String.join(", ", columns);
        return new OnnxExport.Description(name, VersionInfo.version(),
                "nn model '" + name + "' for inference, exported from " + model.displayName() + " by nn "
                        + VersionInfo.version(),
                model.inputScale(), model.binary(),
                "[batch, " + model.model().network().inputSize() + "]: the raw inputs, " + features + scale,
                "[batch, " + columns.size() + "]: " + outputs,
                metadata);
    }

    /** Which component has no ONNX form, as the spec names it, and what to do. */
    private static String refusal(ComponentRegistry registry, SavedModel model, OnnxExportException e) {
        if (e.layerIndex().isEmpty()) {
            return model.displayName() + ": cannot be exported to ONNX: " + e.getMessage();
        }
        int index = e.layerIndex().getAsInt();
        LayerSpec layer = model.saved().layers().get(index);
        String type = layer.type() == null ? "dense" : layer.type();
        String component;
        if (e.kind() == OnnxExportException.Kind.ACTIVATION) {
            String activation = activationName(layer, type);
            component = activation == null ? "the activation of " + label(registry, ComponentKind.LAYER, type)
                    : label(registry, ComponentKind.ACTIVATION, activation);
        } else {
            component = label(registry, ComponentKind.LAYER, type);
        }
        boolean hasNoForm = e.getCause() == null || e.kind() == OnnxExportException.Kind.ACTIVATION;
        String what = hasNoForm ? component + " has no ONNX form (it does not implement "
                + OnnxExportable.class.getName() + "), so the model cannot be exported"
                : component + ": " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
        return model.displayName() + ": layers[" + index + "]: " + what + "; nothing written";
    }

    private static String activationName(LayerSpec layer, String type) {
        if (type.equals("dense")) {
            ComponentRef activation = layer.activation();
            return activation == null ? "identity" : activation.name();
        }
        if (type.equals("activation") && layer.options().get("name") instanceof String name) {
            return name;
        }
        return null;
    }

    private static String label(ComponentRegistry registry, ComponentKind kind, String name) {
        return registry.component(kind, name).map(DiscoveredComponent::label)
                .orElse(kind.displayName() + " '" + name + "'");
    }

    /** A JSON array of strings, for {@code metadata_props} values that Python reads with {@code json.loads}. */
    static String jsonArray(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        for (String value : values) {
            json.append(json.length() == 1 ? "" : ",").append('"');
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }
}
