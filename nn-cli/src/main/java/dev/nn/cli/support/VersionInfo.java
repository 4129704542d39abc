package dev.nn.cli.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import dev.nn.tensor.MatrixProducts;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The platform's version and SPI version, from the build; also picocli's {@code --version}, which with
 * {@code --verbose} adds the matrix-product kernel (its tile, vector width and threads) this JVM chooses.
 */
public final class VersionInfo implements CommandLine.IVersionProvider {
    /** The option of the command whose version is asked that asks for the kernel too. */
    public static final String VERBOSE = "--verbose";

    private static final Properties PROPERTIES = load();

    @Spec
    CommandSpec spec;

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    /** The plugin SPI version this platform implements. */
    public static String spiVersion() {
        return PROPERTIES.getProperty("spi.version", "2");
    }

    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>(List.of(
                "nn " + version() + " (plugin SPI " + spiVersion() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"));
        OptionSpec verbose = spec == null ? null : spec.findOption(VERBOSE);
        if (verbose != null && Boolean.TRUE.equals(verbose.getValue())) {
            lines.add("Kernels: " + MatrixProducts.implementation());
        }
        return lines.toArray(new String[0]);
    }
}
