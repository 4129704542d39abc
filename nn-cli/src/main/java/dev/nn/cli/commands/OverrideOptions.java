package dev.nn.cli.commands;

import dev.nn.spec.SpecOverride;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --set KEY=VALUE}, for the commands that read a spec: values that replace the spec's before it is used. */
public final class OverrideOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Replace or add a value of the spec before it is read (repeatable, applied in order): "
                    + "KEY a key path (training.epochs, optimizer.learning_rate, layers[1].units), VALUE written as "
                    + "in YAML (5, relu, {monitor: val_loss, patience: 3}); checked like the file.")
    List<String> arguments = new ArrayList<>();

    /**
     * The overrides, in the order given.
     *
     * @throws dev.nn.spec.SpecException naming the first argument that is not {@code KEY=VALUE}
     */
    List<SpecOverride> overrides() {
        return arguments.stream().map(SpecOverride::parse).toList();
    }
}
