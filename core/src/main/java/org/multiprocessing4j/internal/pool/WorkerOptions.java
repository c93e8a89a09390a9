package org.multiprocessing4j.internal.pool;

import java.io.Serializable;
import java.util.Objects;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializablePredicate;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.function.SerializableSupplier;

/**
 * What every worker of a pool is told once, at its start: the pool builder's per-worker options.
 *
 * @param initializer run once before the first chunk; null for none
 * @param maxTasks the chunks a worker runs before it retires; 0 for no limit
 * @param maxMemory the resident set size in bytes past which a worker retires after its chunk; 0 for no limit
 * @param exceptionRetries times a task that threw is run again, in its worker, when {@code retryIf} accepts the exception
 * @param retryIf which task exceptions are run again; null for none
 * @param state makes the worker's state object once, after the initializer; null for none
 * @param onExit applied to the worker's state when it exits normally (stopped or retired); its
 *     result goes back to the pool; null for none
 * @param codecName the plug-in codec ({@link org.multiprocessing4j.spi.ObjectCodec}) that carries
 *     the pool's arguments and results where Java serialization would; null for Java serialization
 */
public record WorkerOptions(SerializableRunnable initializer, int maxTasks, long maxMemory, int exceptionRetries,
        SerializablePredicate<Throwable> retryIf, SerializableSupplier<?> state,
        SerializableFunction<Object, ?> onExit, String codecName) implements Serializable {

    /** No options: no initializer, no limits, no retries, no state. */
    public static final WorkerOptions NONE = new WorkerOptions(null, 0, 0, 0, null, null, null, null);

    public WorkerOptions {
        if (maxTasks < 0 || maxMemory < 0 || exceptionRetries < 0) {
            throw new IllegalArgumentException("maxTasks=" + maxTasks + ", maxMemory=" + maxMemory
                    + ", exceptionRetries=" + exceptionRetries + " must be >= 0");
        }
        if (exceptionRetries > 0) {
            Objects.requireNonNull(retryIf, "retryIf");
        }
    }

    /** These options with the initializer and chunk limit of the engine's constructor. */
    WorkerOptions with(SerializableRunnable initializer, int maxTasks) {
        return new WorkerOptions(initializer, maxTasks, maxMemory, exceptionRetries, retryIf, state, onExit, codecName);
    }

    /**
     * The plug-in codec named by {@link #codecName}, or null for Java serialization.
     *
     * @throws IllegalArgumentException if no codec of that name is on the class path
     */
    public org.multiprocessing4j.spi.ObjectCodec codec() {
        return codecName == null ? null : org.multiprocessing4j.internal.serial.PluginCodecs.named(codecName);
    }

    /** Whether task {@code t}'s exception, its {@code attempt}-th (0 first), is run again. */
    boolean retries(Throwable t, int attempt) {
        if (attempt >= exceptionRetries || retryIf == null) {
            return false;
        }
        try {
            return retryIf.test(t);
        } catch (Exception e) {
            return false; // a failing predicate does not retry
        }
    }
}
