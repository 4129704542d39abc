package dev.nn.cli.output;

import static java.util.Objects.requireNonNull;

import dev.nn.input.UserText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Says that the data is being read, so the screen is not blank while a large data set loads: at once a line
 * {@code reading data/train.csv (127 MB) ...}; when done, {@code read data/train.csv (127 MB) in 4.21 s}.
 *
 * <p>On a terminal the one line is redrawn every {@link #TICK} with how far the reading got: {@code reading
 * data/train.csv (+1 more, 127 MB) ... 45%, 1.9 s}, the file being read, and the share of all the files' bytes that
 * the process has read (its read position in each open data file, from Linux's {@code /proc/self/fdinfo}; elsewhere
 * only the time), fitted to the terminal's width; the last drawing is replaced by the "read" line. Off a terminal
 * there are just the two lines, naming every file, with no carriage returns.
 */
public final class DataReading implements AutoCloseable {
    /** How often the line is redrawn on a terminal. */
    static final long TICK = 250;

    private final PrintWriter out;
    private final String files;
    private final List<String> shown;
    private final long total;
    private final Map<Path, Long> sizes;
    private final boolean terminal;
    private final IntSupplier columns;
    private final LongSupplier nanoTime;
    private final long started;
    private final Map<Path, Long> done = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private int reading;
    private int shownLength;
    private boolean finished;

    DataReading(PrintWriter out, List<Path> paths, List<String> shown, boolean terminal, IntSupplier columns,
                LongSupplier nanoTime) {
        this.out = requireNonNull(out, "out is null");
        this.terminal = terminal;
        this.columns = requireNonNull(columns, "columns is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.sizes = new LinkedHashMap<>();
        long bytes = 0;
        for (Path path : paths) {
            long size = size(path);
            sizes.put(path.toAbsolutePath().normalize(), size);
            bytes += size;
        }
        this.total = bytes;
        // as the spec wrote them, control characters and line breaks escaped: a name must not drive the terminal
        this.shown = shown.stream().map(UserText::escape).toList();
        this.files = String.join(", ", this.shown) + (total > 0 ? " (" + bytes(total) + ")" : "");
        this.started = nanoTime.getAsLong();
    }

    /**
     * Prints the first line for reading {@code paths} (named {@code shown}, as the spec wrote them) and, on a
     * terminal, starts redrawing it; nothing at all when there are no data files.
     */
    public static DataReading start(PrintWriter out, List<Path> paths, List<String> shown, boolean terminal) {
        DataReading reading = new DataReading(out, paths, shown, terminal, Terminal.columnsEverySecond(),
                System::nanoTime);
        reading.begin();
        return reading;
    }

    /** The data files' total size in bytes (0 for a file whose size could not be read). */
    public long bytes() {
        return total;
    }

    void begin() {
        if (sizes.isEmpty()) {
            finished = true;
            return;
        }
        if (!terminal) {
            out.println("reading " + files + " ...");
            out.flush();
            return;
        }
        draw(fitted("reading ", " ...", 0));
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nn-data-reading");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK, TICK, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        if (finished) {
            return;
        }
        double seconds = (nanoTime.getAsLong() - started) / 1e9;
        OptionalLong read = bytesRead();
        String progress = read.isPresent() && total > 0
                ? String.format(Locale.ROOT, " %d%%, %.1f s", Math.min(100, read.getAsLong() * 100 / total), seconds)
                : String.format(Locale.ROOT, " %.1f s", seconds);
        draw(fitted("reading ", " ..." + progress, reading));
    }

    /**
     * The terminal's line, {@code verb}, a file name, then {@code tail}, no wider than the terminal less one column:
     * the file being read ({@code index}), with {@code (+3 more, 57 MB)} for the others; when too wide, its file name
     * alone, then cut at its start.
     */
    private String fitted(String verb, String tail, int index) {
        int limit = Math.max(1, columns.getAsInt() - 1);
        String others = shown.size() > 1 ? "+" + (shown.size() - 1) + " more" : "";
        String size = total > 0 ? bytes(total) : "";
        String about = others.isEmpty() && size.isEmpty() ? ""
                : " (" + others + (others.isEmpty() || size.isEmpty() ? "" : ", ") + size + ")";
        String name = shown.get(Math.min(index, shown.size() - 1));
        String line = verb + name + about + tail;
        if (line.length() > limit) {
            Path file = Path.of(name).getFileName();
            name = file == null ? name : file.toString();
            int room = limit - verb.length() - about.length() - tail.length();
            if (name.length() > room) {
                name = room > 3 ? "..." + name.substring(name.length() - (room - 3)) : "";
            }
            line = verb + name + about + tail;
        }
        return line.length() <= limit ? line : line.substring(0, limit);
    }

    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, shownLength - line.length())));
        out.flush();
        shownLength = line.length();
    }

    /**
     * The bytes of the data files read so far: for a file open now, its read position; for one seen open before and
     * closed since, its size. Empty where {@code /proc/self/fdinfo} does not exist.
     */
    OptionalLong bytesRead() {
        Path descriptors = Path.of("/proc/self/fd");
        if (!Files.isDirectory(descriptors)) {
            return OptionalLong.empty();
        }
        Map<Path, Long> open = new LinkedHashMap<>();
        try (Stream<Path> listed = Files.list(descriptors)) {
            for (Path fd : (Iterable<Path>) listed::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd).toAbsolutePath().normalize();
                    if (sizes.containsKey(target)) {
                        open.merge(target, position(fd.getFileName().toString()), Math::max);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed while listed, or not a link
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        for (Path seen : new ArrayList<>(done.keySet())) {
            if (!open.containsKey(seen)) {
                done.put(seen, sizes.get(seen));
            }
        }
        open.forEach(done::put);
        List<Path> order = new ArrayList<>(sizes.keySet());
        open.keySet().stream().findFirst().ifPresent(now -> reading = order.indexOf(now));
        return OptionalLong.of(done.values().stream().mapToLong(Long::longValue).sum());
    }

    private static long position(String fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd))) {
            if (line.startsWith("pos:")) {
                return Long.parseLong(line.substring(4).trim());
            }
        }
        return 0;
    }

    /** The data is read: the last line, {@code read ... in 4.21 s}, replaces the progress on a terminal. */
    public synchronized void done() {
        if (finished) {
            return;
        }
        stop();
        String took = String.format(Locale.ROOT, " in %.2f s", (nanoTime.getAsLong() - started) / 1e9);
        if (terminal) {
            draw(fitted("read ", took, 0));
            out.println();
        } else {
            out.println("read " + files + took);
        }
        out.flush();
    }

    /** Stops redrawing; on a terminal the line is blanked when the data was not read to the end. */
    @Override
    public synchronized void close() {
        if (!finished) {
            stop();
            if (terminal) {
                out.print("\r" + " ".repeat(shownLength) + "\r");
                out.flush();
            }
        }
    }

    private void stop() {
        finished = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    private static long size(Path path) {
        try {
            return Files.isRegularFile(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code 812 B}, {@code 4.5 kB}, {@code 127 MB}, {@code 1.2 GB}. */
    static String bytes(long count) {
        if (count < 1000) {
            return count + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
