package org.multiprocessing4j;

/**
 * The other side of a manager connection does not have the authkey (Python's
 * {@code AuthenticationError}).
 *
 * <pre>{@code
 * try {
 *     Manager.connect(address, wrongKey);
 * } catch (AuthenticationException e) {
 *     // refused
 * }
 * }</pre>
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for the caller
     * @param cause the underlying failure, or null
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
