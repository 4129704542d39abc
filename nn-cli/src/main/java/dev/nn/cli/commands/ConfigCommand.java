package dev.nn.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nn.cli.support.CommandFiles;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nn config SPEC}: the spec as it would be used, after {@code --set}, with every default written out; itself a
 * spec that validates and trains identically.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the spec as nn would use it, after any --set, with every default written out (the "
                + "optimizer's, the layers', the initialisers', the data formats', training's): itself a spec that "
                + "nn validate accepts and that trains identically. Checks the spec and reads its data as validate "
                + "does (training.batch_size and shuffle default from the training set); writes no file.",
            "Data paths are written as the spec wrote them, relative to SPEC's folder. For a saved model, its "
                + "trained values and metadata are left out: what is printed is what it was trained with."})
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    OverrideOptions overrideOptions;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The model spec (YAML), or a saved model (.nn or YAML).")
    Path specFile;

    @Option(names = "--json", description = "Print the resolved spec as one JSON object (the same keys as the YAML).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        new CommandFiles().input("the spec", "SPEC", specFile).check();
        var overrides = overrideOptions.overrides();
        var injector = common.startPlatform();
        LoadedSpec loaded = SpecCommandSupport.load(injector, specFile, overrides);
        Model model = SpecCommandSupport.assemble(injector, loaded, ModelAssembler.DataRequirement.OPTIONAL,
                spec.commandLine().getErr());
        ModelSpec resolved = configuration(model.resolvedSpec(), loaded);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(resolved));
        } else {
            out.print(new SpecWriter().toYaml(resolved));
        }
        out.flush();
        return 0;
    }

    /** {@code resolved}, without a saved model's trained values and metadata (they are not configuration). */
    static ModelSpec configuration(ModelSpec resolved, LoadedSpec loaded) {
        boolean saved = loaded.valuesFrom().isPresent() || resolved.metadata() != null;
        if (!saved) {
            return resolved;
        }
        List<LayerSpec> layers = resolved.layers().stream().map(layer -> new LayerSpec(layer.type(), layer.units(),
                layer.activation(), null, null, layer.init(), null, null, layer.options())).toList();
        return resolved.withLayers(layers).withMetadata(null);
    }
}
