package org.multiprocessing4j.hazelcast;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.hazelcast.cluster.Member;
import org.multiprocessing4j.internal.serial.ClassAllowList;
import org.multiprocessing4j.spi.ProcessLaunch;
import org.multiprocessing4j.spi.RunningProcess;

/**
 * A {@link org.multiprocessing4j.Process} running on a worker member, as its starter sees it: a
 * {@link ProcessTask} submitted to the member's {@code "mp4j"} executor.
 *
 * <p>Exit codes: what the task reports (0 or 1), -15 once terminated (the task is cancelled and
 * its thread interrupted), -9 if the member left the cluster while running it. The pid is the
 * member JVM's. {@link #waitFor} returns after the process's output lines were all printed here.
 */
final class ClusterProcess implements RunningProcess {
    /** How long an ended process's output may lag behind its end before joining gives up waiting for it. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

    private final ClusterBackend backend;
    private final String key;
    private final Member member;
    private final long pid;
    private final Future<ProcessTask.Outcome> future;
    private volatile boolean terminated;
    private volatile boolean outputDrained;

    private ClusterProcess(ClusterBackend backend, String key, Member member, Future<ProcessTask.Outcome> future) {
        this.backend = backend;
        this.key = key;
        this.member = member;
        String pidText = member.getAttribute(ClusterWorker.PID_ATTRIBUTE);
        this.pid = pidText == null ? -1 : Long.parseLong(pidText);
        this.future = future;
    }

    static ClusterProcess start(ClusterBackend backend, ProcessLaunch launch) {
        Member member = backend.nextWorker();
        String key = UUID.randomUUID().toString();
        ProcessTask task = new ProcessTask(launch.name(), launch.identity(), launch.parentName(), launch.frame(),
                ClassAllowList.patterns(),
                backend.relay.topicName(), key);
        return new ClusterProcess(backend, key, member, backend.executor().submitToMember(task, member));
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean isAlive() {
        return !future.isDone();
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        try {
            ProcessTask.Outcome outcome = timeout == null ? future.get()
                    : future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (!outputDrained) {
                backend.relay.awaitLines(key, outcome.lines(), OUTPUT_GRACE);
                outputDrained = true;
            }
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            // ended without an outcome: see exitCode()
        }
        return true;
    }

    @Override
    public OptionalInt exitCode() {
        if (!future.isDone()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(future.get().exitCode());
        } catch (CancellationException e) {
            return OptionalInt.of(-15);
        } catch (ExecutionException e) {
            return OptionalInt.of(terminated ? -15 : -9); // the member left, or the task could not run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    @Override
    public void terminate() {
        terminated = true;
        future.cancel(true);
    }

    @Override
    public void kill() {
        terminate();
    }

    @Override
    public void release() {
        backend.relay.forget(key);
    }

    @Override
    public String toString() {
        return "ClusterProcess[" + key + " on " + member.getAddress() + " pid=" + pid + "]";
    }
}
