package dev.nn.cli.commands;

import com.google.inject.Injector;
import dev.nn.cli.support.CommandFiles;
import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.LayerSpec;
import dev.nn.spi.ForwardContext;
import dev.nn.spec.ModelSpec;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.model.TrainedModel;
import dev.nn.registry.ComponentRegistry;
import dev.nn.spec.DataSetSpec;
import dev.nn.spec.DataSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecOverride;
import dev.nn.spec.SpecProblem;
import dev.nn.cli.support.UserInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Loads and assembles the spec a command was given. */
final class SpecCommandSupport {
    private SpecCommandSupport() {
    }

    /**
     * Loads {@code specFile} with {@code overrides} applied and assembles it, printing the model's warnings on
     * {@code warnings}.
     */
    static Model assemble(Injector injector, Path specFile, List<SpecOverride> overrides,
                          ModelAssembler.DataRequirement data, PrintWriter warnings) {
        return assemble(injector, load(injector, specFile, overrides), data, warnings);
    }

    /** Reads {@code specFile}, named in messages as the user wrote it; reads no data. */
    static LoadedSpec load(Injector injector, Path specFile) {
        return load(injector, specFile, List.of());
    }

    /** Reads {@code specFile} with the command line's {@code --set} values applied in order; reads no data. */
    static LoadedSpec load(Injector injector, Path specFile, List<SpecOverride> overrides) {
        return injector.getInstance(SpecLoader.class).withOverrides(overrides).load(specFile, specFile.toString());
    }

    /**
     * Adds to {@code files} as inputs the data files {@code loaded} names, resolved as its data formats resolve them
     * (relative to the spec's folder): every path parameter of its train, validation and test sets. A set whose
     * format is unknown is left to the assembler to report.
     */
    static CommandFiles addDataFiles(CommandFiles files, Injector injector, LoadedSpec loaded) {
        for (DataFile file : dataFiles(injector, loaded)) {
            files.input(file.what(), file.where(), file.path(), file.shown());
        }
        return files;
    }

    /**
     * A data file a spec names: {@code what} it is ({@code the training data}), {@code where} the spec names it,
     * its {@code path} resolved, and as the spec wrote it ({@code shown}).
     */
    record DataFile(String what, String where, Path path, String shown) {
    }

    /**
     * The data files {@code loaded} names, resolved as its data formats resolve them (relative to the spec's
     * folder): every path parameter of its train, validation and test sets, in that order. A set whose format is
     * unknown is left to the assembler to report.
     */
    static List<DataFile> dataFiles(Injector injector, LoadedSpec loaded) {
        DataSpec data = loaded.spec().data();
        List<DataFile> files = new java.util.ArrayList<>();
        if (data == null) {
            return files;
        }
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        addDataFiles(files, registry, loaded, "train", "the training data", data.train());
        addDataFiles(files, registry, loaded, "validation", "the validation data", data.validation());
        addDataFiles(files, registry, loaded, "test", "the test data", data.test());
        return files;
    }

    private static void addDataFiles(List<DataFile> files, ComponentRegistry registry, LoadedSpec loaded,
                                     String section, String what, DataSetSpec set) {
        if (set == null || set.format() == null) {
            return;
        }
        List<String> parameters;
        try {
            parameters = registry.dataSource(set.format()).pathParameters();
        } catch (RuntimeException e) {
            return;
        }
        for (String parameter : parameters) {
            if (set.parameters().get(parameter) instanceof String path) {
                files.add(new DataFile(what, loaded.displayName() + " data." + section + "." + parameter,
                        loaded.directory().resolve(path), path));
            }
        }
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
     * Loads the trained model {@code file}, printing its warnings (and any plugin that changed since training) on
     * {@code warnings}.
     *
     * @param readData whether to read the spec's data sets ({@code evaluate --data test}); when false the data
     *     section is ignored, so a model still works after its training files are gone
     * @param allowChangedData whether data files read that changed since training are only warned about
     *     ({@link #checkData})
     * @throws dev.nn.model.UnusableModelException when a layer has no trained values
     * @throws UserInputException when a data file read has changed
     */
    static TrainedModel loadTrained(Injector injector, Path file, boolean readData, boolean allowChangedData,
                                    PrintWriter warnings) {
        TrainedModel model = TrainedModel.of(load(injector, file), readData,
                used -> assemble(injector, used, ModelAssembler.DataRequirement.OPTIONAL, warnings));
        if (readData) {
            checkData(model.model(), allowChangedData, warnings);
        }
        return model;
    }

    /** The option that lets a saved model be used with data files that changed since it was trained. */
    static final String ALLOW_CHANGED_DATA = "--allow-changed-data";

    /**
     * Compares the data files a saved model read now with the SHA-256 its provenance recorded: a changed file is
     * refused, or with {@code allowChanged} named in a warning on {@code warnings}.
     *
     * @throws UserInputException naming the first changed file, both hashes and {@value #ALLOW_CHANGED_DATA}
     */
    static void checkData(Model model, boolean allowChanged, PrintWriter warnings) {
        Optional<String> what = Provenance.describeDataChanges(model);
        if (what.isEmpty()) {
            return;
        }
        if (!allowChanged) {
            throw new UserInputException(what.get() + "; restore the data the model was trained on, or give "
                    + ALLOW_CHANGED_DATA + " to use it as it is now");
        }
        warnings.println("warning: " + what.get() + "; using it as it is now (" + ALLOW_CHANGED_DATA + ")");
        warnings.flush();
    }

    /**
     * Checks the derivative of every plugin activation and loss the spec uses, with the spec's parameters, and the
     * gradients of every plugin layer as built, in both modes, against finite differences
     * ({@link ComponentGradientCheck}, a few milliseconds), and prints a warning on
     * {@code warnings} for each one that fails: training would follow a wrong gradient without any error.
     * Built-in components are tested with the platform and not checked again.
     */
    static void checkPluginDerivatives(Injector injector, Model model, PrintWriter warnings) {
        ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
        ModelSpec spec = model.spec().spec();
        Set<String> done = new HashSet<>();
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            checkPlugin(registry, model, ComponentKind.ACTIVATION, "layers[" + i + "].activation",
                    layer.activation(), done, warnings);
            if ("activation".equals(layer.type()) && layer.options().get("name") instanceof String name) {
                Map<String, Object> parameters = new java.util.LinkedHashMap<>(layer.options());
                parameters.remove("name");
                checkPlugin(registry, model, ComponentKind.ACTIVATION, "layers[" + i + "].name",
                        new ComponentRef(name, parameters), done, warnings);
            }
            checkPluginLayer(registry, model, i, layer, warnings);
        }
        checkPlugin(registry, model, ComponentKind.LOSS, "loss", spec.loss(), done, warnings);
        warnings.flush();
    }

    /** A plugin layer's gradients, as built for this spec, in training and in inference mode. */
    private static void checkPluginLayer(ComponentRegistry registry, Model model, int index, LayerSpec layer,
                                         PrintWriter warnings) {
        String type = layer.type() == null ? "dense" : layer.type();
        Optional<DiscoveredComponent> component = registry.component(ComponentKind.LAYER, type);
        if (component.isEmpty() || component.get().origin().builtIn()) {
            return;
        }
        for (ForwardContext.Mode mode : ForwardContext.Mode.values()) {
            CheckResult result = ComponentGradientCheck.checkLayer(model.network().layers().get(index), mode, 0);
            if (!result.passed()) {
                warnings.println("warning: " + model.spec().problem("layers[" + index + "].type",
                        component.get().label() + " fails the gradient check: " + result.worst()
                                + "; training would follow a wrong gradient"));
                return;
            }
        }
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
