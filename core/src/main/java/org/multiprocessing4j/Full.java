package org.multiprocessing4j;

/**
 * Thrown by {@link Queue#put(Object, java.time.Duration)} and {@link Queue#putNowait(Object)} when a
 * bounded queue stayed full, as Python's {@code queue.Full}.
 *
 * <pre>{@code
 * try {
 *     q.putNowait(item);
 * } catch (Full e) {
 *     // the queue holds maxsize items
 * }
 * }</pre>
 */
public final class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was full and how long was waited
     */
    public Full(String message) {
        super(message);
    }
}
