package dev.nn.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nn.cli.support.CommandFiles;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.ModelSummary;
import dev.nn.model.TrainedModel;
import dev.nn.spec.ComponentRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nn summary SPEC|MODEL}: the layers of a spec or a saved model, one row each, with the totals, the loss and
 * the optimizer; {@code --json} for scripts. Builds the network only: no data is read, nothing is trained.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Show what a spec or a saved model is made of: one row per layer (index, type, output shape, "
                + "trainable parameters, activation, state tensors), the totals (trainable parameters, state values, "
                + "the dtype, bytes as stored), the loss and the optimizer, and, in a float32 network, the components "
                + "that run widened. Reads no data and trains nothing.",
            "--json writes one JSON object instead (its keys are described in docs/models.md, Summary)."})
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    OverrideOptions overrideOptions;

    @Parameters(index = "0", paramLabel = "SPEC|MODEL", description = "A spec, or a model saved by nn train --save.")
    Path specFile;

    @Option(names = "--json", description = "Write the summary as one JSON object, for scripts.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        new CommandFiles().input("the spec", "SPEC|MODEL", specFile).check();
        var overrides = overrideOptions.overrides();
        var injector = common.startPlatform();
        var loaded = SpecCommandSupport.load(injector, specFile, overrides);
        Model model = SpecCommandSupport.assemble(injector, TrainedModel.withoutData(loaded),
                ModelAssembler.DataRequirement.OPTIONAL, spec.commandLine().getErr());
        // the optimizer as written, its schedule included (reading without data leaves the schedule out)
        ModelSummary built = ModelSummary.of(model, specFile.toString());
        ModelSummary summary = new ModelSummary(built.name(), built.source(), built.input(), built.layers(),
                built.loss(), loaded.spec().optimizer(), built.dtype(), built.widened());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(summary)));
        } else {
            text(summary, out);
        }
        out.flush();
        return 0;
    }

    /** The table, then the totals, the loss and the optimizer. */
    static void text(ModelSummary summary, PrintWriter out) {
        out.println(summary.source() + ": " + summary.name() + ", " + summary.input() + " inputs");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"layer", "type", "output shape", "parameters", "activation", "state"});
        for (ModelSummary.LayerSummary layer : summary.layers()) {
            rows.add(new String[] {"layers[" + layer.index() + "]", layer.type(), "(batch, " + layer.outputs() + ")",
                Long.toString(layer.parameterCount()), layer.activation().map(SummaryCommand::component).orElse("-"),
                layer.state().isEmpty() ? "-" : layer.state().stream()
                        .map(s -> s.name() + " " + s.rows() + "x" + s.columns()).collect(Collectors.joining(", "))});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                boolean number = c == 3;
                String cell = number ? " ".repeat(widths[c] - row[c].length()) + row[c] : row[c];
                line.append(c == 0 ? "" : "  ").append(c == row.length - 1 ? cell : pad(cell, widths[c]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
        out.println("trainable parameters  " + summary.parameterCount());
        out.println("state values          " + summary.stateCount());
        out.println("dtype                 " + summary.dtype());
        out.println("bytes (" + summary.dtype() + ")       " + summary.bytes());
        out.println("loss                  " + component(summary.loss()));
        out.println("optimizer             " + component(summary.optimizer()));
        if (!summary.widened().isEmpty()) {
            out.println("run widened (float64 inside the float32 network, written for float64):");
            summary.widened().forEach(label -> out.println("  " + label));
        }
    }

    /**
     * The JSON form, documented in docs/models.md (Summary): {@code name}, {@code source}, {@code input}, {@code layers} (each
     * {@code index}, {@code type}, {@code output_shape} {@code [null, units]}, {@code parameter_count},
     * {@code activation} ({@code {name, parameters}} or null), {@code parameter_tensors} and {@code state_tensors}
     * (each {@code {name, shape: [rows, columns]}})), {@code totals} ({@code trainable_parameters},
     * {@code state_values}, {@code bytes}), {@code loss} and {@code optimizer} ({@code {name, parameters}}),
     * {@code dtype} ({@code float64} or {@code float32}) and {@code widened} (the components that run widened in a
     * float32 network, as text).
     */
    static Map<String, Object> json(ModelSummary summary) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", summary.name());
        root.put("source", summary.source());
        root.put("input", summary.input());
        root.put("dtype", summary.dtype());
        root.put("widened", summary.widened());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ModelSummary.LayerSummary layer : summary.layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", layer.index());
            entry.put("type", layer.type());
            entry.put("output_shape", java.util.Arrays.asList(null, layer.outputs()));
            entry.put("parameter_count", layer.parameterCount());
            entry.put("activation", layer.activation().map(SummaryCommand::json).orElse(null));
            entry.put("parameter_tensors", tensors(layer.parameters()));
            entry.put("state_tensors", tensors(layer.state()));
            layers.add(entry);
        }
        root.put("layers", layers);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("trainable_parameters", summary.parameterCount());
        totals.put("state_values", summary.stateCount());
        totals.put("bytes", summary.bytes());
        root.put("totals", totals);
        root.put("loss", json(summary.loss()));
        root.put("optimizer", json(summary.optimizer()));
        return root;
    }

    private static List<Map<String, Object>> tensors(List<ModelSummary.TensorShape> shapes) {
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (ModelSummary.TensorShape shape : shapes) {
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("name", shape.name());
            tensor.put("shape", List.of(shape.rows(), shape.columns()));
            tensors.add(tensor);
        }
        return tensors;
    }

    private static Map<String, Object> json(ComponentRef component) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", component.name());
        entry.put("parameters", component.parameters());
        return entry;
    }

    /** e.g. {@code relu}, {@code leaky_relu (alpha=0.1)}. */
    private static String component(ComponentRef component) {
        return component.parameters().isEmpty() ? component.name() : component.name() + " ("
                + component.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")) + ")";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
