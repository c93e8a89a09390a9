package org.multiprocessing4j;

/**
 * Thrown by a receiving call ({@code Pool.map}, {@code apply}, {@code AsyncResult.get},
 * {@link Queue#get}, {@link Connection#recv}, a manager proxy's methods, ...) when the bytes it
 * received cannot be turned back into an object: they are malformed, they name a class that is not
 * on this JVM's class path, a class the deserialization policy refuses, or a graph beyond the
 * deserialization limits. The message names the class or the limit, the rule that refused it and
 * the setting to change.
 *
 * <pre>{@code
 * try {
 *     Object item = queue.get();
 * } catch (DeserializationException e) {
 *     // e.g. "class javax.management.BadAttributeValueExpException is refused by the
 *     // deserialization policy: rule javax.management.** (...); if you trust every sender,
 *     // allow it with Multiprocessing.allowClasses(...) or -Dmp4j.serial.allow=..."
 * }
 * }</pre>
 *
 * <p>It extends {@link IllegalStateException}, the type these calls threw before it existed.
 */
public class DeserializationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be deserialized, why, and what to change
     * @param cause the underlying error, or null
     */
    public DeserializationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param message what could not be deserialized, why, and what to change
     */
    public DeserializationException(String message) {
        super(message);
    }
}
