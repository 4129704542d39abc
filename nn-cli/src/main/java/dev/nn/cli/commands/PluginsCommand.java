package dev.nn.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
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

    @Option(names = "--json", description = "Write the list as one JSON object, for scripts (keys described in "
            + "docs/plugins.md, Listing and checking plugins).")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        ComponentRegistry registry = common.startPlatform().getInstance(ComponentRegistry.class);
        List<DiscoveredComponent> components = registry.components();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json(registry, components)));
        } else {
            table(registry, components, out);
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (List<DiscoveredComponent> clash : registry.clashes()) {
            err.println("warning: " + DuplicateComponentException.message(clash) + " (a spec that uses '"
                    + clash.get(0).name() + "' fails until then)");
        }
        err.flush();
        return 0;
    }

    private static void table(ComponentRegistry registry, List<DiscoveredComponent> components, PrintWriter out) {
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
    }

    /**
     * The JSON form, documented in docs/plugins.md: {@code components}, each {@code kind}, {@code name},
     * {@code alias_of} (the name it stands for, or null), {@code class}, {@code built_in}, {@code origin} (as the
     * table's JAR column), {@code version} (or null) and {@code clash}; and {@code count}.
     */
    static Map<String, Object> json(ComponentRegistry registry, List<DiscoveredComponent> components) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DiscoveredComponent component : components) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", component.kind().displayName());
            row.put("name", component.name());
            row.put("alias_of", component.alias() ? component.provider().name() : null);
            row.put("class", component.className());
            row.put("built_in", component.origin().builtIn());
            row.put("origin", origin(component));
            row.put("version", component.origin().version()
                    .orElse(component.origin().builtIn() ? VersionInfo.version() : null));
            row.put("clash", registry.clashes(component.kind(), component.name()));
            rows.add(row);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("components", rows);
        root.put("count", components.size());
        return root;
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
