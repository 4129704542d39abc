package dev.nn.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.Injector;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** {@code nn validate SPEC}: resolves every name and checks every shape and the data; trains nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec: resolve every name, check every shape and the data against the network, and "
                + "the derivatives of the plugin activations and losses it uses. Trains nothing.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    OverrideOptions overrideOptions;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The model spec (YAML), or a saved model (.nn or YAML).")
    Path specFile;

    @Option(names = "--json", description = "Write the result as one JSON object, for scripts (keys described in "
            + "docs/spec.md, Overrides, the resolved spec and JSON).")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        var overrides = overrideOptions.overrides();
        Injector injector = common.startPlatform();
        Model model = SpecCommandSupport.assemble(injector, specFile, overrides, ModelAssembler.DataRequirement.OPTIONAL,
                spec.commandLine().getErr());
        SpecCommandSupport.checkPluginDerivatives(injector, model, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json(model, specFile.toString())));
            out.flush();
            return 0;
        }
        String data = model.train().map(d -> ", " + d.size() + " training samples").orElse(", no training data");
        out.printf("%s: valid: %d %s (%s), %d parameters, loss %s, optimizer %s%s%n",
                specFile, model.network().layers().size(),
                model.network().layers().size() == 1 ? "layer" : "layers", SpecCommandSupport.shape(model),
                model.network().parameterCount(), model.spec().spec().loss().name(),
                model.spec().spec().optimizer().name(), data);
        return 0;
    }

    /**
     * The JSON form, documented in docs/spec.md: {@code source}, {@code valid} (always true: an invalid spec exits 2
     * with its problems on standard error), {@code layers}, {@code shape} (input size, then each layer's outputs),
     * {@code parameters}, {@code loss}, {@code optimizer} and {@code training_samples} (null without training data).
     */
    static Map<String, Object> json(Model model, String source) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("valid", true);
        root.put("layers", model.network().layers().size());
        List<Integer> shape = new ArrayList<>();
        shape.add(model.network().inputSize());
        model.network().layers().forEach(layer -> shape.add(layer.outputSize()));
        root.put("shape", shape);
        root.put("parameters", model.network().parameterCount());
        root.put("loss", model.spec().spec().loss().name());
        root.put("optimizer", model.spec().spec().optimizer().name());
        root.put("training_samples", model.train().map(d -> (Object) d.size()).orElse(null));
        return root;
    }
}
