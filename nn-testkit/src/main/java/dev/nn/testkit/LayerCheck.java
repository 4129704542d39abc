package dev.nn.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.inject.Guice;
import dev.nn.check.NetworkGradientCheck;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.network.Network;
import dev.nn.network.StepStreams;
import dev.nn.random.SplitMix64;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentModule;
import dev.nn.registry.ComponentOrigin;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.spec.SpecWriter;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layer part of {@link PluginTestKit}: the provider is put into a registry with the platform's built-in
 * components, and the layer is built, trained, saved and loaded through the platform's own spec loader, assembler
 * and spec writer, in the network {@code input: 4 -> dense 4 (identity) -> the layer}, so that the dense layer's
 * weight gradient {@code W1} checks the layer's input gradient.
 */
final class LayerCheck {
    /** The name of the option added to check that unknown options are reported. */
    static final String UNKNOWN_OPTION = "testkit_unknown_option";
    /** The spec's seed: of the initialisation and of the step random streams. */
    static final long SEED = 42L;
    /** The number of training steps before the save and load. */
    static final int TRAINING_STEPS = 3;

    private static final int INPUTS = 4;
    private static final int ROWS = 6;
    private static final double STEP = NetworkGradientCheck.DEFAULT_STEP;
    private static final double TOLERANCE = NetworkGradientCheck.DEFAULT_TOLERANCE;
    private static final String IDENTITY = "testkit_identity";
    private static final String LOSS = "testkit_half_squared_error";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String FILE = "layer-check.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

    private final LayerProvider provider;
    private final LayerProvider second;
    private final Map<String, Object> options;
    private final String who;

    LayerCheck(LayerProvider provider, LayerProvider second, Map<String, ?> options, String who) {
        this.provider = provider;
        this.second = second;
        this.options = new LinkedHashMap<>(options);
        this.who = who;
    }

    void run() {
        if (options.containsKey("type")) {
            fail(who + ": give the options without 'type' (the kit writes type: " + provider.name() + ")");
        }
        Model model = assemble(provider, spec(options), "the spec");
        Layer layer = model.network().layers().get(1);
        checkShapeAndNames(model.network(), layer);
        checkGradients(model.network());
        checkUnknownOptionReported();

        Model trained = assemble(provider, spec(options), "the spec");
        double[] losses = train(trained);
        Model again = assemble(second, spec(options), "the spec");
        checkDeterministic(trained, losses, again);
        checkSaveAndLoad(trained);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The spec and the platform.
    // ---------------------------------------------------------------------------------------------------------

    private String spec(Map<String, Object> layerOptions) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("type", provider.name());
        layer.putAll(layerOptions);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("input", INPUTS);
        spec.put("seed", SEED);
        spec.put("layers", List.of(Map.of("units", INPUTS, "activation", IDENTITY), layer));
        spec.put("loss", LOSS);
        spec.put("optimizer", Map.of("name", "sgd", "learning_rate", 0.05));
        spec.put("training", Map.of("epochs", 1));
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            return fail(who + ": the options " + layerOptions + " cannot be written as YAML: " + e.getMessage(), e);
        }
    }

    private Model assemble(LayerProvider tested, String text, String what) {
        try {
            return assembler(tested).assemble(parse(text, what), ModelAssembler.DataRequirement.OPTIONAL);
        } catch (SpecException e) {
            return fail(who + ": the platform refused " + what + ":\n" + e.getMessage() + "\n--- " + FILE
                    + " ---\n" + text, e);
        } catch (RuntimeException | LinkageError e) {
            return fail(who + ": building the layer from " + what + " threw " + e + "\n--- " + FILE + " ---\n"
                    + text, e);
        }
    }

    private LoadedSpec parse(String text, String what) {
        try {
            return new SpecLoader().parse(Path.of(FILE), FILE, text);
        } catch (SpecException e) {
            return fail(who + ": the platform cannot read " + what + ":\n" + e.getMessage() + "\n--- " + FILE
                    + " ---\n" + text, e);
        }
    }

    /**
     * The built-in components found on the class path, with {@code tested} as the only provider of its names (the
     * test class path may hold the plugin's services file too), and the kit's identity activation (also as
     * {@code identity} when the class path has none) and loss.
     */
    private ModelAssembler assembler(LayerProvider tested) {
        Set<String> names = new HashSet<>(tested.aliases());
        names.add(tested.name());
        List<DiscoveredComponent> components = new ArrayList<>();
        for (DiscoveredComponent component : ComponentDiscovery.builtIns()) {
            if (!(component.kind() == ComponentKind.LAYER && names.contains(component.name()))) {
                components.add(component);
            }
        }
        ComponentOrigin origin = new ComponentOrigin("nn-testkit", Optional.empty());
        components.addAll(ComponentDiscovery.entries(ComponentKind.LAYER, tested, origin));
        components.addAll(ComponentDiscovery.entries(ComponentKind.ACTIVATION, new Identity(), origin));
        if (components.stream().noneMatch(c -> c.kind() == ComponentKind.ACTIVATION && c.name().equals("identity"))) {
            // The platform's default activation, when nn-activations is not on the class path.
            components.add(new DiscoveredComponent(ComponentKind.ACTIVATION, "identity", new Identity(),
                    Identity.class, origin));
        }
        components.addAll(ComponentDiscovery.entries(ComponentKind.LOSS, new HalfSquaredError(), origin));
        ComponentRegistry registry = Guice.createInjector(new ComponentModule(components))
                .getInstance(ComponentRegistry.class);
        return new ModelAssembler(registry);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The checks.
    // ---------------------------------------------------------------------------------------------------------

    private void checkShapeAndNames(Network network, Layer layer) {
        if (layer.inputSize() != INPUTS) {
            fail(who + ": inputSize() is " + layer.inputSize() + " but the context gave " + INPUTS);
        }
        if (layer.outputSize() < 1) {
            fail(who + ": outputSize() is " + layer.outputSize() + "; a layer gives at least one value per sample");
        }
        Set<String> local = new HashSet<>();
        Set<String> shown = new HashSet<>();
        for (Parameter parameter : network.parameters()) {
            shown.add(parameter.name());
        }
        List<String> all = new ArrayList<>();
        layer.parameters().forEach(p -> all.add(p.localName()));
        layer.state().forEach(s -> all.add(s.localName()));
        for (String name : all) {
            if (!NAME.matcher(name).matches()) {
                fail(who + ": the parameter or state name '" + name + "' must match " + NAME
                        + " (it is a key of the saved model)");
            }
            if (!local.add(name)) {
                fail(who + ": two parameters or state tensors are called '" + name
                        + "'; a saved model keeps them by name");
            }
        }
        for (StateTensor state : layer.state()) {
            if (!shown.add(state.name())) {
                fail(who + ": the state '" + state.localName() + "' is shown as '" + state.name()
                        + "', like another tensor; use context.displayName(localName)");
            }
        }
        if (shown.size() != network.parameters().size() + layer.state().size()) {
            fail(who + ": two parameters are shown under the same name " + network.parameters()
                    + "; use context.displayName(localName)");
        }
    }

    private void checkGradients(Network network) {
        SplitMix64 random = new SplitMix64(SEED + 7);
        Tensor inputs = uniform(random, ROWS, INPUTS);
        Tensor targets = uniform(random, ROWS, network.outputSize());
        for (ForwardContext.Mode mode : ForwardContext.Mode.values()) {
            List<NetworkGradientCheck.ParameterResult> results;
            try {
                results = NetworkGradientCheck.check(network, inputs, targets, STEP, mode, SEED);
            } catch (RuntimeException | LinkageError e) {
                fail(who + ": the finite-difference check in " + mode(mode) + " mode threw " + e, e);
                return;
            }
            for (NetworkGradientCheck.ParameterResult result : results) {
                if (!result.passes(TOLERANCE)) {
                    fail(who + ": the finite-difference check failed in " + mode(mode) + " mode for "
                            + result.name() + (result.name().equals("W1") || result.name().equals("b1")
                            ? " (the dense layer before the tested one: so the layer's dL/d(input) is wrong)" : "")
                            + ": element " + result.worstIndex() + ", analytic " + result.analytic() + ", numeric "
                            + result.numeric() + ", relative error " + result.maxRelativeError() + " > "
                            + TOLERANCE);
                }
            }
        }
    }

    private void checkUnknownOptionReported() {
        Map<String, Object> withUnknown = new LinkedHashMap<>(options);
        withUnknown.put(UNKNOWN_OPTION, 1);
        String text = spec(withUnknown);
        SpecException refused;
        try {
            assembler(provider).assemble(parse(text, "the spec with an unknown option"),
                    ModelAssembler.DataRequirement.OPTIONAL);
            fail(who + ": the unknown option '" + UNKNOWN_OPTION + "' was accepted; read options by name with the "
                    + "ComponentParameters getters (not by iterating names()), so that the platform can report the "
                    + "ones nobody asked for");
            return;
        } catch (SpecException e) {
            refused = e;
        } catch (RuntimeException | LinkageError e) {
            fail(who + ": building the layer with the unknown option '" + UNKNOWN_OPTION + "' threw " + e
                    + "; leave unknown options to the platform, which reports them", e);
            return;
        }
        String path = "layers[1]." + UNKNOWN_OPTION;
        SpecProblem problem = refused.problems().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElse(null);
        if (problem == null || !problem.message().contains("unknown key '" + UNKNOWN_OPTION + "'")) {
            fail(who + ": the unknown option '" + UNKNOWN_OPTION + "' was not reported at " + path
                    + "; the platform said:\n" + refused.getMessage());
            return;
        }
        int valid = problem.message().indexOf("valid keys here: ");
        List<String> accepted = valid < 0 ? List.of()
                : List.of(problem.message().substring(valid + "valid keys here: ".length()).split(", "));
        for (String option : options.keySet()) {
            if (!accepted.contains(option)) {
                fail(who + ": the unknown option was reported, but the options it accepts do not list '" + option
                        + "', which it was given: " + problem);
            }
        }
    }

    /** {@link #TRAINING_STEPS} steps on the full batch: training forward, backward, sgd; the loss of each. */
    private double[] train(Model model) {
        Network network = model.network();
        SplitMix64 random = new SplitMix64(SEED + 11);
        Tensor inputs = uniform(random, ROWS, INPUTS);
        Tensor targets = uniform(random, ROWS, network.outputSize());
        StepStreams steps = new StepStreams(SEED, network.layers().size());
        double[] losses = new double[TRAINING_STEPS];
        for (int batch = 1; batch <= TRAINING_STEPS; batch++) {
            steps.moveTo(1, batch);
            try {
                losses[batch - 1] = network.computeGradients(inputs, targets, steps);
                model.optimizer().step(network.parameters());
            } catch (RuntimeException | LinkageError e) {
                fail(who + ": training step " + batch + " threw " + e, e);
            }
            if (!Double.isFinite(losses[batch - 1])) {
                fail(who + ": training step " + batch + " gave the loss " + losses[batch - 1]);
            }
        }
        return losses;
    }

    private void checkDeterministic(Model trained, double[] losses, Model again) {
        double[] repeated = train(again);
        for (int i = 0; i < losses.length; i++) {
            if (Double.doubleToRawLongBits(losses[i]) != Double.doubleToRawLongBits(repeated[i])) {
                fail(who + ": not deterministic: training step " + (i + 1) + " with the same seed gave the loss "
                        + losses[i] + ", then " + repeated[i] + " (from another provider instance); draw random "
                        + "numbers only from the context: context.random() to initialise, "
                        + "ForwardContext.random() in training");
            }
        }
        sameTensors(trained.network(), again.network(), "training twice with the same seed (not deterministic)");
        Tensor probe = uniform(new SplitMix64(SEED + 13), ROWS, INPUTS);
        Tensor first = predict(trained.network(), probe);
        sameBits(first, predict(trained.network(), probe), "a second inference pass on the same layer "
                + "(inference must not change the layer nor draw)");
        sameBits(first, predict(again.network(), probe), "inference after training twice with the same seed");
    }

    private void checkSaveAndLoad(Model trained) {
        String saved;
        try {
            saved = new SpecWriter().toYaml(SpecWriter.withParameters(trained.spec().spec(), trained.network()));
        } catch (IOException | RuntimeException e) {
            fail(who + ": writing the trained model failed: " + e, e);
            return;
        }
        Model loaded = assemble(provider, saved, "the saved model (a layer reads each of its parameters and its "
                + "state back with context.initialValue(localName, rows, columns))");
        Layer before = trained.network().layers().get(1);
        Layer after = loaded.network().layers().get(1);
        for (Parameter parameter : before.parameters()) {
            Parameter back = after.parameters().stream().filter(p -> p.localName().equals(parameter.localName()))
                    .findFirst().orElse(null);
            if (back == null) {
                fail(who + ": the loaded layer has no parameter '" + parameter.localName() + "'");
                return;
            }
            sameValues(parameter.value(), back.value(), "parameter '" + parameter.localName() + "'", saved);
        }
        for (StateTensor state : before.state()) {
            StateTensor back = after.state().stream().filter(s -> s.localName().equals(state.localName()))
                    .findFirst().orElse(null);
            if (back == null) {
                fail(who + ": the loaded layer has no state '" + state.localName() + "'");
                return;
            }
            sameValues(state.value(), back.value(), "state '" + state.localName() + "'", saved);
        }
        if (after.parameters().size() != before.parameters().size() || after.state().size() != before.state().size()) {
            fail(who + ": the loaded layer has parameters " + after.parameters() + " and state " + after.state()
                    + " but the trained one " + before.parameters() + " and " + before.state());
        }
        Tensor probe = uniform(new SplitMix64(SEED + 17), ROWS, INPUTS);
        sameBits(predict(trained.network(), probe), predict(loaded.network(), probe),
                "inference after save and load");
    }

    private void sameValues(Tensor trained, Tensor loaded, String what, String saved) {
        if (!trained.hasShape(loaded.rows(), loaded.columns())) {
            fail(who + ": the " + what + " is " + trained.shape() + " when trained but " + loaded.shape()
                    + " after save and load");
        }
        for (int i = 0; i < trained.size(); i++) {
            if (Double.doubleToRawLongBits(trained.data()[i]) != Double.doubleToRawLongBits(loaded.data()[i])) {
                fail(who + ": the " + what + " did not survive save and load: element " + i + " was "
                        + trained.data()[i] + " but is " + loaded.data()[i] + "; read it back with "
                        + "context.initialValue(\"" + what.substring(what.indexOf('\'') + 1, what.lastIndexOf('\''))
                        + "\", rows, columns)\n--- the saved model ---\n" + saved);
            }
        }
    }

    private void sameTensors(Network first, Network second, String what) {
        for (int i = 0; i < first.parameters().size(); i++) {
            sameBits(first.parameters().get(i).value(), second.parameters().get(i).value(),
                    "parameter " + first.parameters().get(i).name() + " after " + what);
        }
        for (int i = 0; i < first.state().size(); i++) {
            sameBits(first.state().get(i).value(), second.state().get(i).value(),
                    "state " + first.state().get(i).name() + " after " + what);
        }
    }

    private void sameBits(Tensor expected, Tensor actual, String what) {
        if (!expected.hasShape(actual.rows(), actual.columns())) {
            fail(who + ": not deterministic: " + what + " gave shape " + actual.shape() + ", not " + expected.shape());
        }
        for (int i = 0; i < expected.size(); i++) {
            if (Double.doubleToRawLongBits(expected.data()[i]) != Double.doubleToRawLongBits(actual.data()[i])) {
                fail(who + ": not the same bits: " + what + " gave " + actual.data()[i] + " instead of "
                        + expected.data()[i] + " at element " + i);
            }
        }
    }

    private Tensor predict(Network network, Tensor inputs) {
        try {
            return network.forward(inputs).copy();
        } catch (RuntimeException | LinkageError e) {
            return fail(who + ": an inference pass threw " + e, e);
        }
    }

    private static Tensor uniform(SplitMix64 random, int rows, int columns) {
        Tensor t = Tensor.zeros(rows, columns);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = 4 * random.nextDouble() - 2;
        }
        return t;
    }

    private static String mode(ForwardContext.Mode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The kit's own components, so that the check needs no other module.
    // ---------------------------------------------------------------------------------------------------------

    /** {@code testkit_identity}: the dense layer in front of the tested one. */
    public static final class Identity implements ActivationProvider {
        @Override
        public String name() {
            return IDENTITY;
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            return new Activation() {
                @Override
                public void forward(Tensor input, Tensor output) {
                    output.copyFromInPlace(input);
                }

                @Override
                public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
                    gradInput.copyFromInPlace(gradOutput);
                }
            };
        }
    }

    /** {@code testkit_half_squared_error}: the mean over the rows of {@code sum (y - t)^2 / 2}. */
    public static final class HalfSquaredError implements LossProvider {
        @Override
        public String name() {
            return LOSS;
        }

        @Override
        public Loss create(ComponentParameters parameters) {
            return new Loss() {
                @Override
                public double value(Tensor predictions, Tensor targets) {
                    double sum = 0;
                    for (int i = 0; i < predictions.size(); i++) {
                        double d = predictions.data()[i] - targets.data()[i];
                        sum += d * d / 2;
                    }
                    return sum / predictions.rows();
                }

                @Override
                public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
                    for (int i = 0; i < predictions.size(); i++) {
                        gradient.data()[i] = (predictions.data()[i] - targets.data()[i]) / predictions.rows();
                    }
                }
            };
        }
    }
}
