/**
 * Python's {@code multiprocessing} for the JVM: processes that are child JVMs, pools of them,
 * queues, pipes, locks and values in shared memory, and managers.
 *
 * <pre>{@code
 * import org.multiprocessing4j.Pool;
 * import org.multiprocessing4j.Process;
 * import org.multiprocessing4j.Queue;
 *
 * Queue<String> q = new Queue<>();
 * Process p = new Process(() -> q.put("hello from " + Multiprocessing.currentProcess().name()));
 * p.start();
 * System.out.println(q.get());
 * p.join();
 *
 * try (Pool pool = new Pool(4)) {
 *     System.out.println(pool.map(x -> x * x, List.of(1, 2, 3)));   // [1, 4, 9]
 * }
 * }</pre>
 *
 * <h2>What crosses a process boundary</h2>
 * Tasks are lambdas typed by the serializable interfaces of {@code org.multiprocessing4j.function};
 * what they capture is serialized into the child. The shared objects of this package ({@link Queue},
 * {@link Pipe} ends, {@link Lock}, {@link Value}, manager proxies, ...) are small serializable
 * handles: wherever they are sent (a {@link Process} target, a {@link Pool} task, another queue)
 * they reach the same object. Deserialization accepts the classes of the class path and module
 * path except the gadget classes of known attacks, within limits on the graph's size; a refusal is
 * a {@link DeserializationException} ({@link Multiprocessing#allowClasses},
 * {@link Multiprocessing#denyClasses}).
 *
 * <h2>Failure</h2>
 * Nothing waits forever on a dead process: a lock whose holder died is recovered, a barrier
 * whose party died breaks, a pipe whose peer died reports end-of-file, a pool worker that died
 * fails only its own tasks, and a manager that died fails every call at once.
 *
 * <h2>Where it runs</h2>
 * Linux on x86_64 or aarch64 (shared memory under {@code /dev/shm}, the futex through FFM), macOS,
 * Windows, and any other system with a JDK 25 or newer, through a small platform layer
 * ({@link Multiprocessing#platform()} names the one in use; {@code -Dmp4j.platform=portable}
 * forces the fallback that needs no native call). Import {@link Process} by name: a wildcard import makes it ambiguous with
 * {@code java.lang.Process}.
 */
package org.multiprocessing4j;
