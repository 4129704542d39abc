package dev.nn.testkit;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.random.SplitMix64;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.LossProvider;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One JUnit call that checks a plugin's activation, loss or layer provider the way the platform will use it.
 *
 * <pre>{@code
 * @Test
 * void swishIsAValidActivation() {
 *     PluginTestKit.assertValidActivationProvider(new SwishProvider(),
 *             new ComponentParameters(Map.of("beta", 1.5)));
 * }
 * }</pre>
 *
 * <p>Each call checks, in this order, and fails with a message that starts with the component's kind, name and
 * class:
 * <ol>
 *   <li><b>names</b>: {@code name()} and every alias match {@code [a-z][a-z0-9_]*};</li>
 *   <li><b>instantiation</b>: the provider class is public with a public no-argument constructor that works (as
 *       {@link java.util.ServiceLoader} needs), {@code create(parameters)} returns a component, and it reads every
 *       parameter given (the platform reports unread ones to the user as unknown);</li>
 *   <li><b>declared properties</b> are complete: no {@code null} range, finite kinks, an initialiser name, a softmax
 *       that is also row-wise;</li>
 *   <li><b>derivatives</b>: {@link ComponentGradientCheck} passes for each of the seeds {@link #SEEDS};</li>
 *   <li><b>extreme inputs</b>: an activation gives finite outputs within its declared output range and finite
 *       gradients at {@link #EXTREME_INPUTS}; a loss gives a finite value and gradient for predictions at
 *       {@link #LARGE_PREDICTIONS} and at the ends of its declared prediction range, where they belong to it;</li>
 *   <li><b>determinism</b>: two components, from two provider instances, give the same outputs bit for bit, and so
 *       does a second call on the same component (no per-batch state);</li>
 *   <li><b>batch semantics</b>: an activation computes each row (sample) on its own, and each element on its own
 *       unless it declares itself row-wise; a softmax-flagged activation's rows are probability distributions; a
 *       loss is the mean over the batch of the per-sample losses (as {@link Loss} specifies).</li>
 * </ol>
 * The random points are seeded, so a failure is reproducible.
 *
 * <p>A layer provider is checked through the platform itself, which builds, trains, saves and loads a small network
 * around the layer; see {@link #assertValidLayerProvider(LayerProvider, Map)}:
 * <pre>{@code
 * @Test
 * void featureScaleIsAValidLayer() {
 *     PluginTestKit.assertValidLayerProvider(new FeatureScaleProvider(), Map.of("initial", 0.5));
 * }
 * }</pre>
 *
 * <p>Every failure is a JUnit {@code AssertionFailedError} (through {@link org.junit.jupiter.api.Assertions#fail});
 * the kit throws nothing else for a component at fault, and {@link NullPointerException} for a {@code null}
 * argument.
 */
public final class PluginTestKit {
    /** The seeds of the finite-difference checks. */
    public static final List<Long> SEEDS = List.of(0L, 1L, 2L, 3L, 42L);
    /** The inputs every activation must survive: finite outputs in its range and finite gradients. */
    public static final List<Double> EXTREME_INPUTS = List.of(
            1e3, -1e3, 1e8, -1e8, Double.MAX_VALUE / 2, -Double.MAX_VALUE / 2);
    /** The large predictions every loss must survive, where its declared prediction range contains them. */
    public static final List<Double> LARGE_PREDICTIONS = List.of(1e3, -1e3, 1e8, -1e8);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int COLUMNS = 5;
    private static final int RANDOM_ROWS = 4;
    private static final long DATA_SEED = 20_240_601L;
    private static final double RANDOM_BOUND = 4;
    private static final double SUM_TOLERANCE = 1e-12;
    private static final double MEAN_TOLERANCE = 1e-10;

    private PluginTestKit() {
    }

    /** {@link #assertValidActivationProvider(ActivationProvider, ComponentParameters)} with no parameters. */
    public static void assertValidActivationProvider(ActivationProvider provider) {
        assertValidActivationProvider(provider, ComponentParameters.empty());
    }

    /**
     * Checks {@code provider} and the activation it creates from {@code parameters}; see the class description.
     *
     * @param parameters what a spec would write beside the name; each must be read by {@code create}
     * @throws org.opentest4j.AssertionFailedError naming the provider and what is wrong
     */
    public static void assertValidActivationProvider(ActivationProvider provider, ComponentParameters parameters) {
        requireNonNull(provider, "provider is null");
        requireNonNull(parameters, "parameters is null");
        String who = checkNames(provider, "activation");
        ActivationProvider second = freshInstance(provider, who);
        Activation activation = create(provider, parameters, who);
        checkAllRead(parameters, who);
        ActivationProperties properties = call(who, "properties()", activation::properties);
        checkDeclared(properties, who);

        for (long seed : SEEDS) {
            CheckResult result = ComponentGradientCheck.checkActivation(activation, seed);
            if (!result.passed()) {
                fail(who + ": the finite-difference check failed (seed " + seed + "): " + result);
            }
        }
        checkExtremes(activation, properties, who);

        Activation other = create(second, parameters, who);
        Tensor z = randomInputs();
        Tensor g = uniform(new SplitMix64(DATA_SEED + 1), z.rows(), z.columns(), -1, 1);
        Tensor y = forward(activation, z, who);
        Tensor gradInput = backward(activation, z, y, g, who);
        requireSameBits(y, forward(activation, z, who), who, "a second forward on the same instance");
        requireSameBits(gradInput, backward(activation, z, y, g, who), who, "a second backward on the same instance");
        requireSameBits(y, forward(other, z, who), who, "forward on an instance from another provider instance");
        requireSameBits(gradInput, backward(other, z, y, g, who), who,
                "backward on an instance from another provider instance");
        requireWithinRange(z, y, properties.outputRange(), who);

        checkRowsIndependent(activation, z, y, g, gradInput, who);
        if (!properties.rowwise()) {
            checkElementsIndependent(activation, z, y, who);
        }
        if (properties.softmax()) {
            checkDistributions(z, y, who);
        }
    }

    /** {@link #assertValidLossProvider(LossProvider, ComponentParameters)} with no parameters. */
    public static void assertValidLossProvider(LossProvider provider) {
        assertValidLossProvider(provider, ComponentParameters.empty());
    }

    /**
     * Checks {@code provider} and the loss it creates from {@code parameters}; see the class description.
     *
     * @param parameters what a spec would write beside the name; each must be read by {@code create}
     * @throws org.opentest4j.AssertionFailedError naming the provider and what is wrong
     */
    public static void assertValidLossProvider(LossProvider provider, ComponentParameters parameters) {
        requireNonNull(provider, "provider is null");
        requireNonNull(parameters, "parameters is null");
        String who = checkNames(provider, "loss");
        LossProvider second = freshInstance(provider, who);
        Loss loss = create(provider, parameters, who);
        checkAllRead(parameters, who);
        LossProperties properties = call(who, "properties()", loss::properties);
        if (properties == null) {
            fail(who + ": properties() returned null");
        }
        if (properties.predictionRange() == null || properties.targetRange() == null) {
            fail(who + ": properties() declares a null range: " + properties);
        }

        for (long seed : SEEDS) {
            CheckResult result = ComponentGradientCheck.checkLoss(loss, seed);
            if (!result.passed()) {
                fail(who + ": the finite-difference check failed (seed " + seed + "): " + result);
            }
        }
        checkLargePredictions(loss, properties, who);

        Loss other = create(second, parameters, who);
        SplitMix64 random = new SplitMix64(DATA_SEED);
        Tensor predictions = inside(properties.predictionRange(), random, RANDOM_ROWS, COLUMNS);
        Tensor targets = targets(properties, random, RANDOM_ROWS, COLUMNS);
        double value = value(loss, predictions, targets, who);
        Tensor gradient = gradient(loss, predictions, targets, who);
        requireSameBits(value, value(loss, predictions, targets, who), who, "a second value() on the same instance");
        requireSameBits(gradient, gradient(loss, predictions, targets, who), who,
                "a second gradient() on the same instance");
        requireSameBits(value, value(other, predictions, targets, who), who,
                "value() on an instance from another provider instance");
        requireSameBits(gradient, gradient(other, predictions, targets, who), who,
                "gradient() on an instance from another provider instance");

        checkMeanOverBatch(loss, predictions, targets, value, gradient, who);
    }

    /** {@link #assertValidLayerProvider(LayerProvider, Map)} with no options. */
    public static void assertValidLayerProvider(LayerProvider provider) {
        assertValidLayerProvider(provider, Map.of());
    }

    /**
     * Checks {@code provider} and the layer it creates from {@code options}, through the platform: the layer is
     * written as {@code {type: <name>, <options>}} in the spec
     * <pre>
     *   input: 4
     *   seed: 42
     *   layers: [{units: 4, activation: testkit_identity}, {type: &lt;name&gt;, &lt;options&gt;}]
     *   loss: testkit_half_squared_error
     *   optimizer: {name: sgd, learning_rate: 0.05}
     * </pre>
     * which the platform's spec loader reads and its assembler builds, with the built-in components found on the
     * class path and {@code provider} as the only provider of its name. The dense layer in front makes its weight
     * gradient {@code W1} a check of the layer's dL/d(input). Checked, in this order:
     * <ol>
     *   <li><b>names</b> and <b>instantiation</b>, as for activations;</li>
     *   <li>the spec is accepted (every option read, starting values asked for by name), the layer takes the
     *       4 inputs, gives at least one output, and its parameters and state have distinct names that match
     *       {@code [a-z][a-z0-9_]*};</li>
     *   <li><b>gradients</b>: {@link dev.nn.check.NetworkGradientCheck} passes for every parameter of the network
     *       in <b>training</b> mode (every pass drawing the same step random stream: seed 42, epoch 1, batch 1) and
     *       in <b>inference</b> mode;</li>
     *   <li><b>options</b>: the same spec with the extra option {@code testkit_unknown_option: 1} is
     *       refused with "unknown key" at {@code layers[1].testkit_unknown_option}, and the keys that
     *       message lists as valid include every option in {@code options};</li>
     *   <li><b>determinism</b>: three training steps (training forward, backward, sgd)
     *       from two assemblies of the spec, with two provider instances, give the same losses, parameters and
     *       state bit for bit; inference gives the same bits twice and on both;</li>
     *   <li><b>save and load</b>: the trained model, written by the platform's spec writer (parameters under the
     *       layer's {@code parameters:}, state under {@code state:}, by local name) and read back by its loader and
     *       assembler, has every parameter and state tensor of the trained layer, bit for bit, and gives the same
     *       inference output.</li>
     * </ol>
     *
     * @param options what a spec writes on the layer beside {@code type}, e.g. {@code Map.of("stddev", 0.1)};
     *     values as YAML gives them (numbers, strings, booleans, lists, maps)
     * @throws org.opentest4j.AssertionFailedError naming the layer and what is wrong
     */
    public static void assertValidLayerProvider(LayerProvider provider, Map<String, ?> options) {
        requireNonNull(provider, "provider is null");
        requireNonNull(options, "options is null");
        String who = checkNames(provider, "layer");
        LayerProvider second = freshInstance(provider, who);
        new LayerCheck(provider, second, options, who).run();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Names, instances, parameters, declarations.
    // ---------------------------------------------------------------------------------------------------------

    static String checkNames(ComponentProvider<?> provider, String kind) {
        String type = provider.getClass().getName();
        String provisional = kind + " provider " + type;
        String name = call(provisional, "name()", provider::name);
        if (name == null || !NAME.matcher(name).matches()) {
            fail(provisional + ": name() must match " + NAME + " (lower case, digits, underscores) but is "
                    + quote(name));
        }
        String who = kind + " '" + name + "' (" + type + ")";
        List<String> aliases = call(who, "aliases()", provider::aliases);
        if (aliases == null) {
            fail(who + ": aliases() returned null (return List.of() for none)");
        }
        for (String alias : aliases) {
            if (alias == null || !NAME.matcher(alias).matches()) {
                fail(who + ": every alias must match " + NAME + " but one is " + quote(alias));
            }
            if (alias.equals(name)) {
                fail(who + ": the alias '" + alias + "' repeats the name");
            }
        }
        if (call(who, "description()", provider::description) == null) {
            fail(who + ": description() returned null (return \"\" for none)");
        }
        return who;
    }

    @SuppressWarnings("unchecked")
    static <P> P freshInstance(P provider, String who) {
        Class<?> type = provider.getClass();
        String why = " (ServiceLoader instantiates providers with it)";
        if (!Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass() || type.isLocalClass()) {
            fail(who + ": the provider class must be a public top-level or static nested class" + why);
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            fail(who + ": a nested provider class must be static" + why);
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            return fail(who + ": the provider needs a public no-argument constructor" + why);
        }
        try {
            return (P) constructor.newInstance();
        } catch (InvocationTargetException e) {
            return fail(who + ": the no-argument constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return fail(who + ": the no-argument constructor cannot be called: " + e, e);
        }
    }

    private static <T> T create(ComponentProvider<T> provider, ComponentParameters parameters, String who) {
        T component = call(who, "create(" + parameters + ")", () -> provider.create(parameters));
        if (component == null) {
            fail(who + ": create(" + parameters + ") returned null");
        }
        return component;
    }

    private static void checkAllRead(ComponentParameters parameters, String who) {
        Set<String> unread = parameters.unread();
        if (!unread.isEmpty()) {
            fail(who + ": create() never read the parameter(s) " + unread + "; the platform would report them as "
                    + "unknown (it read " + parameters.requested() + ")");
        }
    }

    private static void checkDeclared(ActivationProperties properties, String who) {
        if (properties == null) {
            fail(who + ": properties() returned null (return ActivationProperties.UNKNOWN to declare nothing)");
        }
        if (properties.outputRange() == null) {
            fail(who + ": properties() declares a null output range (Range.ALL for any)");
        }
        for (double kink : properties.kinks()) {
            if (!Double.isFinite(kink)) {
                fail(who + ": properties() declares a kink at " + kink + "; kinks must be finite");
            }
        }
        if (properties.initializer() == null || properties.initializer().isBlank()) {
            fail(who + ": properties() declares no initializer (e.g. \"glorot_uniform\")");
        }
        if (properties.softmax() && !properties.rowwise()) {
            fail(who + ": properties() declares softmax but not rowwise; a softmax mixes each row");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Activations.
    // ---------------------------------------------------------------------------------------------------------

    /** One row per extreme value (the whole row holds it), then one row mixing them. */
    private static void checkExtremes(Activation activation, ActivationProperties properties, String who) {
        int n = EXTREME_INPUTS.size();
        Tensor z = Tensor.zeros(n + 1, n);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                z.set(r, c, EXTREME_INPUTS.get(r));
                z.set(n, c, EXTREME_INPUTS.get(c));
            }
        }
        Tensor y = forward(activation, z, who);
        for (int i = 0; i < y.size(); i++) {
            double value = y.data()[i];
            if (!Double.isFinite(value)) {
                fail(who + ": forward gave " + value + " for the extreme input z = " + z.data()[i] + at(z, i)
                        + "; outputs must stay finite for large |z|");
            }
        }
        requireWithinRange(z, y, properties.outputRange(), who);
        for (double fill : new double[] {1.0, -1.0}) {
            Tensor g = Tensor.zeros(z.rows(), z.columns()).fillInPlace(fill);
            Tensor gradInput = backward(activation, z, y, g, who);
            for (int i = 0; i < gradInput.size(); i++) {
                if (!Double.isFinite(gradInput.data()[i])) {
                    fail(who + ": backward gave " + gradInput.data()[i] + " for the extreme input z = " + z.data()[i]
                            + at(z, i) + " (gradOutput all " + fill + "); gradients must stay finite for large |z|");
                }
            }
        }
    }

    private static void requireWithinRange(Tensor z, Tensor y, Range range, String who) {
        for (int i = 0; i < y.size(); i++) {
            if (!range.contains(y.data()[i])) {
                fail(who + ": forward gave " + y.data()[i] + " for z = " + z.data()[i] + at(z, i)
                        + ", outside the declared output range " + range);
            }
        }
    }

    private static void checkRowsIndependent(Activation activation, Tensor z, Tensor y, Tensor g, Tensor gradInput,
                                             String who) {
        for (int r = 0; r < z.rows(); r++) {
            Tensor row = Tensor.wrap(1, z.columns(), z.rowCopy(r));
            Tensor rowY = forward(activation, row, who);
            if (!Arrays.equals(rowY.data(), y.rowCopy(r))) {
                fail(who + ": forward of row " + r + " alone gives " + Arrays.toString(rowY.data())
                        + " but within the batch " + Arrays.toString(y.rowCopy(r))
                        + "; each sample must be computed on its own, whatever else is in the batch");
            }
            Tensor rowGrad = backward(activation, row, rowY, Tensor.wrap(1, g.columns(), g.rowCopy(r)), who);
            if (!Arrays.equals(rowGrad.data(), gradInput.rowCopy(r))) {
                fail(who + ": backward of row " + r + " alone gives " + Arrays.toString(rowGrad.data())
                        + " but within the batch " + Arrays.toString(gradInput.rowCopy(r))
                        + "; each sample must be computed on its own, whatever else is in the batch");
            }
        }
    }

    private static void checkElementsIndependent(Activation activation, Tensor z, Tensor y, String who) {
        for (int i = 0; i < z.size(); i++) {
            Tensor single = Tensor.wrap(1, 1, new double[] {z.data()[i]});
            double alone = forward(activation, single, who).data()[0];
            if (Double.doubleToLongBits(alone) != Double.doubleToLongBits(y.data()[i])) {
                fail(who + ": forward of z = " + z.data()[i] + " alone gives " + alone + " but " + y.data()[i]
                        + " within its row" + at(z, i) + "; an activation that mixes a row must declare "
                        + "rowwise = true in its properties");
            }
        }
    }

    private static void checkDistributions(Tensor z, Tensor y, String who) {
        for (int r = 0; r < y.rows(); r++) {
            double sum = 0;
            for (double p : y.rowCopy(r)) {
                if (!(p >= 0 && p <= 1)) {
                    fail(who + ": declares softmax, but row " + r + " holds " + p + ", not a probability: "
                            + Arrays.toString(y.rowCopy(r)));
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE * y.columns()) {
                fail(who + ": declares softmax, but row " + r + " sums to " + sum + ", not 1, for z = "
                        + Arrays.toString(z.rowCopy(r)));
            }
        }
    }

    private static Tensor randomInputs() {
        return uniform(new SplitMix64(DATA_SEED), RANDOM_ROWS, COLUMNS, -RANDOM_BOUND, RANDOM_BOUND);
    }

    private static Tensor forward(Activation activation, Tensor z, String who) {
        Tensor y = Tensor.zeros(z.rows(), z.columns()).fillInPlace(Double.NaN);
        call(who, "forward", () -> {
            activation.forward(z.copy(), y);
            return null;
        });
        return y;
    }

    private static Tensor backward(Activation activation, Tensor z, Tensor y, Tensor g, String who) {
        Tensor gradInput = Tensor.zeros(z.rows(), z.columns()).fillInPlace(Double.NaN);
        call(who, "backward", () -> {
            activation.backward(z.copy(), y.copy(), g.copy(), gradInput);
            return null;
        });
        return gradInput;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Losses.
    // ---------------------------------------------------------------------------------------------------------

    private static void checkLargePredictions(Loss loss, LossProperties properties, String who) {
        Range range = properties.predictionRange();
        List<Double> candidates = new ArrayList<>();
        for (double value : LARGE_PREDICTIONS) {
            if (range.contains(value)) {
                candidates.add(value);
            }
        }
        if (Double.isFinite(range.lower())) {
            candidates.add(range.lowerClosed() ? range.lower() : Math.nextUp(range.lower()));
        }
        if (Double.isFinite(range.upper())) {
            candidates.add(range.upperClosed() ? range.upper() : Math.nextDown(range.upper()));
        }
        for (double candidate : candidates) {
            Tensor predictions = Tensor.zeros(2, 3).fillInPlace(candidate);
            Tensor targets = targets(properties, new SplitMix64(DATA_SEED), 2, 3);
            String where = " for predictions all " + candidate + " and targets " + Arrays.toString(targets.data());
            double value = value(loss, predictions, targets, who);
            if (!Double.isFinite(value)) {
                fail(who + ": value() gave " + value + where + "; it must stay finite for every prediction in the "
                        + "declared range " + range);
            }
            Tensor gradient = gradient(loss, predictions, targets, who);
            for (int i = 0; i < gradient.size(); i++) {
                if (!Double.isFinite(gradient.data()[i])) {
                    fail(who + ": gradient() gave " + gradient.data()[i] + where + "; it must stay finite for "
                            + "every prediction in the declared range " + range);
                }
            }
        }
    }

    private static void checkMeanOverBatch(Loss loss, Tensor predictions, Tensor targets, double value,
                                           Tensor gradient, String who) {
        int rows = predictions.rows();
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            Tensor p = Tensor.wrap(1, predictions.columns(), predictions.rowCopy(r));
            Tensor t = Tensor.wrap(1, targets.columns(), targets.rowCopy(r));
            sum += value(loss, p, t, who);
            double[] rowGradient = gradient(loss, p, t, who).data();
            double[] batchGradient = gradient.rowCopy(r);
            for (int c = 0; c < rowGradient.length; c++) {
                double expected = rowGradient[c] / rows;
                if (!close(batchGradient[c], expected)) {
                    fail(who + ": in a batch of " + rows + ", row " + r + "'s gradient is "
                            + Arrays.toString(batchGradient) + " but that row alone gives " + Arrays.toString(rowGradient)
                            + "; the loss must be the mean over the batch, so the gradient is the row's own divided "
                            + "by the batch size");
                }
            }
        }
        double mean = sum / rows;
        if (!close(value, mean)) {
            fail(who + ": the loss of a batch of " + rows + " is " + value + " but the mean of its rows' losses is "
                    + mean + "; the loss must be the mean over the batch");
        }
    }

    private static boolean close(double actual, double expected) {
        return Math.abs(actual - expected) <= MEAN_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual))
                || Math.abs(actual - expected) <= Double.MIN_NORMAL;
    }

    private static Tensor targets(LossProperties properties, SplitMix64 random, int rows, int columns) {
        if (!properties.classification()) {
            return inside(properties.targetRange(), random, rows, columns);
        }
        Tensor targets = Tensor.zeros(rows, columns);
        for (int r = 0; r < rows; r++) {
            targets.set(r, random.nextIndex(columns), 1.0);
        }
        return targets;
    }

    /** Values well inside {@code range}: its middle 90%, or within 3 of its one finite end, or in [-3, 3]. */
    private static Tensor inside(Range range, SplitMix64 random, int rows, int columns) {
        double lower;
        double upper;
        if (Double.isFinite(range.lower()) && Double.isFinite(range.upper())) {
            double width = range.upper() - range.lower();
            lower = range.lower() + 0.05 * width;
            upper = range.upper() - 0.05 * width;
        } else if (Double.isFinite(range.lower())) {
            lower = range.lower() + 0.05;
            upper = range.lower() + 3;
        } else if (Double.isFinite(range.upper())) {
            lower = range.upper() - 3;
            upper = range.upper() - 0.05;
        } else {
            lower = -3;
            upper = 3;
        }
        return uniform(random, rows, columns, lower, upper);
    }

    private static double value(Loss loss, Tensor predictions, Tensor targets, String who) {
        return call(who, "value()", () -> loss.value(predictions.copy(), targets.copy()));
    }

    private static Tensor gradient(Loss loss, Tensor predictions, Tensor targets, String who) {
        Tensor gradient = Tensor.zeros(predictions.rows(), predictions.columns()).fillInPlace(Double.NaN);
        call(who, "gradient()", () -> {
            loss.gradient(predictions.copy(), targets.copy(), gradient);
            return null;
        });
        return gradient;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared.
    // ---------------------------------------------------------------------------------------------------------

    private static Tensor uniform(SplitMix64 random, int rows, int columns, double lower, double upper) {
        Tensor result = Tensor.zeros(rows, columns);
        for (int i = 0; i < result.size(); i++) {
            result.data()[i] = lower + (upper - lower) * random.nextDouble();
        }
        return result;
    }

    private static void requireSameBits(Tensor expected, Tensor actual, String who, String what) {
        if (!Arrays.equals(expected.data(), actual.data())) {
            fail(who + ": not deterministic: " + what + " gave " + Arrays.toString(actual.data()) + " instead of "
                    + Arrays.toString(expected.data()) + " for the same arguments");
        }
    }

    private static void requireSameBits(double expected, double actual, String who, String what) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
            fail(who + ": not deterministic: " + what + " gave " + actual + " instead of " + expected
                    + " for the same arguments");
        }
    }

    static <T> T call(String who, String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException | LinkageError e) {
            return fail(who + ": " + what + " threw " + e, e);
        }
    }

    private static String at(Tensor z, int index) {
        return " (row " + index / z.columns() + ", column " + index % z.columns() + ")";
    }

    private static String quote(String text) {
        return text == null ? "null" : "'" + text + "'";
    }
}
