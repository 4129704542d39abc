package dev.nn.api;

import com.google.inject.Injector;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.Provenance;
import dev.nn.model.TrainedModel;
import dev.nn.platform.PlatformInjector;
import dev.nn.plugins.PluginClassLoader;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The platform, started inside an application: the built-in components, every provider on the class path (found
 * with {@link java.util.ServiceLoader}, as for the built-ins), and the plugins of the folders given to
 * {@link Builder#pluginFolder}, wired exactly as the {@code nn} command wires them. From it come
 * {@link Predictor}s ({@link #load}) and {@link Training} runs ({@link #training}).
 *
 * <pre>{@code
 * try (Nn nn = Nn.create()) {
 *     Predictor iris = nn.load(Path.of("iris-model.yaml"));
 *     Prediction p = iris.predict(5.1, 3.5, 1.4, 0.2);
 *     System.out.println(p.predictedClass().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #load} and {@link #training} may be called from several threads at once. An {@code Nn} holds
 * its plugins' class loaders, and with them their jar files, open until {@link #close}; predictors and training runs
 * it made must not be used after that (a plugin class not loaded yet could no longer be found). Without plugin
 * folders it holds nothing, and closing it only stops further use.
 */
public final class Nn implements AutoCloseable {
    private final Injector injector;
    private final List<String> warnings;
    private final List<PluginClassLoader> pluginLoaders;
    private volatile boolean closed;

    private Nn(PlatformInjector.Started started) {
        this.injector = started.injector();
        this.warnings = started.skipped().stream().map(failure -> "plugin " + failure).toList();
        this.pluginLoaders = started.pluginLoaders();
    }

    /** The platform with the built-in components and every provider on the class path; no plugin folder. */
    public static Nn create() {
        return builder().build();
    }

    /** A builder, to add plugin folders. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures an {@link Nn}; not thread-safe. */
    public static final class Builder {
        private final List<Path> pluginFolders = new ArrayList<>();

        private Builder() {
        }

        /**
         * Also loads the plugins in {@code folder} (each a jar, or a folder of jars), as {@code nn --plugins DIR}
         * does: each in its own class loader, seeing only the SPI of the platform. Repeatable; folders are read in
         * the order given.
         */
        public Builder pluginFolder(Path folder) {
            pluginFolders.add(Objects.requireNonNull(folder, "folder is null"));
            return this;
        }

        /**
         * Starts the platform. A plugin that cannot be loaded is skipped and named in {@link Nn#warnings()}, as the
         * command line does; its components are then unknown names.
         *
         * @throws NnException when a plugin folder does not exist or is not a folder
         */
        public Nn build() {
            for (Path folder : pluginFolders) {
                if (!Files.isDirectory(folder)) {
                    throw new NnException("plugin folder " + folder + ": "
                            + (Files.exists(folder) ? "is not a folder" : "no such folder"), true, null);
                }
            }
            return new Nn(PlatformInjector.start(List.copyOf(pluginFolders)));
        }
    }

    /** Every plugin that was skipped, one line each (what {@code nn} prints after {@code warning: }). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Loads a trained model (a file written by {@code nn train --save} or {@link Training#saveTo}) for prediction.
     * Its data files are not read, so a model keeps working after they are gone; its integrity is checked first.
     *
     * @throws NnException when the file cannot be read, is damaged, is not a valid spec, or is an untrained spec
     */
    public Predictor load(Path model) {
        Objects.requireNonNull(model, "model is null");
        requireOpen();
        List<String> modelWarnings = new ArrayList<>();
        TrainedModel trained = Failures.translate(() -> TrainedModel.of(loadSpec(model), false,
                used -> assemble(used, ModelAssembler.DataRequirement.OPTIONAL, modelWarnings)));
        return new Predictor(trained, modelWarnings);
    }

    /**
     * A training run of {@code spec} (a spec, or a saved model to train on from its weights), to configure and
     * {@link Training#run()}. Nothing is read until then.
     */
    public Training training(Path spec) {
        Objects.requireNonNull(spec, "spec is null");
        requireOpen();
        return new Training(this, spec);
    }

    /** Reads {@code file}, named in messages as given; reads no data. */
    LoadedSpec loadSpec(Path file) {
        return injector.getInstance(SpecLoader.class).load(file, file.toString());
    }

    /** Assembles {@code loaded}, adding to {@code warnings} the lines {@code nn} prints as warnings for it. */
    Model assemble(LoadedSpec loaded, ModelAssembler.DataRequirement data, List<String> warnings) {
        Model model = injector.getInstance(ModelAssembler.class).assemble(loaded, data);
        model.warnings().stream().map(SpecProblem::toString).forEach(warnings::add);
        Provenance.check(model).stream().map(SpecProblem::toString).forEach(warnings::add);
        return model;
    }

    Injector injector() {
        return injector;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Nn is closed");
        }
    }

    /**
     * Closes the plugins' class loaders (their jar files); later calls to {@link #load} and {@link #training} throw
     * {@link IllegalStateException}. Idempotent.
     *
     * @throws NnException when a plugin jar could not be closed (the others are closed still)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        for (PluginClassLoader loader : pluginLoaders) {
            try {
                loader.close();
            } catch (IOException e) {
                problems.add("plugin " + loader.getName() + ": cannot close: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new NnException(problems, false, null);
        }
    }
}
