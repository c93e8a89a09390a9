package org.multiprocessing4j.internal.pool;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import org.multiprocessing4j.PoolTaskException;
import org.multiprocessing4j.RemoteTraceback;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * A task's exception on its way back from a worker: the exception itself when it can be
 * serialized, and always its class, message and the worker's stack trace as text.
 *
 * @param exception the serialized exception frame, or null if it could not be serialized
 * @param className the exception's class
 * @param message the exception's message
 * @param trace the worker's stack trace text
 */
public record RemoteFailure(byte[] exception, String className, String message, String trace) implements Serializable {

    /** Captures {@code t} in the worker. */
    public static RemoteFailure of(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        byte[] frame;
        try {
            frame = Serialization.toFrame(t);
        } catch (RuntimeException e) {
            frame = null;
        }
        return new RemoteFailure(frame, t.getClass().getName(), t.getMessage(), w.toString());
    }

    /**
     * The exception to re-throw in the caller: the original type and message, caused by a
     * {@link RemoteTraceback} with the worker's trace; a {@link PoolTaskException} naming the class
     * if the original could not travel.
     */
    public Throwable toThrowable() {
        return toThrowable(false);
    }

    /**
     * Like {@link #toThrowable()}, decoding the exception under the network channels' limits when
     * {@code network} (a failure sent by a manager, which may be another machine's process).
     */
    public Throwable toThrowable(boolean network) {
        Throwable t = null;
        if (exception != null) {
            try {
                t = (Throwable) (network ? Serialization.fromNetworkFrame(exception) : Serialization.fromFrame(exception));
            } catch (RuntimeException e) {
                t = null;
            }
        }
        if (t == null) {
            return new PoolTaskException(className + ": " + message + " (the exception could not be sent back)",
                    new RemoteTraceback(trace));
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        try {
            root.initCause(new RemoteTraceback(trace));
        } catch (IllegalStateException | IllegalArgumentException e) {
            t.addSuppressed(new RemoteTraceback(trace));
        }
        return t;
    }
}
