package dev.nn.cli.output;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What nn knows of the terminal it writes to: whether standard output is one, and how wide it is.
 *
 * <p>The width is {@code $COLUMNS} when that is set to a number (shells set it without exporting it; a user may
 * export it to choose a width), else the terminal's own, from {@code stty size </dev/tty}, else {@value #FALLBACK}.
 */
public final class Terminal {
    /** The width when neither {@code $COLUMNS} nor the terminal tells. */
    public static final int FALLBACK = 80;
    /** Narrower widths are taken as a mistake; the lines stay at least this wide. */
    static final int NARROWEST = 20;

    private Terminal() {
    }

    /**
     * Whether standard input and output are a terminal. Before Java 22 {@link System#console()} is null otherwise;
     * from Java 22 on it may not be, and {@code Console.isTerminal()} tells. {@code TERM=dumb} counts as none.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The terminal's columns now: {@code $COLUMNS}, else {@code stty size}, else {@value #FALLBACK}. */
    public static int columns() {
        return columns(System.getenv(), Terminal::sttyColumns);
    }

    /**
     * The terminal's columns, asked again (which may start {@code stty}) at most once a second: for lines drawn many
     * times a second, yet following a window that is resized.
     */
    public static IntSupplier columnsEverySecond() {
        return columnsEvery(Duration.ofSeconds(1), Terminal::columns, System::nanoTime);
    }

    /** {@code columns}, asked again only once {@code period} has passed on {@code nanoTime} since it was last. */
    static IntSupplier columnsEvery(Duration period, IntSupplier columns, LongSupplier nanoTime) {
        long[] asked = {0};
        int[] value = {0};
        boolean[] known = {false};
        return () -> {
            long now = nanoTime.getAsLong();
            if (!known[0] || now - asked[0] >= period.toNanos()) {
                value[0] = columns.getAsInt();
                asked[0] = now;
                known[0] = true;
            }
            return value[0];
        };
    }

    /** {@link #columns()} from {@code environment}, asking {@code terminal} when {@code COLUMNS} does not say. */
    static int columns(Map<String, String> environment, java.util.function.Supplier<OptionalInt> terminal) {
        OptionalInt fromEnvironment = number(environment.get("COLUMNS"));
        if (fromEnvironment.isPresent()) {
            return Math.max(NARROWEST, fromEnvironment.getAsInt());
        }
        OptionalInt fromTerminal = terminal.get();
        return fromTerminal.isPresent() ? Math.max(NARROWEST, fromTerminal.getAsInt()) : FALLBACK;
    }

    /** The columns of {@code stty size} ({@code ROWS COLUMNS}) run on the controlling terminal; empty if none. */
    static OptionalInt sttyColumns() {
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size </dev/tty")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            stty.getOutputStream().close();
            String said;
            try (InputStream output = stty.getInputStream()) {
                said = new String(output.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroy();
                return OptionalInt.empty();
            }
            String[] fields = said.split("\\s+");
            return fields.length == 2 ? number(fields[1]) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    private static OptionalInt number(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Whether the platform's encoding is UTF-8, so that block characters can be drawn. */
    public static boolean unicode() {
        try {
            return Charset.forName(System.getProperty("native.encoding", System.getProperty("file.encoding",
                    "UTF-8"))).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
