package org.multiprocessing4j;

/**
 * Thrown by {@link Queue#get(java.time.Duration)} and {@link Queue#getNowait()} when no item came
 * in time, as Python's {@code queue.Empty}.
 *
 * <pre>{@code
 * try {
 *     item = q.get(Duration.ofSeconds(1));
 * } catch (Empty e) {
 *     // nothing within a second
 * }
 * }</pre>
 */
public final class Empty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was empty and how long was waited
     */
    public Empty(String message) {
        super(message);
    }
}
