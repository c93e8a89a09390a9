package org.multiprocessing4j.internal.serial;

/**
 * Thrown in the sender when a value cannot be serialized. The message names the offending class.
 * Public API methods rethrow it as {@link IllegalArgumentException} with context added.
 */
public final class NotSerializableValueException extends IllegalArgumentException {
    private final String className;

    public NotSerializableValueException(String className, Throwable cause) {
        super("class " + className + " is not serializable: a value sent to another process, and everything it"
                + " captures or refers to, must implement java.io.Serializable", cause);
        this.className = className;
    }

    /** The class that could not be serialized. */
    public String className() {
        return className;
    }
}
