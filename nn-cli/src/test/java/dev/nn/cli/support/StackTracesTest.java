package dev.nn.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StackTracesTest {
    @Test
    void aThousandIdenticalFramesPrintAsOneWithTheirCount() {
        StackOverflowError overflow = new StackOverflowError();
        StackTraceElement frame = new StackTraceElement("com.example.Deep", "recurse", "Deep.java", 7);
        StackTraceElement[] frames = new StackTraceElement[1000];
        Arrays.fill(frames, frame);
        overflow.setStackTrace(frames);
        RuntimeException wrapper = new RuntimeException("plugin deep.jar: activation 'deep' forward failed", overflow);

        List<String> lines = print(wrapper);

        assertTrue(lines.contains("Caused by: java.lang.StackOverflowError"), lines.toString());
        assertTrue(lines.contains("\tat com.example.Deep.recurse(Deep.java:7)"), lines.toString());
        assertTrue(lines.contains("\t... the frame above, 999 more times"), lines.toString());
        assertTrue(lines.size() < 2 * StackTraces.MAX_FRAMES, lines.size() + " lines");
    }

    @Test
    void aLongTraceIsCutAfterTheFrameLimitSayingHowManyWereLeftOut() {
        IllegalStateException deep = new IllegalStateException("deep");
        StackTraceElement[] frames = new StackTraceElement[100];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("com.example.C" + i, "m", "C.java", i + 1);
        }
        deep.setStackTrace(frames);

        List<String> lines = print(deep);

        assertEquals("java.lang.IllegalStateException: deep", lines.get(0));
        assertEquals(StackTraces.MAX_FRAMES + 2, lines.size(), lines.toString());
        assertEquals("\t... " + (100 - StackTraces.MAX_FRAMES) + " more frames", lines.get(lines.size() - 1));
    }

    @Test
    void suppressedExceptionsAreShownWithTheirCauses() {
        IllegalArgumentException spec = new IllegalArgumentException("bad spec");
        RuntimeException plugin = new RuntimeException("plugin x.jar failed", new ArithmeticException("own cause"));
        spec.addSuppressed(plugin);

        List<String> lines = print(spec);

        assertTrue(lines.contains("Suppressed: java.lang.RuntimeException: plugin x.jar failed"), lines.toString());
        assertTrue(lines.contains("Caused by: java.lang.ArithmeticException: own cause"), lines.toString());
    }

    private static List<String> print(Throwable exception) {
        StringWriter text = new StringWriter();
        StackTraces.print(exception, new PrintWriter(text));
        return text.toString().lines().toList();
    }
}
