package dev.nn.model;

import java.util.Locale;

/**
 * How much heap the JVM may use, and how to say so: the figures in the messages for a network too large for the heap
 * and for running out of memory, with the setting that gives {@code nn} more.
 */
public final class HeapLimit {
    private static final long MB = 1024L * 1024;
    private static final long GB = 1024L * MB;

    private HeapLimit() {
    }

    /** The most heap this JVM may use ({@code -Xmx}), in bytes. */
    public static long max() {
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code bytes} for people: {@code 123 MB}, {@code 37.2 GB}. */
    public static String describe(double bytes) {
        if (bytes >= GB) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / GB);
        }
        return String.format(Locale.ROOT, "%d MB", (long) Math.ceil(bytes / MB));
    }

    /**
     * The launcher setting that gives the JVM a heap of about {@code bytes} with a quarter to spare, in whole
     * gigabytes, at least {@code 1g}: {@code NN_JAVA_OPTS=-Xmx64g}.
     */
    public static String setting(double bytes) {
        long gigabytes = Math.max(1, (long) Math.ceil(bytes * 1.25 / GB));
        return "NN_JAVA_OPTS=-Xmx" + gigabytes + "g";
    }
}
