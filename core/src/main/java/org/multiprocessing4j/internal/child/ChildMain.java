package org.multiprocessing4j.internal.child;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.launch.ExitCodes;
import org.multiprocessing4j.internal.launch.JvmCommand;
import org.multiprocessing4j.internal.pool.PoolWorker;
import org.multiprocessing4j.internal.runtime.Bootstrap;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.LiveThreads;
import org.multiprocessing4j.internal.serial.ClassAllowList;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * The main class of every child JVM.
 *
 * <ol>
 *   <li>Reads a {@link Bootstrap} from stdin; a spare JVM warms up first, then waits here until it
 *       is claimed, and halts if stdin ends first (it was discarded).
 *   <li>Starts the {@link ParentWatch} (on the rest of stdin), so the child dies with its parent.
 *   <li>Deserializes the {@code Process} object and calls its {@code run()}.
 *   <li>When {@code run()} returns, waits for the non-daemon threads it started, as a Java
 *       program (and CPython) does, abandoning daemon threads, then exits 0; a pool worker exits
 *       at once instead (see {@link CurrentProcess#exitWhenTargetReturns()}). On an exception it
 *       prints {@code Process <name>:} and the stack trace on stderr, waits for those threads
 *       too, and exits 1, as CPython does. {@code System.exit(n)} in the task or one of its threads exits with n.
 *       Exiting runs the shutdown hooks, which join this child's own children (or terminate them
 *       when a signal ends this child).
 * </ol>
 *
 * <p>With {@link JvmCommand#TRAIN_ARG} it is the workload of an AOT training run instead (see
 * {@link AotCache}): it does what a spare's warm-up and a child's first task do, and exits.
 */
public final class ChildMain {
    /** The program argument of an AOT training run. */

    private ChildMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(JvmCommand.TRAIN_ARG)) {
            System.exit(train());
        }
        if (args.length == 0) { // a cold child: a spare does this in its warm-up
            Thread.ofPlatform().name("mp4j-serial-init").daemon(true).start(new SerialInit());
        }
        WarmUp.startInBackground(); // while this thread starts the task, see WarmUp
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (args.length > 0 && args[0].equals(JvmCommand.SPARE_ARG)) {
            SpareWarmUp.run();
        }
        Bootstrap bootstrap;
        try {
            // The parent sends nothing after the bootstrap, so reading ahead is harmless.
            bootstrap = Bootstrap.readFrom(new DataInputStream(new BufferedInputStream(stdin, 64 * 1024)));
        } catch (EOFException e) {
            Runtime.getRuntime().halt(ExitCodes.PARENT_GONE); // an unused spare, discarded
            return;
        }
        ParentWatch.start(stdin, bootstrap.parentPid());
        CurrentProcess.init(bootstrap);
        // not String[]::new: the AOT training does not run this call site, so a method reference
        // here would have its class generated at run time in every cold child
        ClassAllowList.allow(bootstrap.allowPatterns().toArray(new String[0]));
        int code = run(bootstrap);
        if (CurrentProcess.exitsWhenTargetReturns() || otherNonDaemonThread() == null) {
            System.exit(code); // the common case: nothing to wait for
        }
        if (code != 0) {
            awaitNonDaemonThreads(); // as the JVM would before a main that threw exits 1
            System.exit(code);
        }
        // Returning ends this thread only: the JVM waits for the non-daemon threads the target
        // started (daemon threads are abandoned), then runs the shutdown hooks and exits 0, or N
        // if one of those threads calls System.exit(N).
    }

    /**
     * The training workload: a spare's warm-up without its ready marker, then a no-op task through
     * the path of a real child (bootstrap bytes, allow-list, deserialization, {@code run()}). Only
     * the lifeline is left out: a training JVM has no parent to watch.
     *
     * @return the exit code a child running this task would have
     */
    private static int train() throws IOException {
        SpareWarmUp.preload();
        Process task = new Process("aot-training", () -> { });
        var bytes = new ByteArrayOutputStream();
        new Bootstrap(task.name(), task.identity(), false, ProcessHandle.current().pid(), "MainProcess",
                ClassAllowList.patterns(), List.of(), Serialization.toFrame(task))
                .writeTo(new DataOutputStream(bytes));
        Bootstrap bootstrap = Bootstrap.readFrom(new DataInputStream(
                new BufferedInputStream(new ByteArrayInputStream(bytes.toByteArray()), 64 * 1024)));
        CurrentProcess.init(bootstrap);
        ClassAllowList.allow(bootstrap.allowPatterns().toArray(new String[0]));
        int code = run(bootstrap);
        exerciseSharedObjects();
        try {
            int ok = PoolWorker.train();
            if (ok != 4) {
                System.err.println("AOT training: the pool worker's workload gave " + ok + " of 4 expected results");
            }
        } catch (Exception e) {
            System.err.println("AOT training: the pool worker's workload failed: " + e);
        }
        return code;
    }

    /**
     * Runs the hot paths of the shared objects for a while, so that the cache holds their classes
     * and method profiles (JEP 515) and a child's JIT compiles them sooner: a short-lived child
     * otherwise spends its first tens of thousands of queue operations interpreted.
     */
    private static void exerciseSharedObjects() {
        try {
            var q = new org.multiprocessing4j.Queue<Integer>();
            var lock = new org.multiprocessing4j.Lock();
            var v = org.multiprocessing4j.Value.rawInt(0);
            for (int i = 0; i < 20_000; i++) {
                q.put(i);
                q.get();
                lock.acquire();
                lock.release();
                v.incrementAndGet();
            }
            var pipe = org.multiprocessing4j.Pipe.open();
            for (int i = 0; i < 2_000; i++) {
                pipe.left().send(i);
                pipe.right().recv();
            }
        } catch (Exception e) {
            System.err.println("AOT training: shared-object warm-up failed: " + e);
        }
    }

    /**
     * Sets up what the first {@code ObjectInputStream} of a JVM sets up (its filter configuration:
     * a {@code System.Logger}, whose back-end detection scans every JAR of the class path, and the
     * security properties), on a second thread while the main one reads the bootstrap. A class,
     * not a lambda: a lambda's class would be generated first.
     */
    private static final class SerialInit implements Runnable {
        @Override
        public void run() {
            java.io.ObjectInputFilter.Config.getSerialFilter();
        }
    }

    private static int run(Bootstrap bootstrap) {
        Process process;
        try {
            process = (Process) Serialization.fromFrame(bootstrap.frame());
        } catch (Throwable t) {
            return report(bootstrap.name(), t);
        }
        CurrentProcess.setProcessObject(process);
        try {
            process.run();
            return 0;
        } catch (Throwable t) {
            return report(process.name(), t);
        } finally {
            System.out.flush();
        }
    }

    /** Joins every live non-daemon thread but this one, those they start included. */
    private static void awaitNonDaemonThreads() throws InterruptedException {
        for (Thread other = otherNonDaemonThread(); other != null; other = otherNonDaemonThread()) {
            other.join();
        }
    }

    /** A live non-daemon platform thread other than this one, or null (virtual threads are daemons). */
    private static Thread otherNonDaemonThread() {
        for (Thread t : LiveThreads.snapshot()) {
            if (t != Thread.currentThread() && !t.isDaemon() && t.isAlive()) {
                return t;
            }
        }
        return null;
    }

    private static int report(String name, Throwable t) {
        System.out.flush();
        synchronized (System.err) {
            System.err.println("Process " + name + ":");
            t.printStackTrace(System.err);
            System.err.flush();
        }
        return 1;
    }
}
