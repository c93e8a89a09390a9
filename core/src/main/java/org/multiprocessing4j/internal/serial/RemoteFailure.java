package org.multiprocessing4j.internal.serial;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import org.multiprocessing4j.PoolTaskException;
import org.multiprocessing4j.RemoteTraceback;

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
     * if the original could not travel, or if its type is one of the library's internal ones
     * (which never reach a caller).
     *
     * <p>The worker's frames are printed once, in the {@code RemoteTraceback}'s text: the returned
     * exception and its causes carry no stack of their own (the pool gives the one it throws the
     * caller's stack, see {@code Pool}).
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
        if (isInternal(t)) {
            return publicView(t);
        }
        Throwable root = t;
        for (int depth = 0; depth < MAX_CAUSES; depth++) {
            root.setStackTrace(NO_FRAMES); // they are in the trace's text
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        try {
            root.initCause(new RemoteTraceback(trace));
        } catch (IllegalStateException | IllegalArgumentException e) {
            t.addSuppressed(new RemoteTraceback(trace));
        }
        return t;
    }

    /**
     * An internal exception as the public type it extends (an internal type never reaches a
     * caller): an {@link IllegalArgumentException} or {@link IllegalStateException} with the same
     * message, else a {@link PoolTaskException} naming the class.
     */
    private Throwable publicView(Throwable t) {
        RuntimeException view;
        if (t instanceof IllegalArgumentException) {
            view = new IllegalArgumentException(message);
        } else if (t instanceof IllegalStateException) {
            view = new IllegalStateException(message);
        } else {
            return new PoolTaskException(className + ": " + message, new RemoteTraceback(trace));
        }
        view.setStackTrace(NO_FRAMES);
        view.initCause(new RemoteTraceback(trace));
        return view;
    }

    /**
     * Whether {@code t}'s type is one of this library's internals, which never reach a caller (they
     * are shown as a public type they extend, or their first public cause).
     *
     * @param t an exception
     * @return whether its class is in an {@code org.multiprocessing4j.internal} package
     */
    public static boolean isInternal(Throwable t) {
        return t.getClass().getName().startsWith(INTERNAL);
    }

    private static final String INTERNAL = "org.multiprocessing4j.internal.";
    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];
    /** Causes looked at, against a cycle in a chain. */
    private static final int MAX_CAUSES = 64;
}
