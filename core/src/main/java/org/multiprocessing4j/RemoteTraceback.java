package org.multiprocessing4j;

/**
 * The stack trace of an exception as it was in the worker process that threw it, attached as the
 * cause of the exception a pool re-throws (Python's {@code RemoteTraceback}).
 *
 * <pre>{@code
 * try {
 *     pool.apply(() -> { throw new IllegalStateException("boom"); });
 * } catch (IllegalStateException e) {
 *     System.out.println(e.getCause().getMessage());   // the worker's stack trace
 * }
 * }</pre>
 */
public final class RemoteTraceback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param trace the worker's formatted stack trace, shown as this exception's message
     */
    public RemoteTraceback(String trace) {
        super("\n\"\"\"\n" + trace + "\"\"\"", null, false, false);
    }
}
