package dev.nn.cli.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The platform's version and SPI version, from the build; also picocli's {@code --version}. */
public final class VersionInfo implements CommandLine.IVersionProvider {
    private static final Properties PROPERTIES = load();

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
        return new String[] {
            "nn " + version() + " (plugin SPI " + spiVersion() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
