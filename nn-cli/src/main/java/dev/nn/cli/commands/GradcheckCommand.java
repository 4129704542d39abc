package dev.nn.cli.commands;

import dev.nn.check.NetworkGradientCheck.ParameterResult;
import dev.nn.check.NetworkGradientCheck;
import dev.nn.cli.support.ExitCodes;
import dev.nn.cli.support.UserInputException;
import dev.nn.data.DataSet;
import dev.nn.input.PlainNumbers;
import dev.nn.input.UserText;
import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.spi.ForwardContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn gradcheck SPEC}: backpropagation against central finite differences on the spec's data. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Compare backpropagated gradients with central finite differences on the spec's training "
                + "data, at the starting parameters. Exits 1 when any parameter's maximum relative error is above "
                + "the tolerance. Always computed in float64: a spec's dtype: float32 is checked in float64 (the "
                + "float32 kernels are checked against the float64 ones by the test suite).")
public final class GradcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    OverrideOptions overrideOptions;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The model spec (YAML), or a saved model (.nn or YAML).")
    Path specFile;

    /** Read as text and checked by {@link #positive}: picocli's own conversion takes NaN, Infinity and 0x1p3. */
    @Option(names = "--tolerance", paramLabel = "REL",
            description = "Largest relative error that passes, a number > 0 (default: ${DEFAULT-VALUE}).")
    String toleranceText = Double.toString(NetworkGradientCheck.DEFAULT_TOLERANCE);

    @Option(names = "--step", paramLabel = "H",
            description = "Finite-difference step, a number > 0, scaled by max(1, |p|) (default: ${DEFAULT-VALUE}).")
    String stepText = Double.toString(NetworkGradientCheck.DEFAULT_STEP);

    /**
     * The value of option {@code name}: a plain decimal number, finite and greater than 0.
     *
     * @throws UserInputException otherwise, naming the option, what it needs and what was given
     */
    static double positive(String name, String meaning, String text) {
        double value;
        try {
            value = PlainNumbers.parse(text);
        } catch (PlainNumbers.NotAPlainNumberException e) {
            throw new UserInputException(name + ": " + e.getMessage());
        }
        if (!(value > 0)) {
            throw new UserInputException(name + ": expected a number > 0 (" + meaning + ") but found "
                    + UserText.quote(text));
        }
        return value;
    }

    @Override
    public Integer call() {
        double tolerance = positive("--tolerance", "the largest relative error that passes", toleranceText);
        double step = positive("--step", "the finite-difference step", stepText);
        var overrides = overrideOptions.overrides();
        var injector = common.startPlatform();
        dev.nn.spec.LoadedSpec loaded = SpecCommandSupport.load(injector, specFile, overrides);
        boolean float32 = dev.nn.tensor.DataType.FLOAT32.specName().equals(loaded.spec().dtype());
        if (float32) { // finite differences need float64's precision
            loaded = loaded.withSpec(loaded.spec().withDtype(dev.nn.tensor.DataType.FLOAT64.specName()));
        }
        Model model = SpecCommandSupport.assemble(injector, loaded, ModelAssembler.DataRequirement.REQUIRED,
                spec.commandLine().getErr());
        DataSet data = model.train().orElseThrow();
        long seed = model.spec().spec().seed() == null ? 0L : model.spec().spec().seed();
        List<ParameterResult> results = new java.util.ArrayList<>();
        for (ForwardContext.Mode mode : ForwardContext.Mode.values()) {
            results.addAll(NetworkGradientCheck.check(model.network(), data.inputs().toTensor(),
                    data.targets().toTensor(), step, mode, seed));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (float32) {
            out.println("dtype: float32 is checked in float64 (finite differences need its precision)");
        }
        out.printf("%-10s %10s %22s %22s %-7s %s%n", "parameter", "elements", "max relative error",
                "at (analytic/numeric)", "result", "mode");
        boolean passed = true;
        for (ParameterResult result : results) {
            boolean ok = result.passes(tolerance);
            passed &= ok;
            int elements = model.network().parameters().stream().filter(p -> p.name().equals(result.name()))
                    .findFirst().map(p -> p.value().size()).orElse(0);
            out.printf("%-10s %10d %22.3e %11.4g/%-10.4g %-7s %s%n", result.name(), elements,
                    result.maxRelativeError(), result.analytic(), result.numeric(), ok ? "ok" : "FAIL",
                    result.mode() == ForwardContext.Mode.TRAINING ? "training (step streams of epoch 1, batch 1)"
                            : "inference");
        }
        out.printf("%s: gradients %s (tolerance %.1e, %d samples)%n", specFile, passed ? "match" : "DO NOT match",
                tolerance, data.size());
        return passed ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
