package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Loads and assembles the spec a command was given. */
final class SpecCommandSupport {
    private SpecCommandSupport() {
    }

    /** Loads and assembles {@code specFile}, printing the model's warnings on {@code warnings}. */
    static Model assemble(Injector injector, Path specFile, ModelAssembler.DataRequirement data,
                          PrintWriter warnings) {
        LoadedSpec loaded = injector.getInstance(SpecLoader.class).load(specFile, specFile.toString());
        return assemble(injector, loaded, data, warnings);
    }

    /**
     * Assembles {@code loaded}, printing on {@code warnings} the model's warnings and each plugin that changed since
     * the model recorded it (a saved model's provenance).
     */
    static Model assemble(Injector injector, LoadedSpec loaded, ModelAssembler.DataRequirement data,
                          PrintWriter warnings) {
        Model model = injector.getInstance(ModelAssembler.class).assemble(loaded, data);
        for (SpecProblem warning : model.warnings()) {
            warnings.println("warning: " + warning);
        }
        for (SpecProblem warning : Provenance.check(model)) {
            warnings.println("warning: " + warning);
        }
        warnings.flush();
        return model;
    }

    /**
     * Checks the derivative of every plugin activation and loss the spec uses, with the spec's parameters, against
     * finite differences ({@link ComponentGradientCheck}, a few milliseconds), and prints a warning on
     * {@code warnings} for each one that fails: training would follow a wrong gradient without any error.
     * Built-in components are tested with the platform and not checked again.
     */
    static void checkPluginDerivatives(Injector injector, Model model, PrintWriter warnings) {
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        ModelSpec spec = model.spec().spec();
        Set<String> done = new HashSet<>();
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            checkPlugin(registry, model, ComponentKind.ACTIVATION, "layers[" + i + "].activation",
                    layers.get(i).activation(), done, warnings);
        }
        checkPlugin(registry, model, ComponentKind.LOSS, "loss", spec.loss(), done, warnings);
        warnings.flush();
    }

    private static void checkPlugin(ComponentRegistry registry, Model model, ComponentKind kind, String path,
                                    ComponentRef ref, Set<String> done, PrintWriter warnings) {
        if (ref == null) {
            return;
        }
        Optional<DiscoveredComponent> component = registry.component(kind, ref.name());
        if (component.isEmpty() || component.get().origin().builtIn()
                || !done.add(kind + "/" + ref.name() + "/" + ref.parameters())) {
            return;
        }
        CheckResult result = PluginsVerifyCommand.check(component.get(), ref.parameters(), 0);
        if (!result.passed()) {
            String error = Double.isNaN(result.maxRelativeError()) ? ""
                    : String.format(Locale.ROOT, " (worst relative error %.3e)", result.maxRelativeError());
            String consequence = Double.isNaN(result.maxRelativeError()) ? ""
                    : "; training would follow a wrong gradient";
            warnings.println("warning: " + model.spec().problem(path, component.get().label()
                    + " fails the derivative check" + error + ": " + result.worst() + consequence
                    + " (see nn plugins verify)"));
        }
    }

    /** e.g. {@code 3-4-2-3}. */
    static String shape(Model model) {
        StringBuilder text = new StringBuilder().append(model.network().inputSize());
        model.network().layers().forEach(layer -> text.append('-').append(layer.outputSize()));
        return text.toString();
    }
}
