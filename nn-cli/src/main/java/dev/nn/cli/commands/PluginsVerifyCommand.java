package dev.nn.cli.commands;

import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.check.VerificationLayerContext;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.UserInputException;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.registry.NameSuggestions;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.LayerProvider;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import dev.nn.spi.ParameterException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn plugins verify}: a seeded finite-difference check of every activation, loss and layer, built-in or
 * plugin, with default parameters (or those given with {@code --with}): activations and losses at random points and
 * beside the kinks each declares, layers (on {@link VerificationLayerContext#INPUTS} inputs, with 3 units when they
 * need a size) in training and in inference mode, their input and parameter gradients.
 *
 * <p>Each check runs on a daemon thread of its own and gets {@code --timeout} seconds: a component still running
 * after a second is named on standard error, and one still running at the limit is abandoned (reported as failed);
 * the command goes on with the next one and exits even when an abandoned check never returns.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every activation, loss and layer (built-in and plugins, with default parameters unless "
                + "given with --with; a layer that needs units gets 3) against central finite differences at seeded "
                + "random points: activations and losses also beside declared kinks and at large inputs, layers in "
                + "training and inference mode. Prints a pass/fail table; exits 1 when any component fails or gives "
                + "no result within --timeout.")
public final class PluginsVerifyCommand implements Callable<Integer> {
    private static final Pattern WITH = Pattern.compile("([^\\s:=,]+):(.+)");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    /** How long a check runs before it is named on standard error. */
    private static final long NAME_AFTER_MILLIS = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--seed", description = "Seed for the random points (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Abandon a component's check that gives no result within SECONDS (default: "
                    + "${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--with", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE...]",
            description = "Check NAME with these parameters instead of its defaults, as a spec would write them "
                    + "(e.g. --with leaky_relu:alpha=0.3). Repeatable.")
    List<String> with = new ArrayList<>();

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new UserInputException("--timeout: expected a whole number of seconds >= 1 but found "
                    + timeoutSeconds);
        }
        ComponentRegistry registry = common.startPlatform().getInstance(ComponentRegistry.class);
        Map<String, Map<String, Object>> parameters = parameters(registry);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String format = "%-12s %-16s %-50s %18s  %s%n";
        out.printf(format, "KIND", "NAME", "JAR", "MAX RELATIVE ERROR", "RESULT");
        int failed = 0;
        int checked = 0;
        for (DiscoveredComponent component : registry.components()) {
            if (component.alias() || !checkable(component.kind())) {
                continue;
            }
            Verified verified = checkWithin(component, parameters.getOrDefault(component.name(), Map.of()),
                    registry, err);
            CheckResult result = verified.result();
            Map<String, Object> given = verified.parameters();
            checked++;
            if (!result.passed()) {
                failed++;
            }
            String error = Double.isNaN(result.maxRelativeError()) ? "-"
                    : String.format(Locale.ROOT, "%.3e", result.maxRelativeError());
            String name = given.isEmpty() ? component.name() : component.name() + given;
            out.printf(format, component.kind().displayName(), name, PluginsCommand.origin(component),
                    error, result.passed() ? "pass" : "FAIL: " + result.worst());
            out.flush();
        }
        out.printf("%d of %d components passed (tolerance %.0e, seed %d)%n", checked - failed, checked,
                ComponentGradientCheck.TOLERANCE, seed);
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The kinds of component the command checks, in the order their names are offered. */
    private static final List<ComponentKind> CHECKED_KINDS =
            List.of(ComponentKind.ACTIVATION, ComponentKind.LOSS, ComponentKind.LAYER);

    private static boolean checkable(ComponentKind kind) {
        return CHECKED_KINDS.contains(kind);
    }

    /**
     * Options a layer needs that a spec always writes and that have no default: a layer without {@code units} is
     * checked with 3, an {@code activation} layer without {@code name} wraps tanh.
     */
    private static final Map<String, Object> SAMPLE_OPTIONS = Map.of("units", 3, "name", "tanh");

    /** A check's result and the parameters it was made with (a layer's with its {@link #SAMPLE_OPTIONS}). */
    private record Verified(CheckResult result, Map<String, Object> parameters) {
    }

    /**
     * The check of {@code component} with {@code given} on a daemon thread, abandoned after {@link #timeoutSeconds}
     * (building a layer included: a plugin's constructor may never return).
     */
    private Verified checkWithin(DiscoveredComponent component, Map<String, Object> given,
                                 ComponentRegistry registry, PrintWriter err) {
        CompletableFuture<Verified> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(component.kind() == ComponentKind.LAYER ? checkLayer(component, given, seed, registry)
                        : new Verified(check(component, given, seed), given));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "nn-verify " + component.kind().displayName() + " " + component.name());
        worker.setDaemon(true);
        worker.start();
        long limitMillis = TimeUnit.SECONDS.toMillis(timeoutSeconds);
        try {
            try {
                return result.get(Math.min(NAME_AFTER_MILLIS, limitMillis), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (limitMillis <= NAME_AFTER_MILLIS) {
                    throw stillRunning;
                }
                err.println("checking " + component.label() + "...");
                err.flush();
                return result.get(limitMillis - NAME_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            worker.interrupt();
            String abandoned = "no result after " + timeoutSeconds + " s: the check was abandoned";
            err.println(component.label() + ": " + abandoned);
            err.flush();
            return new Verified(new CheckResult(false, Double.NaN, 0, abandoned), given);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verified(new CheckResult(false, Double.NaN, 0, "interrupted"), given);
        } catch (ExecutionException e) {
            return new Verified(new CheckResult(false, Double.NaN, 0, "check aborted: " + e.getCause()), given);
        }
    }

    /**
     * The check of an activation or a loss created with {@code given} (its defaults when empty); a component that
     * cannot be created, or ignores a given parameter, fails.
     */
    static CheckResult check(DiscoveredComponent component, Map<String, Object> given, long seed) {
        ComponentParameters parameters = new ComponentParameters(given);
        String with = with(given);
        Object created;
        try {
            created = component.kind() == ComponentKind.ACTIVATION
                    ? ((ActivationProvider) component.provider()).create(parameters)
                    : ((LossProvider) component.provider()).create(parameters);
        } catch (ParameterException e) {
            return new CheckResult(false, Double.NaN, 0, "cannot create it " + with + ": parameter '"
                    + e.parameter() + "': expected " + e.expected() + " but found " + e.found());
        } catch (RuntimeException | LinkageError e) {
            return new CheckResult(false, Double.NaN, 0, "cannot create it " + with + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(parameters.unread());
        if (!unknown.isEmpty()) {
            return new CheckResult(false, Double.NaN, 0, "it takes no parameter " + String.join(", ", unknown)
                    + (parameters.requested().isEmpty() ? "" : "; it takes: "
                    + String.join(", ", new TreeSet<>(parameters.requested()))));
        }
        return component.kind() == ComponentKind.ACTIVATION
                ? ComponentGradientCheck.checkActivation((Activation) created, seed)
                : ComponentGradientCheck.checkLoss((Loss) created, seed);
    }

    private static String with(Map<String, Object> given) {
        return given.isEmpty() ? "with default parameters" : "with " + given;
    }

    /**
     * The check of a layer built with {@code given} in a {@link VerificationLayerContext} ({@link
     * VerificationLayerContext#INPUTS} inputs), plus each {@link #SAMPLE_OPTIONS sample option} it turns out to need
     * (building it says which: a {@link ParameterException} for a missing key):
     * {@link ComponentGradientCheck#checkLayer} in training and in inference mode, the first failure or else the
     * larger error, with the options it was built with. A layer that cannot be built, or ignores an option, fails.
     */
    static Verified checkLayer(DiscoveredComponent component, Map<String, Object> given, long seed,
                               ComponentRegistry registry) {
        Map<String, Object> options = new LinkedHashMap<>(given);
        VerificationLayerContext context;
        Layer layer;
        while (true) {
            context = new VerificationLayerContext(registry, options, seed);
            try {
                layer = ((LayerProvider) component.provider()).create(context);
                break;
            } catch (ParameterException e) {
                Object sample = SAMPLE_OPTIONS.get(e.parameter());
                if (sample == null || options.containsKey(e.parameter()) || !"nothing".equals(e.found())) {
                    return new Verified(new CheckResult(false, Double.NaN, 0, "cannot create it " + with(options)
                            + ": parameter '" + e.parameter() + "': expected " + e.expected() + " but found "
                            + e.found()), options);
                }
                options.put(e.parameter(), sample);
            } catch (RuntimeException | LinkageError e) {
                return new Verified(new CheckResult(false, Double.NaN, 0, "cannot create it " + with(options) + ": "
                        + e.getMessage()), options);
            }
        }
        Set<String> unknown = new TreeSet<>(context.options().unread());
        if (!unknown.isEmpty()) {
            return new Verified(new CheckResult(false, Double.NaN, 0, "it takes no option "
                    + String.join(", ", unknown) + (context.options().requested().isEmpty() ? "" : "; it takes: "
                    + String.join(", ", new TreeSet<>(context.options().requested())))), options);
        }
        CheckResult worst = null;
        for (ForwardContext.Mode mode : ForwardContext.Mode.values()) {
            CheckResult result = ComponentGradientCheck.checkLayer(layer, mode, seed);
            if (!result.passed()) {
                return new Verified(result, options);
            }
            if (worst == null || result.maxRelativeError() > worst.maxRelativeError()) {
                worst = result;
            }
        }
        return new Verified(worst, options);
    }

    /** The {@code --with} parameters by component name; each name must be a checkable component. */
    private Map<String, Map<String, Object>> parameters(ComponentRegistry registry) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (String option : with) {
            Matcher matcher = WITH.matcher(option.strip());
            if (!matcher.matches()) {
                throw new UserInputException("--with " + option + ": expected NAME:KEY=VALUE[,KEY=VALUE...], "
                        + "e.g. leaky_relu:alpha=0.3");
            }
            String name = matcher.group(1);
            if (CHECKED_KINDS.stream().noneMatch(kind -> registry.contains(kind, name))) {
                List<String> names = new ArrayList<>();
                CHECKED_KINDS.forEach(kind -> names.addAll(registry.names(kind)));
                throw new UserInputException("--with " + option + ": no activation, loss or layer is called '" + name
                        + "'" + NameSuggestions.didYouMean(name, names));
            }
            Map<String, Object> values = byName.computeIfAbsent(name, n -> new LinkedHashMap<>());
            for (String pair : matcher.group(2).split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new UserInputException("--with " + option + ": expected KEY=VALUE but found '"
                            + pair.strip() + "'");
                }
                values.put(pair.substring(0, equals).strip(), value(pair.substring(equals + 1).strip()));
            }
        }
        return byName;
    }

    /** A value as YAML would read it: a whole number, a decimal, true or false, else the text. */
    static Object value(String text) {
        if (INTEGER.matcher(text).matches()) {
            return Integer.parseInt(text);
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
