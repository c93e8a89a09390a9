package org.multiprocessing4j;

/**
 * A {@link Pool} whose workers are threads of this process, as Python's
 * {@code multiprocessing.pool.ThreadPool}: a pool of the {@code "threads"} context (the same as
 * {@code Multiprocessing.getContext("threads").pool(n)}), with the same API and semantics (tasks
 * and results still travel serialized, and library objects they capture are the caller's own),
 * for debugging and for I/O-bound work. It uses no child JVM and no shared memory.
 *
 * <pre>{@code
 * try (Pool p = new ThreadPool(4)) {
 *     List<Integer> lengths = p.map(String::length, List.of("a", "bb"));
 * }
 * }</pre>
 *
 * <p>A thread cannot be killed: {@code terminate()} interrupts the workers, and a task that does
 * not wait interruptibly runs to its end.
 */
public final class ThreadPool extends Pool {
    /** A pool of one thread per processor. */
    public ThreadPool() {
        this(Multiprocessing.cpuCount());
    }

    /**
     * A pool of {@code threads} worker threads.
     *
     * @param threads the number of worker threads, 1 or more
     * @throws IllegalArgumentException if threads is not positive
     */
    public ThreadPool(int threads) {
        super(Pool.builder().processes(threads).threads(true));
    }

    ThreadPool(Builder b) {
        super(b);
    }
}
