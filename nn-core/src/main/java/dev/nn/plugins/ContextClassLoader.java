package dev.nn.plugins;

/**
 * Sets the thread context class loader for a block and restores it: {@code try (var ignored = new
 * ContextClassLoader(loader)) { ... }}.
 */
public final class ContextClassLoader implements AutoCloseable {
    private final Thread thread = Thread.currentThread();
    private final ClassLoader previous;

    public ContextClassLoader(ClassLoader loader) {
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
