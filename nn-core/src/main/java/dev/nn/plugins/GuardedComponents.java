package dev.nn.plugins;

import dev.nn.registry.PluginException;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.DataException;
import dev.nn.spi.DataSource;
import dev.nn.spi.DataSourceProvider;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Initializer;
import dev.nn.spi.InitializerProvider;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerContext;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.FinishedEpoch;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.LearningRateScheduleProvider;
import dev.nn.spi.ScheduleProgress;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.LossProvider;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.Optimizer;
import dev.nn.spi.OptimizerProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.spi.StatefulOptimizer;
import dev.nn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * Wrappers that put every call into plugin code, and into the components it creates, under a {@link Guard}: a
 * failure on the first call (a class used only inside a method, an {@code AbstractMethodError} from a plugin built
 * against an older SPI) names the plugin instead of surfacing as a bare error.
 *
 * <p>The provider's name, aliases and description are read once, at load time, under the guard.
 */
final class GuardedComponents {
    private GuardedComponents() {
    }

    /** Wraps {@code provider}, which implements the provider interface of one component kind. */
    static ComponentProvider<?> wrap(ComponentProvider<?> provider, Guard guard) {
        String name = guard.notNull("name()", guard.call("name()", provider::name));
        List<String> aliases = List.copyOf(guard.notNull("aliases()", guard.call("aliases()", provider::aliases)));
        String description = guard.call("description()", provider::description);
        Described described = new Described(name, aliases, description == null ? "" : description);
        if (provider instanceof ActivationProvider p) {
            return new Activations(p, guard, described);
        }
        if (provider instanceof LossProvider p) {
            return new Losses(p, guard, described);
        }
        if (provider instanceof LayerProvider p) {
            return new Layers(p, guard, described);
        }
        if (provider instanceof OptimizerProvider p) {
            return new Optimizers(p, guard, described);
        }
        if (provider instanceof LearningRateScheduleProvider p) {
            return new Schedules(p, guard, described);
        }
        if (provider instanceof InitializerProvider p) {
            return new Initializers(p, guard, described);
        }
        if (provider instanceof DataSourceProvider p) {
            List<String> paths = List.copyOf(guard.notNull("pathParameters()",
                    guard.call("pathParameters()", p::pathParameters)));
            return new DataSources(p, guard, described, paths);
        }
        throw new IllegalArgumentException(provider.getClass().getName() + " implements no known provider interface");
    }

    private record Described(String name, List<String> aliases, String description) {
    }

    private abstract static class GuardedProvider<T> implements ComponentProvider<T> {
        final Guard guard;
        final Described described;

        GuardedProvider(Guard guard, Described described) {
            this.guard = guard;
            this.described = described;
        }

        @Override
        public final String name() {
            return described.name();
        }

        @Override
        public final List<String> aliases() {
            return described.aliases();
        }

        @Override
        public final String description() {
            return described.description();
        }

        String what(String call) {
            return "'" + described.name() + "' " + call;
        }
    }

    private static final class Activations extends GuardedProvider<Activation> implements ActivationProvider {
        private final ActivationProvider delegate;

        Activations(ActivationProvider delegate, Guard guard, Described described) {
            super(guard, described);
            this.delegate = delegate;
        }

        @Override
        public Activation create(ComponentParameters parameters) {
            Activation activation = guard.notNull(what("create()"),
                    guard.call(what("create()"), () -> delegate.create(parameters)));
            return guardedActivation(activation, guard, described.name());
        }
    }

    /** Guards {@code activation}; the guarded one is {@link OnnxExportable} exactly when {@code activation} is. */
    static Activation guardedActivation(Activation activation, Guard guard, String name) {
        return activation instanceof OnnxExportable ? new GuardedExportableActivation(activation, guard, name)
                : new GuardedActivation(activation, guard, name);
    }

    private static final class GuardedExportableActivation extends GuardedActivation implements OnnxExportable {
        GuardedExportableActivation(Activation delegate, Guard guard, String name) {
            super(delegate, guard, name);
        }

        @Override
        public String toOnnx(String input, OnnxGraphBuilder graph) {
            String what = "activation '" + name + "' toOnnx";
            return guard.notNull(what, guard.call(what, () -> ((OnnxExportable) delegate).toOnnx(input, graph)));
        }
    }

    private static class GuardedActivation implements Activation {
        final Activation delegate;
        final Guard guard;
        final String name;

        GuardedActivation(Activation delegate, Guard guard, String name) {
            this.delegate = delegate;
            this.guard = guard;
            this.name = name;
        }

        @Override
        public void forward(Tensor input, Tensor output) {
            guard.run("activation '" + name + "' forward", () -> delegate.forward(input, output));
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
            guard.run("activation '" + name + "' backward",
                    () -> delegate.backward(input, output, gradOutput, gradInput));
        }

        @Override
        public ActivationProperties properties() {
            return guard.notNull("activation '" + name + "' properties()",
                    guard.call("activation '" + name + "' properties()", delegate::properties));
        }

        @Override
        public boolean supportsFloat32() {
            return guard.call("activation '" + name + "' supportsFloat32()", delegate::supportsFloat32);
        }
    }

    private static final class Losses extends GuardedProvider<Loss> implements LossProvider {
        private final LossProvider delegate;

        Losses(LossProvider delegate, Guard guard, Described described) {
            super(guard, described);
            this.delegate = delegate;
        }

        @Override
        public Loss create(ComponentParameters parameters) {
            Loss loss = guard.notNull(what("create()"), guard.call(what("create()"), () -> delegate.create(parameters)));
            return new GuardedLoss(loss, guard, described.name());
        }
    }

    private static final class GuardedLoss implements Loss {
        private final Loss delegate;
        private final Guard guard;
        private final String name;

        GuardedLoss(Loss delegate, Guard guard, String name) {
            this.delegate = delegate;
            this.guard = guard;
            this.name = name;
        }

        @Override
        public double value(Tensor predictions, Tensor targets) {
            return guard.call("loss '" + name + "' value", () -> delegate.value(predictions, targets));
        }

        @Override
        public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
            guard.run("loss '" + name + "' gradient", () -> delegate.gradient(predictions, targets, gradient));
        }

        @Override
        public boolean gradientBeforeActivation(ActivationProperties activation, Tensor predictions, Tensor targets,
                                                Tensor gradient) {
            return guard.call("loss '" + name + "' gradientBeforeActivation",
                    () -> delegate.gradientBeforeActivation(activation, predictions, targets, gradient));
        }

        @Override
        public LossProperties properties() {
            return guard.notNull("loss '" + name + "' properties()",
                    guard.call("loss '" + name + "' properties()", delegate::properties));
        }

        @Override
        public boolean supportsFloat32() {
            return guard.call("loss '" + name + "' supportsFloat32()", delegate::supportsFloat32);
        }
    }

    private static final class Layers extends GuardedProvider<Layer> implements LayerProvider {
        private final LayerProvider delegate;

        Layers(LayerProvider delegate, Guard guard, Described described) {
            super(guard, described);
            this.delegate = delegate;
        }

        @Override
        public Layer create(LayerContext context) {
            Layer layer = guard.notNull(what("create()"), guard.call(what("create()"), () -> delegate.create(context)));
            return layer instanceof OnnxExportable ? new GuardedExportableLayer(layer, guard, described.name())
                    : new GuardedLayer(layer, guard, described.name());
        }
    }

    /** A guarded layer that has an ONNX form, which is guarded too. */
    static final class GuardedExportableLayer extends GuardedLayer implements OnnxExportable {
        GuardedExportableLayer(Layer delegate, Guard guard, String name) {
            super(delegate, guard, name);
        }

        @Override
        public String toOnnx(String input, OnnxGraphBuilder graph) {
            return guard.notNull(what("toOnnx"), guard.call(what("toOnnx"),
                    () -> ((OnnxExportable) delegate).toOnnx(input, graph)));
        }
    }

    /** Every method of {@link Layer} guarded; what returns a component (an activation) comes back guarded too. */
    static class GuardedLayer implements Layer {
        final Layer delegate;
        final Guard guard;
        private final String name;

        GuardedLayer(Layer delegate, Guard guard, String name) {
            this.delegate = delegate;
            this.guard = guard;
            this.name = name;
        }

        String what(String call) {
            return "layer '" + name + "' " + call;
        }

        @Override
        public int inputSize() {
            return guard.call(what("inputSize()"), delegate::inputSize);
        }

        @Override
        public int outputSize() {
            return guard.call(what("outputSize()"), delegate::outputSize);
        }

        @Override
        public List<Parameter> parameters() {
            return List.copyOf(guard.notNull(what("parameters()"), guard.call(what("parameters()"),
                    delegate::parameters)));
        }

        @Override
        public List<StateTensor> state() {
            return List.copyOf(guard.notNull(what("state()"), guard.call(what("state()"), delegate::state)));
        }

        @Override
        public Tensor forward(Tensor input, ForwardContext context) {
            return guard.notNull(what("forward"), guard.call(what("forward"), () -> delegate.forward(input, context)));
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
            return guard.notNull(what("backward"), guard.call(what("backward"),
                    () -> delegate.backward(gradOutput, inputGradientNeeded)));
        }

        @Override
        public Optional<Activation> outputActivation() {
            Optional<Activation> activation = guard.notNull(what("outputActivation()"),
                    guard.call(what("outputActivation()"), delegate::outputActivation));
            return activation.map(a -> a instanceof GuardedActivation ? a
                    : guardedActivation(a, guard, name + "' output activation '" + a.getClass().getSimpleName()));
        }

        @Override
        public Tensor backwardFromPreActivation(Tensor gradPreActivation, boolean inputGradientNeeded) {
            return guard.notNull(what("backwardFromPreActivation"), guard.call(what("backwardFromPreActivation"),
                    () -> delegate.backwardFromPreActivation(gradPreActivation, inputGradientNeeded)));
        }

        @Override
        public boolean supportsFloat32() {
            return guard.call(what("supportsFloat32()"), delegate::supportsFloat32);
        }
    }

    private static final class Optimizers extends GuardedProvider<Optimizer> implements OptimizerProvider {
        private final OptimizerProvider delegate;

        Optimizers(OptimizerProvider delegate, Guard guard, Described described) {
            super(guard, described);
            this.delegate = delegate;
        }

        @Override
        public Optimizer create(ComponentParameters parameters) {
            Optimizer optimizer = guard.notNull(what("create()"),
                    guard.call(what("create()"), () -> delegate.create(parameters)));
            String name = described.name();
            if (optimizer instanceof StatefulOptimizer stateful) {
                return new GuardedStatefulOptimizer(stateful, guard, "optimizer '" + name + "' ");
            }
            return new GuardedOptimizer(optimizer, guard, "optimizer '" + name + "' ");
        }
    }

    /** A plugin optimizer without saved state: every method under the guard. */
    static final class GuardedOptimizer implements Optimizer {
        private final Optimizer delegate;
        private final Guard guard;
        private final String what;

        GuardedOptimizer(Optimizer delegate, Guard guard, String what) {
            this.delegate = delegate;
            this.guard = guard;
            this.what = what;
        }

        @Override
        public void step(List<Parameter> parameters) {
            guard.run(what + "step", () -> delegate.step(parameters));
        }

        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            guard.run(what + "step", () -> delegate.step(parameters, learningRate));
        }

        @Override
        public boolean supportsFloat32() {
            return guard.call(what + "supportsFloat32()", delegate::supportsFloat32);
        }

        @Override
        public OptionalDouble learningRate() {
            return guard.notNull(what + "learningRate()", guard.call(what + "learningRate()", delegate::learningRate));
        }
    }

    private static final class Schedules extends GuardedProvider<LearningRateSchedule>
            implements LearningRateScheduleProvider {
        private final LearningRateScheduleProvider delegate;

        Schedules(LearningRateScheduleProvider delegate, Guard guard, Described described) {
            super(guard, described);
            this.delegate = delegate;
        }

        @Override
        public LearningRateSchedule create(ComponentParameters parameters) {
            LearningRateSchedule schedule = guard.notNull(what("create()"),
                    guard.call(what("create()"), () -> delegate.create(parameters)));
            return new GuardedSchedule(schedule, guard, "schedule '" + described.name() + "' ");
        }
    }

    /** A plugin learning-rate schedule: every method under the guard. */
    static final class GuardedSchedule implements LearningRateSchedule {
        private final LearningRateSchedule delegate;
        private final Guard guard;
        private final String what;

        GuardedSchedule(LearningRateSchedule delegate, Guard guard, String what) {
            this.delegate = delegate;
            this.guard = guard;
            this.what = what;
        }

        @Override
        public double learningRate(ScheduleProgress progress) {
            return guard.call(what + "learningRate()", () -> delegate.learningRate(progress));
        }

        @Override
        public void epochEnded(FinishedEpoch epoch) {
            guard.run(what + "epochEnded()", () -> delegate.epochEnded(epoch));
        }

        @Override
        public Map<String, Double> saveState() {
            return guard.notNull(what + "saveState()", guard.call(what + "saveState()", delegate::saveState));
        }

        @Override
        public void loadState(Map<String, Double> state) {
            guard.run(what + "loadState()", () -> delegate.loadState(state));
        }
    }

    /**
     * A plugin optimizer that saves its state: the interface kept, the methods of every optimizer under the guard of
     * a {@link GuardedOptimizer}, and the state's two likewise.
     */
    static final class GuardedStatefulOptimizer implements StatefulOptimizer {
        private final StatefulOptimizer delegate;
        private final GuardedOptimizer optimizer;
        private final Guard guard;
        private final String what;

        GuardedStatefulOptimizer(StatefulOptimizer delegate, Guard guard, String what) {
            this.delegate = delegate;
            this.optimizer = new GuardedOptimizer(delegate, guard, what);
            this.guard = guard;
            this.what = what;
        }

        @Override
        public void step(List<Parameter> parameters) {
            optimizer.step(parameters);
        }

        @Override
        public void step(List<Parameter> parameters, double learningRate) {
            optimizer.step(parameters, learningRate);
        }

        @Override
        public boolean supportsFloat32() {
            return optimizer.supportsFloat32();
        }

        @Override
        public OptionalDouble learningRate() {
            return optimizer.learningRate();
        }

        @Override
        public Map<String, Tensor> saveState() {
            return guard.notNull(what + "saveState()", guard.call(what + "saveState()", delegate::saveState));
        }

        @Override
        public void loadState(Map<String, Tensor> state, List<Parameter> parameters) {
            guard.run(what + "loadState()", () -> delegate.loadState(state, parameters));
        }
    }

    private static final class Initializers extends GuardedProvider<Initializer> implements InitializerProvider {
        private final InitializerProvider delegate;

        Initializers(InitializerProvider delegate, Guard guard, Described described) {
            super(guard, described);
            this.delegate = delegate;
        }

        @Override
        public Initializer create(ComponentParameters parameters) {
            Initializer initializer = guard.notNull(what("create()"),
                    guard.call(what("create()"), () -> delegate.create(parameters)));
            String name = described.name();
            return (Tensor weights, int fanIn, int fanOut, RandomGenerator random) -> guard.run(
                    "initializer '" + name + "' initialize", () -> initializer.initialize(weights, fanIn, fanOut, random));
        }
    }

    private static final class DataSources extends GuardedProvider<DataSource> implements DataSourceProvider {
        private final DataSourceProvider delegate;
        private final List<String> pathParameters;

        DataSources(DataSourceProvider delegate, Guard guard, Described described, List<String> pathParameters) {
            super(guard, described);
            this.delegate = delegate;
            this.pathParameters = pathParameters;
        }

        @Override
        public List<String> pathParameters() {
            return pathParameters;
        }

        @Override
        public DataSource create(ComponentParameters parameters) {
            DataSource source = guard.notNull(what("create()"),
                    guard.call(what("create()"), () -> delegate.create(parameters)));
            String name = described.name();
            return context -> {
                String what = "data format '" + name + "' read";
                Object call = PluginCalls.enter(guard.plugin(), what);
                try (ContextClassLoader ignored = guard.context()) {
                    return source.read(context);
                } catch (java.io.IOException | DataException | PluginException e) {
                    throw e;
                } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
                    throw guard.failure(what, e);
                } finally {
                    PluginCalls.exit(call);
                }
            };
        }
    }
}
