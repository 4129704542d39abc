package dev.nn.cli.commands;

import dev.nn.check.CheckResult;
import dev.nn.check.ComponentGradientCheck;
import dev.nn.cli.ExitCodes;
import dev.nn.registry.ComponentKind;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProvider;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProvider;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn plugins verify}: a seeded finite-difference check of every activation and loss, built-in or plugin,
 * with default parameters, at random points and beside the kinks each declares.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every activation and loss (built-in and plugins, with default parameters) against "
                + "central finite differences at seeded random points, including beside declared kinks and at large "
                + "inputs. Prints a pass/fail table; exits 1 when any component fails.")
public final class PluginsVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--seed", description = "Seed for the random points (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Override
    public Integer call() {
        ComponentRegistry registry = common.startPlatform().getInstance(ComponentRegistry.class);
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-12s %-16s %-50s %18s  %s%n";
        out.printf(format, "KIND", "NAME", "JAR", "MAX RELATIVE ERROR", "RESULT");
        int failed = 0;
        int checked = 0;
        for (DiscoveredComponent component : registry.components()) {
            if (component.alias()
                    || (component.kind() != ComponentKind.ACTIVATION && component.kind() != ComponentKind.LOSS)) {
                continue;
            }
            CheckResult result = check(component);
            checked++;
            if (!result.passed()) {
                failed++;
            }
            String error = Double.isNaN(result.maxRelativeError()) ? "-"
                    : String.format(Locale.ROOT, "%.3e", result.maxRelativeError());
            out.printf(format, component.kind().displayName(), component.name(), PluginsCommand.origin(component),
                    error, result.passed() ? "pass" : "FAIL: " + result.worst());
        }
        out.printf("%d of %d components passed (tolerance %.0e, seed %d)%n", checked - failed, checked,
                ComponentGradientCheck.TOLERANCE, seed);
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private CheckResult check(DiscoveredComponent component) {
        try {
            if (component.kind() == ComponentKind.ACTIVATION) {
                Activation activation = ((ActivationProvider) component.provider()).create(ComponentParameters.empty());
                return ComponentGradientCheck.checkActivation(activation, seed);
            }
            Loss loss = ((LossProvider) component.provider()).create(ComponentParameters.empty());
            return ComponentGradientCheck.checkLoss(loss, seed);
        } catch (RuntimeException | LinkageError e) {
            return new CheckResult(false, Double.NaN, 0, "cannot create it with default parameters: " + e.getMessage());
        }
    }
}
