package dev.nn.cli.commands;

import dev.nn.cli.support.VersionInfo;
import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.ComponentOrigin;
import dev.nn.registry.ComponentRegistry;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.registry.DuplicateComponentException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nn plugins}: every discovered component with its kind, class and origin. A name several components claim
 * is marked {@code CLASH} on each of their rows and explained in a warning.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every component the platform found: kind, name, implementing class, and the jar it "
                + "came from (or built-in) with its version. Names that several components claim are marked CLASH.",
        subcommands = PluginsVerifyCommand.class)
public final class PluginsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ComponentRegistry registry = common.startPlatform().getInstance(ComponentRegistry.class);
        List<DiscoveredComponent> components = registry.components();
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-12s %-20s %-56s %-50s %s%n";
        out.printf(format, "KIND", "NAME", "CLASS", "JAR", "VERSION");
        for (DiscoveredComponent component : components) {
            String name = component.alias() ? component.name() + " -> " + component.provider().name()
                    : component.name();
            String version = component.origin().version()
                    .orElse(component.origin().builtIn() ? VersionInfo.version() : "-");
            out.printf(format, component.kind().displayName(), name, component.className(), origin(component),
                    registry.clashes(component.kind(), component.name()) ? version + "  CLASH" : version);
        }
        out.printf("%d components%n", components.size());
        PrintWriter err = spec.commandLine().getErr();
        for (List<DiscoveredComponent> clash : registry.clashes()) {
            err.println("warning: " + DuplicateComponentException.message(clash) + " (a spec that uses '"
                    + clash.get(0).name() + "' fails until then)");
        }
        err.flush();
        return 0;
    }

    /** {@code built-in (nn-activations-0.1.0.jar)} or the plugin's jar or folder. */
    static String origin(DiscoveredComponent component) {
        if (!component.origin().builtIn()) {
            return component.origin().location();
        }
        return ComponentDiscovery.codeLocation(component.provider().getClass())
                .map(path -> ComponentOrigin.BUILT_IN + " (" + path.getFileName() + ")")
                .orElse(ComponentOrigin.BUILT_IN);
    }
}
