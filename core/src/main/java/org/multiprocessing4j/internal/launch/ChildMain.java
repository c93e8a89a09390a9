package org.multiprocessing4j.internal.launch;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import org.multiprocessing4j.Process;
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
 *   <li>Exits 0 when {@code run()} returns; on an exception prints {@code Process <name>:} and the
 *       stack trace on stderr and exits 1, as CPython does. {@code System.exit(n)} in the task
 *       exits with n. Exiting runs the shutdown hooks, which join this child's own children.
 * </ol>
 */
public final class ChildMain {
    private ChildMain() {}

    public static void main(String[] args) throws Exception {
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (args.length > 0 && args[0].equals(SpareJvms.SPARE_ARG)) {
            SpareJvms.warmUp();
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
        ClassAllowList.allow(bootstrap.allowPatterns().toArray(String[]::new));
        System.exit(run(bootstrap));
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
