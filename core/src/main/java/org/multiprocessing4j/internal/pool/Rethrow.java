package org.multiprocessing4j.internal.pool;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.multiprocessing4j.PoolTaskException;

/**
 * How the pool's synchronous methods and its imap iterators throw a task's failure: an unchecked
 * one as it is, a checked one in a {@link PoolTaskException}; with the calling thread's stack, so
 * that it points at the caller's line, while its cause chain ends in the worker's
 * {@code RemoteTraceback}.
 */
public final class Rethrow {
    private Rethrow() {}

    /**
     * Waits for {@code result} and returns its value, or throws its failure as
     * {@link #rethrowable(Throwable)} makes it.
     *
     * @param <T> the result type
     * @param result a pool job's pending result
     * @return the result's value
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static <T> T get(Future<T> result) throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    /**
     * A task's failure as the synchronous methods throw it: an unchecked one as it is (an
     * {@code Error} is thrown from here), a checked one wrapped in a {@link PoolTaskException};
     * with this thread's stack from the caller's frame on.
     *
     * @param cause the task's failure
     * @return the exception to throw
     */
    public static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            callersStack(re);
            return re;
        }
        if (cause instanceof Error err) {
            callersStack(err);
            throw err;
        }
        return new PoolTaskException("pool task failed: " + cause, cause);
    }

    /** Gives {@code t} this thread's stack from the pool method the caller called on (the pool's own frames dropped). */
    private static void callersStack(Throwable t) {
        StackTraceElement[] frames = new Throwable().getStackTrace();
        int first = 0;
        while (first < frames.length - 1 && isPools(frames[first].getClassName())) {
            first++;
        }
        t.setStackTrace(Arrays.copyOfRange(frames, first, frames.length));
    }

    /** Whether a frame of class {@code name} is the pool's: {@code Pool}, its nested classes, or this package's. */
    private static boolean isPools(String name) {
        return name.startsWith(PACKAGE) || name.startsWith(POOL) && (name.length() == POOL.length()
                || name.charAt(POOL.length()) == '$');
    }

    private static final String PACKAGE = Rethrow.class.getPackageName() + ".";
    /** The facade's name, spelled out: this package does not depend on it. */
    private static final String POOL = "org.multiprocessing4j.Pool";
}
