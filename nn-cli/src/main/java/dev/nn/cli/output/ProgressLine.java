package dev.nn.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The text of a progress bar line, fitted to a terminal's width: {@code epoch  3/40 [█████▌    ]  45% 190/422  loss
 * 0.24381  48,786 samples/s  ETA 1:02:03}, where the ETA is the time left of the whole run (this epoch's rest at its
 * pace, then the epochs after it at the mean pace of those finished).
 *
 * <p>The line is never wider than the terminal less one column (a character in the last column makes some terminals
 * wrap). When the parts do not all fit, they go in this order: samples per second, the batch count, the percentage,
 * the bar, the loss, the ETA; the epoch label stays, cut at the width in the end. The bar takes what the other parts
 * leave, between {@value #MIN_BAR} and {@value #MAX_BAR} cells, and at least {@value #COMFORTABLE_BAR} beside the
 * percentage, the batch count or samples per second; a part dropped comes back when a later drop leaves it room.
 */
public final class ProgressLine {
    /** The narrowest bar drawn, in cells between its brackets; narrower, it is dropped. */
    static final int MIN_BAR = 10;
    /** The widest bar. */
    static final int MAX_BAR = 40;
    /** The percentage, the batch count and samples per second are shown only beside a bar at least this wide. */
    static final int COMFORTABLE_BAR = 20;

    private static final char[] PARTIAL = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

    private final boolean unicode;

    /** @param unicode block characters for the bar; else {@code =} and {@code >} */
    public ProgressLine(boolean unicode) {
        this.unicode = unicode;
    }

    /**
     * The line for batch {@code batch} of {@code batches} in epoch {@code epoch} of {@code epochs}.
     *
     * @param loss the epoch's mean loss so far
     * @param samplesPerSecond the epoch's pace so far; empty before it is known
     * @param secondsLeft the whole run's time left; empty before it is known
     * @param width the terminal's columns
     */
    public String render(int epoch, int epochs, int batch, int batches, double loss, OptionalDouble samplesPerSecond,
                         OptionalDouble secondsLeft, int width) {
        int limit = Math.max(1, width - 1);
        int digits = Integer.toString(epochs).length();
        double fraction = batches <= 0 ? 0 : Math.min(1, Math.max(0, (double) batch / batches));
        // Highest priority first: the last ones are dropped first.
        List<Part> parts = new ArrayList<>();
        // Parts whose text varies from batch to batch reserve room for their usual widest, so that the bar keeps its
        // width through the epoch (the unused room is trailing blank).
        parts.add(new Part(0, String.format(Locale.ROOT, "epoch %" + digits + "d/%d", epoch, epochs), "", 0));
        parts.add(new Part(6, "ETA " + (secondsLeft.isPresent() ? clock(secondsLeft.getAsDouble()) : "-:--"), "  ",
                "ETA 0:00:00".length()));
        parts.add(new Part(4, String.format(Locale.ROOT, "loss %.5g", loss), "  ", "loss -0.00000".length()));
        parts.add(new Part(1, null, " ", 0));
        parts.add(new Part(2, String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)), " ", 0));
        parts.add(new Part(3, String.format(Locale.ROOT, "%" + Integer.toString(batches).length() + "d/%d", batch,
                batches), " ", 0));
        if (samplesPerSecond.isPresent()) {
            parts.add(new Part(5, String.format(Locale.ROOT, "%,.0f samples/s", samplesPerSecond.getAsDouble()),
                    "  ", "000,000 samples/s".length()));
        }
        boolean[] kept = new boolean[parts.size()];
        java.util.Arrays.fill(kept, true);
        for (int drop = parts.size() - 1; drop > 0 && width(parts, kept) > limit; drop--) {
            kept[drop] = false;
        }
        for (int i = 1; i < parts.size(); i++) { // a part dropped before a later one may fit again
            if (!kept[i]) {
                kept[i] = true;
                if (width(parts, kept) > limit) {
                    kept[i] = false;
                }
            }
        }
        int bar = Math.min(MAX_BAR, smallestBar(parts, kept) + limit - width(parts, kept));
        StringBuilder line = new StringBuilder();
        for (int order = 0; order <= 6; order++) {
            for (int i = 0; i < parts.size(); i++) {
                Part part = parts.get(i);
                if (kept[i] && part.order() == order) {
                    line.append(part.separator()).append(part.text() == null ? bar(fraction, bar) : part.text());
                }
            }
        }
        return line.length() > limit ? line.substring(0, limit) : line.toString();
    }

    /** The narrowest bar the kept parts allow: {@link #COMFORTABLE_BAR} beside the extras, else {@link #MIN_BAR}. */
    private static int smallestBar(List<Part> parts, boolean[] kept) {
        for (int i = 0; i < parts.size(); i++) {
            int order = parts.get(i).order();
            if (kept[i] && (order == 2 || order == 3 || order == 5)) {
                return COMFORTABLE_BAR;
            }
        }
        return MIN_BAR;
    }

    /** The kept parts' width, the bar at its smallest. */
    private static int width(List<Part> parts, boolean[] kept) {
        int bar = smallestBar(parts, kept);
        int width = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (kept[i]) {
                Part part = parts.get(i);
                width += part.separator().length() + (part.text() == null ? bar + 2 : part.width());
            }
        }
        return width;
    }

    /** {@code [████▌     ]}: {@code cells} cells between brackets, eighths of a cell on a Unicode terminal. */
    String bar(double fraction, int cells) {
        StringBuilder bar = new StringBuilder("[");
        if (unicode) {
            int eighths = (int) Math.floor(fraction * cells * 8);
            int full = eighths / 8;
            bar.append("█".repeat(full));
            if (full < cells) {
                bar.append(PARTIAL[eighths % 8]).append(" ".repeat(cells - full - 1));
            }
        } else {
            int full = (int) Math.floor(fraction * cells);
            bar.append("=".repeat(full));
            if (full < cells) {
                bar.append('>').append(" ".repeat(cells - full - 1));
            }
        }
        return bar.append(']').toString();
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
    static String clock(double seconds) {
        long total = Math.round(Math.max(0, seconds));
        long hours = total / 3600;
        long minutes = total / 60 % 60;
        long rest = total % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
                : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
    }

    /**
     * A part of the line: {@code text} ({@code null} for the bar), shown at {@code order}, after {@code separator},
     * taking at least {@code reserved} columns in the layout.
     */
    private record Part(int order, String text, String separator, int reserved) {
        int width() {
            return Math.max(reserved, text.length());
        }
    }
}
