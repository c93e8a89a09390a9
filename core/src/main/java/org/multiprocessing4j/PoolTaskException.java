package org.multiprocessing4j;

/**
 * Wraps a checked exception thrown by a pool task, for the synchronous {@code apply}, {@code map}
 * and {@code starmap} (which re-throw unchecked task exceptions as they are). Also stands in for a
 * task exception that could not be sent back (not serializable): then the message names its class.
 *
 * <pre>{@code
 * try {
 *     pool.apply(() -> Files.readString(path));
 * } catch (PoolTaskException e) {
 *     IOException cause = (IOException) e.getCause();
 * }
 * }</pre>
 */
public final class PoolTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the task's checked exception, with the worker's traceback
     */
    public PoolTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
