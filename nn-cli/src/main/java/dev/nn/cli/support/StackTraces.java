package dev.nn.cli.support;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Prints an exception for {@code --verbose}: the exception, its suppressed exceptions (a plugin failure recorded
 * beside a spec problem) and its cause chain (the plugin's own exception under the platform's wrapper), each with at
 * most {@value #MAX_FRAMES} frames, a frame repeated in a row shown once with its count. A stack overflow in plugin
 * code thus prints a few dozen lines, not a thousand identical frames.
 */
public final class StackTraces {
    /** The most frames printed for one exception. */
    static final int MAX_FRAMES = 30;

    private StackTraces() {
    }

    public static void print(Throwable exception, PrintWriter out) {
        print(exception, out, "", Collections.newSetFromMap(new IdentityHashMap<>()));
        out.flush();
    }

    private static void print(Throwable exception, PrintWriter out, String caption, Set<Throwable> seen) {
        if (!seen.add(exception)) {
            out.println(caption + "[already shown: " + exception + "]");
            return;
        }
        out.println(caption + exception);
        StackTraceElement[] frames = exception.getStackTrace();
        int shown = 0;
        int i = 0;
        while (i < frames.length && shown < MAX_FRAMES) {
            int same = i + 1;
            while (same < frames.length && frames[same].equals(frames[i])) {
                same++;
            }
            out.println("\tat " + frames[i]);
            if (same - i > 1) {
                out.println("\t... the frame above, " + (same - i - 1) + " more times");
            }
            shown++;
            i = same;
        }
        if (i < frames.length) {
            out.println("\t... " + (frames.length - i) + " more frames");
        }
        for (Throwable suppressed : exception.getSuppressed()) {
            print(suppressed, out, "Suppressed: ", seen);
        }
        if (exception.getCause() != null) {
            print(exception.getCause(), out, "Caused by: ", seen);
        }
    }
}
