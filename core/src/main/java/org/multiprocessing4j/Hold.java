package org.multiprocessing4j;

/**
 * A held lock or semaphore permit, released by {@link #close()}: Python's {@code with lock:} as
 * try-with-resources.
 *
 * <pre>{@code
 * try (var _ = lock.hold()) {
 *     counter.set(counter.get() + 1);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Hold extends AutoCloseable {
    /** Releases what {@code hold()} acquired. */
    @Override
    void close();
}
