package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public Integer call() {
        var overrides = overrideOptions.overrides();
        Injector injector = common.startPlatform();
        Model model = SpecCommandSupport.assemble(injector, specFile, overrides, ModelAssembler.DataRequirement.OPTIONAL,
                spec.commandLine().getErr());
        SpecCommandSupport.checkPluginDerivatives(injector, model, spec.commandLine().getErr());
        String data = model.train().map(d -> ", " + d.size() + " training samples").orElse(", no training data");
        spec.commandLine().getOut().printf("%s: valid: %d %s (%s), %d parameters, loss %s, optimizer %s%s%n",
                specFile, model.network().layers().size(),
                model.network().layers().size() == 1 ? "layer" : "layers", SpecCommandSupport.shape(model),
                model.network().parameterCount(), model.spec().spec().loss().name(),
                model.spec().spec().optimizer().name(), data);
        return 0;
    }
}
