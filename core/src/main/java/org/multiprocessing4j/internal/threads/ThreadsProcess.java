package org.multiprocessing4j.internal.threads;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.spi.ProcessLaunch;
import org.multiprocessing4j.spi.RunningProcess;

/**
 * A {@link Process} of the threads context: its task run on a platform thread of this JVM named
 * after the process (daemon if the process is), as a child JVM would run it. The thread
 * deserializes the process from its frame (so the target works on copies of what it captured,
 * except the library's objects, which are the parent's own), makes it {@link
 * org.multiprocessing4j.Multiprocessing#currentProcess()} for itself and the threads it starts,
 * makes the threads context the default of the objects it constructs, and runs {@code run()}.
 *
 * <h2>Exit codes</h2>
 * 0 when {@code run()} returns; 1 when it throws, after {@code Process <name>:} and the stack
 * trace were printed on stderr (as a child JVM does); -15 after {@link #terminate()} and -9 after
 * {@link #kill()} if the task then ends by throwing (an interrupted wait throws {@link
 * InterruptedException}); a task that returns normally after being told to stop exits 0.
 *
 * <h2>What a thread cannot do</h2>
 * {@link #terminate()} and {@link #kill()} only interrupt the thread: a task that does not wait
 * interruptibly (a loop of computation, blocking I/O) runs on, and the "process" stays alive
 * until it ends. {@code System.exit} in the task exits this whole JVM. The pid is this JVM's.
 */
public final class ThreadsProcess implements RunningProcess {
    /** {@link #exitCode} before the process ended. */
    private static final int RUNNING = Integer.MIN_VALUE;

    private final String name;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Written by the process's thread before {@link #ended} counts down. */
    private volatile int exitCode = RUNNING;
    /** 15 once terminated, 9 once killed, else 0. */
    private volatile int stopSignal;
    /** The stack trace the process printed when it failed, else empty; written before {@link #ended}. */
    private volatile String stderrTail = "";

    private ThreadsProcess(ProcessLaunch launch, Context context, List<Object> pins) {
        this.name = launch.name();
        this.thread = Thread.ofPlatform().name(launch.name()).daemon(launch.daemon())
                .unstarted(() -> main(launch, context, pins));
    }

    /** Starts {@code launch} on a new thread; {@code pins} are the objects its frame references. */
    static ThreadsProcess start(ProcessLaunch launch, Context context, List<Object> pins) {
        ThreadsProcess p = new ThreadsProcess(launch, context, pins);
        p.thread.start();
        return p;
    }

    private void main(ProcessLaunch launch, Context context, List<Object> pins) {
        int code = RUNNING;
        try {
            code = run(launch, context, pins);
        } finally {
            CurrentProcess.setThreadProcess(null);
            exitCode = code == RUNNING ? 1 : code;
            ended.countDown();
        }
    }

    private int run(ProcessLaunch launch, Context context, List<Object> pins) {
        Process process;
        Registry.holdReceived(pins);
        try {
            process = (Process) Serialization.fromFrame(launch.frame());
        } catch (Throwable t) {
            return report(launch.name(), t);
        } finally {
            Registry.releaseReceived(); // the process object references them now
        }
        CurrentProcess.setThreadProcess(new CurrentProcess.ThreadProcess(process, launch.identity(), launch.parentName()));
        Throwable[] failure = new Throwable[1];
        context.make(() -> {
            try {
                process.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
            return null;
        });
        System.out.flush();
        if (failure[0] == null) {
            return 0;
        }
        int signal = stopSignal;
        if (signal != 0) {
            return -signal; // it was told to stop, and stopped
        }
        return report(process.name(), failure[0]);
    }

    private int report(String processName, Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        stderrTail = trace.toString();
        System.out.flush();
        synchronized (System.err) {
            System.err.println("Process " + processName + ":");
            System.err.print(stderrTail);
            System.err.flush();
        }
        return 1;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public boolean isAlive() {
        return ended.getCount() > 0;
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            ended.await();
            return true;
        }
        return ended.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public OptionalInt exitCode() {
        int code = exitCode;
        return code == RUNNING || ended.getCount() > 0 ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Interrupts the thread; see the class comment: a thread cannot be forced to stop. */
    @Override
    public void terminate() {
        stop(15);
    }

    /** Interrupts the thread, as {@link #terminate()}: a thread cannot be killed. */
    @Override
    public void kill() {
        stop(9);
    }

    private void stop(int signal) {
        if (isAlive()) {
            stopSignal = signal;
            thread.interrupt();
        }
    }

    @Override
    public void release() {}

    /**
     * The stack trace the process printed on stderr when its task threw, or empty: what a pool
     * reports of a worker that died before it ran its loop.
     *
     * @return the stack trace of the task's failure, or an empty string
     */
    public String stderrTail() {
        return stderrTail;
    }

    @Override
    public String toString() {
        return "ThreadsProcess[" + name + ", thread=" + thread.getName() + (isAlive() ? ", alive]" : ", exitcode=" + exitCode + "]");
    }
}
