package dev.nn.cli.support;

import dev.nn.platform.PlatformVersion;
import dev.nn.tensor.MatrixProducts;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The platform's version and SPI version ({@link PlatformVersion}); also picocli's {@code --version}, which with
 * {@code --verbose} adds the matrix-product kernel (its tile, vector width and threads) this JVM chooses.
 */
public final class VersionInfo implements CommandLine.IVersionProvider {
    /** The option of the command whose version is asked that asks for the kernel too. */
    public static final String VERBOSE = "--verbose";

    @Spec
    CommandSpec spec;

    /** e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return PlatformVersion.version();
    }

    /** The plugin SPI version this platform implements. */
    public static String spiVersion() {
        return PlatformVersion.spiVersion();
    }

    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>(List.of(
                "nn " + version() + " (plugin SPI " + spiVersion() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"));
        OptionSpec verbose = spec == null ? null : spec.findOption(VERBOSE);
        if (verbose != null && Boolean.TRUE.equals(verbose.getValue())) {
            lines.add("Kernels: " + MatrixProducts.implementation());
            lines.add("Kernels (float32): " + MatrixProducts.float32Implementation());
        }
        return lines.toArray(new String[0]);
    }
}
