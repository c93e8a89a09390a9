package org.multiprocessing4j.internal.serial;

/** Thrown in the receiver when bytes cannot be turned back into an object. */
public final class DeserializationException extends IllegalStateException {
    public DeserializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
