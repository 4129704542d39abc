package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import java.io.PrintWriter;
import java.nio.file.Path;

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

    /** e.g. {@code 3-4-2-3}. */
    static String shape(Model model) {
        StringBuilder text = new StringBuilder().append(model.network().inputSize());
        model.network().layers().forEach(layer -> text.append('-').append(layer.outputSize()));
        return text.toString();
    }
}
