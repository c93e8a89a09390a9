package org.multiprocessing4j.internal.pool;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.multiprocessing4j.function.SerializableRunnable;

/** Starts the workers of a {@code ThreadPool}: platform threads of this JVM running the worker loop. */
public final class ThreadWorkers {
    private ThreadWorkers() {}

    /**
     * Starts a daemon thread running {@code loop}.
     *
     * @param loop the worker loop ({@link PoolWorker#task})
     * @param name the thread's name
     * @return the running worker; its exit code is 1 if the loop threw or was interrupted, else 0
     */
    public static WorkerHandle start(SerializableRunnable loop, String name) {
        AtomicBoolean failed = new AtomicBoolean();
        // what ended it (its initializer threw, say), printed as a worker JVM's stderr would have it
        AtomicReference<String> error = new AtomicReference<>("");
        Thread t = Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                failed.set(true);
            } catch (Exception e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                error.set(trace.toString());
                failed.set(true);
                e.printStackTrace();
            }
        });
        return new WorkerHandle() {
            @Override
            public boolean isAlive() {
                return t.isAlive();
            }

            @Override
            public long pid() {
                return ProcessHandle.current().pid();
            }

            @Override
            public int exitCode() {
                return failed.get() ? 1 : 0;
            }

            @Override
            public void kill() {
                t.interrupt();
            }

            @Override
            public boolean join(long millis) throws InterruptedException {
                t.join(millis);
                return !t.isAlive();
            }

            @Override
            public String stderrTail() {
                return error.get();
            }
        };
    }
}
