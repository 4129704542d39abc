package dev.nn.plugins;

import dev.nn.registry.PluginException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class GuardTest {
    private static final String PLUGIN = "plugin x.jar (com.example.FooProvider)";

    private final Guard guard = new Guard(PLUGIN, GuardTest.class.getClassLoader());

    @Test
    void aRunningCallIsDescribedUntilItReturns() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> guard.run("activation 'foo' forward", () -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        worker.start();
        assertTrue(entered.await(30, TimeUnit.SECONDS));

        String running = PluginCalls.describeRunning().orElseThrow();

        assertTrue(running.matches(java.util.regex.Pattern.quote(PLUGIN + ": activation 'foo' forward, running ")
                + "\\d+ s"), running);
        release.countDown();
        worker.join(30_000);
        assertEquals(Optional.empty(), PluginCalls.describeRunning());
    }

    @Test
    void whenANestedCallReturnsTheOuterOneIsRunningAgain() {
        Guard activation = new Guard("plugin act.jar (com.example.ActProvider)", GuardTest.class.getClassLoader());
        java.util.List<String> seen = new java.util.ArrayList<>();

        guard.run("layer 'custom' forward", () -> {
            activation.run("activation 'foo' forward", () -> seen.add(PluginCalls.describeRunning().orElseThrow()));
            seen.add(PluginCalls.describeRunning().orElseThrow());
        });

        assertTrue(seen.get(0).startsWith("plugin act.jar (com.example.ActProvider): activation 'foo' forward, "),
                seen.toString());
        assertTrue(seen.get(1).startsWith(PLUGIN + ": layer 'custom' forward, running "), seen.toString());
        assertEquals(Optional.empty(), PluginCalls.describeRunning());
    }

    @Test
    void aStackOverflowInPluginCodeBecomesAPluginExceptionNamingThePluginAndTheCall() {
        PluginException e = assertThrows(PluginException.class,
                () -> guard.call("activation 'deep' forward", GuardTest::recurse));

        assertEquals(PLUGIN + ": activation 'deep' forward failed: java.lang.StackOverflowError (the plugin's code "
                + "recursed too deeply)", e.getMessage());
        assertInstanceOf(StackOverflowError.class, e.getCause());
    }

    @Test
    void runningOutOfMemoryInPluginCodeBecomesAPluginException() {
        PluginException e = assertThrows(PluginException.class, () -> guard.call("activation 'hog' forward",
                () -> new double[Integer.MAX_VALUE - 2].length));

        assertTrue(e.getMessage().startsWith(PLUGIN + ": activation 'hog' forward failed: "
                + "java.lang.OutOfMemoryError"), e.getMessage());
    }

    @Test
    void aRefusedExitSaysWhatWasCalledEvenWhenThePluginWrappedIt() {
        PluginException e = assertThrows(PluginException.class, () -> guard.run("'foo' create()", () -> {
            throw new IllegalStateException("setup failed",
                    new ExitRefusedException("System.exit(3)", "com.example.FooProvider.create"));
        }));

        assertEquals(PLUGIN + ": 'foo' create() called System.exit(3); refused (in com.example.FooProvider.create)",
                e.getMessage());
    }

    private static int recurse() {
        return 1 + recurse();
    }
}
