package dev.nn.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The platform's version and the plugin SPI version it implements, as the build recorded them. */
public final class PlatformVersion {
    private static final Properties PROPERTIES = load();

    private PlatformVersion() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = PlatformVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the build recorded none. */
    public static String version() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    /** The plugin SPI version this platform implements, which plugin jars must declare. */
    public static String spiVersion() {
        return PROPERTIES.getProperty("spi.version", "2");
    }
}
