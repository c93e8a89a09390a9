package org.multiprocessing4j.internal.launch;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.internal.runtime.Bootstrap;

/**
 * One child JVM as its parent sees it: the OS process, its lifeline (the child's stdin), and the
 * two threads forwarding its stdout and stderr.
 *
 * <p>Lifeline protocol: the parent writes one {@link Bootstrap} on the child's stdin and keeps the
 * pipe open. The child halts when it reads end-of-file, which the kernel delivers when the parent
 * dies however it dies. The parent closes the pipe only after the child exited, or to discard an
 * unused spare.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class ChildProcess implements org.multiprocessing4j.spi.RunningProcess {
    /** How long {@link #waitFor} waits for output still in flight after the child exited. */
    private static final long DRAIN_MILLIS = 2_000;
    /** How long a child whose lifeline broke while the bootstrap was written may take to exit. */
    private static final long EXIT_AFTER_BROKEN_PIPE_MILLIS = 5_000;

    private final java.lang.Process process;
    private final DataOutputStream lifeline;
    private final Thread stdoutForwarder;
    private final Thread stderrForwarder;
    private final List<String> command;
    private final OutputForwarder.Tail stderrTail = new OutputForwarder.Tail();

    /** Counted down when a spare reported that it warmed up; unused for other children. */
    private final CountDownLatch ready = new CountDownLatch(1);

    private ChildProcess(java.lang.Process process, List<String> command, boolean spare) {
        this.process = process;
        this.command = command;
        this.lifeline = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 8192));
        long pid = process.pid();
        this.stdoutForwarder = OutputForwarder.start("mp4j-stdout-" + pid, process.getInputStream(), () -> System.out, null);
        this.stderrForwarder = OutputForwarder.start("mp4j-stderr-" + pid, process.getErrorStream(), () -> System.err,
                spare ? ready::countDown : null, stderrTail);
    }

    /**
     * Starts a child JVM that waits for its bootstrap.
     *
     * @throws UncheckedIOException if the OS cannot start it
     */
    public static ChildProcess launch(List<String> command) {
        return launch(command, false);
    }

    /**
     * Starts a child JVM; a spare announces on stderr when it has warmed up (see {@link #awaitReady}).
     *
     * @throws UncheckedIOException if the OS cannot start it
     */
    static ChildProcess launch(List<String> command, boolean spare) {
        try {
            return new ChildProcess(new ProcessBuilder(command).start(), List.copyOf(command), spare);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child JVM " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until a spare has warmed up; returns false on timeout or if it died. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && process.isAlive();
    }

    /**
     * The last 8 KiB the child wrote on its stderr (it is forwarded to this process's stderr as
     * well): why a JVM that exited before it ran its task did so ("Unrecognized VM option",
     * "Could not find or load main class", an exception at start). If the child has exited, waits
     * at most 2 s for the forwarder to drain the rest; empty if the child printed nothing.
     *
     * @throws InterruptedException if interrupted while waiting for the rest
     */
    public String stderrTail() throws InterruptedException {
        if (!process.isAlive()) {
            stderrForwarder.join(DRAIN_MILLIS);
        }
        return stderrTail.text();
    }

    /** The command this child was started with. */
    public List<String> command() {
        return command;
    }

    /**
     * Sends the bootstrap. If the child already died (a bad JVM option, say), nothing is thrown:
     * its exit code and stderr tell why.
     */
    public void sendBootstrap(Bootstrap bootstrap) {
        try {
            bootstrap.writeTo(lifeline);
        } catch (IOException e) {
            // A broken pipe means the child's end closed: its JVM is exiting (a bad option), but it
            // may not have been reaped yet, so wait a bounded while before calling it a failure.
            boolean exited;
            try {
                exited = process.waitFor(EXIT_AFTER_BROKEN_PIPE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                exited = !process.isAlive();
            }
            if (!exited) {
                process.destroyForcibly();
                throw new UncheckedIOException("cannot send the task to child pid=" + pid() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the child exited and its output was forwarded.
     *
     * @param timeout how long to wait, or {@code null} for no limit
     * @return whether the child exited in time
     */
    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            process.waitFor();
        } else if (!process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        stdoutForwarder.join(DRAIN_MILLIS);
        stderrForwarder.join(DRAIN_MILLIS);
        closeLifeline();
        return true;
    }

    /** The exit code in CPython's convention, empty while the child runs. */
    @Override
    public OptionalInt exitCode() {
        if (process.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(ExitCodes.fromJdk(process.exitValue()));
    }

    /** Sends SIGTERM. (Through the handle: {@code Process.destroy} would also close the pipes.) */
    @Override
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL, keeping the pipes open so output in flight is still forwarded. */
    @Override
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Closes the lifeline, which makes a child that has not exited halt; used to discard spares. */
    /** Closes the lifeline. */
    @Override
    public void release() {
        closeLifeline();
    }

    public void closeLifeline() {
        try {
            lifeline.close();
        } catch (IOException e) {
            // the child is gone already
        }
    }
}
