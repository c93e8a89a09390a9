package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Empty;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * Base of the contract suites: one abstract suite per interface of the public API (the
 * {@code *Contract} classes of this package), run against every context by one small subclass
 * per suite and context that supplies the context. A context's subclasses are the {@code @Nested}
 * classes of one test class ({@code LocalContractsTest} here, {@code ClusterContractsTest} in the
 * hazelcast module, which reads this package from core's test-jar):
 *
 * <pre>{@code
 * class LocalContractsTest {
 *     @Nested
 *     class Lock extends LockContract {
 *         @Override
 *         protected Context context() {
 *             return Multiprocessing.getContext("spawn");
 *         }
 *     }
 *     ... // one per suite
 * }
 * }</pre>
 *
 * <p>A suite's test methods are public, so that a subclass in another package runs them; a
 * context where a test does not apply overrides that method without {@code @Test} (JUnit then
 * does not run it), saying why in a comment. The checks that only hold where objects cross
 * processes by serialization (an unserializable item or task is refused, a deserialized handle
 * reaches the same object) are test methods of their own for that reason.
 *
 * <p>A suite uses only the public API, makes every object through {@link #context()} and runs the
 * other side of each exchange in a process of that context (a child JVM, a thread of a member
 * JVM, ...). So its tasks are static methods or lambdas that capture only the objects they use,
 * never the test instance. Processes hand over with queues, events and the like; a wait is
 * bounded by {@link #HANG} only to catch a hang, and the "nothing more arrives" checks wait
 * {@link #QUIET}. What only one context has (crash recovery of a shared-memory mutex, a member
 * that leaves the cluster) stays in that context's own tests.
 */
@ExtendWith(ChildCleanup.class)
public abstract class ContextContract {
    /** A bound for waits that only catches hangs. */
    public static final Duration HANG = Duration.ofSeconds(60);
    /** How long a check that nothing (more) arrives waits. */
    public static final Duration QUIET = Duration.ofMillis(250);

    /** Creates the suite; the subclass supplies the context. */
    protected ContextContract() {}

    /**
     * The context under test: every object of the suite is made through it.
     *
     * @return the context under test
     */
    protected abstract Context context();

    /**
     * Starts a process of the context under test that runs {@code target}.
     *
     * @param target what the process runs; it must not capture the test instance
     * @return the started process
     */
    protected final Process start(SerializableRunnable target) {
        Process p = context().process(target);
        p.start();
        return p;
    }

    /**
     * Starts one process of the context under test per target.
     *
     * @param targets what the processes run
     * @return the started processes, in the order of {@code targets}
     */
    protected final List<Process> startAll(List<SerializableRunnable> targets) {
        List<Process> ps = new ArrayList<>();
        for (SerializableRunnable t : targets) {
            ps.add(start(t));
        }
        return ps;
    }

    /**
     * Joins every process and checks that each ended with exit code 0.
     *
     * @param ps the processes
     * @throws InterruptedException if interrupted while joining
     */
    protected static void joinAllOk(List<Process> ps) throws InterruptedException {
        for (Process p : ps) {
            assertTrue(p.join(HANG), p + " ended");
            assertEquals(0, p.exitCode().orElseThrow(), p + " exit code (its stack trace is on stderr)");
        }
    }

    /**
     * Joins the processes and checks that each ended with exit code 0.
     *
     * @param ps the processes
     * @throws InterruptedException if interrupted while joining
     */
    protected static void joinOk(Process... ps) throws InterruptedException {
        joinAllOk(List.of(ps));
    }

    /**
     * Checks that nothing arrives on {@code q} within {@link #QUIET}.
     *
     * @param q the queue
     */
    protected static void assertNothingMore(Queue<?> q) {
        assertThrows(Empty.class, () -> q.get(QUIET), "nothing more arrives");
    }
}
