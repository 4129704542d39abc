package dev.nn.cli.support;

import dev.nn.platform.PlatformVersion;
import picocli.CommandLine;

/** The platform's version and SPI version ({@link PlatformVersion}); also picocli's {@code --version}. */
public final class VersionInfo implements CommandLine.IVersionProvider {
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
        return new String[] {
            "nn " + version() + " (plugin SPI " + spiVersion() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
