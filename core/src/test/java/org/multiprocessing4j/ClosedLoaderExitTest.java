package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.ChildCleanup;
import org.multiprocessing4j.testing.OsProcesses;

/**
 * The library's exit actions still run when the class loader that loaded it was closed before the
 * JVM exits, as {@code mvn exec:java}, Gradle workers and IDE runners close theirs once the
 * application's main returns: a class the exit path first needs then can no longer be loaded.
 * The programs are separate JVMs whose library classes come from a loader that is closed when
 * their main returns.
 */
@ExtendWith(ChildCleanup.class)
class ClosedLoaderExitTest {

    /**
     * Loads {@code args[0]} in a URLClassLoader of its own over this JVM's class path (parent: the
     * platform loader, so no library class comes from the system loader), runs its main as the
     * context class loader, and closes the loader. With {@code args[1] = "wait"} it then blocks
     * until a signal ends the JVM. Uses no library class itself.
     */
    public static final class IsolatedLauncher {
        public static void main(String[] args) throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(e).toURI().toURL());
            }
            try (URLClassLoader loader = new URLClassLoader("isolated", urls.toArray(URL[]::new),
                    ClassLoader.getPlatformClassLoader())) {
                Thread.currentThread().setContextClassLoader(loader);
                loader.loadClass(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            }
            Thread.currentThread().setContextClassLoader(null);
            System.out.println("loader-closed");
            if (args[1].equals("wait")) {
                new CountDownLatch(1).await(); // until a signal ends this JVM
            }
        }
    }

    /**
     * Leaves at exit: a queue's segment, a non-daemon child that ends soon (having joined a
     * barrier and written into a pipe), a daemon child blocked forever, an unclosed pool, a
     * manager that was not shut down, a closed but linked SharedMemory, and a spare JVM; prints
     * the pids of its children.
     */
    public static final class LeavingProgram {
        public static void main(String[] args) throws Exception {
            Multiprocessing.setSpares(1);
            Queue<String> queue = new Queue<>();
            Event go = new Event();
            Barrier barrier = new Barrier(2);
            Pipe pipe = Pipe.open();
            Connection reading = pipe.left();
            Connection writing = pipe.right();
            Process finishing = new Process(() -> {
                barrier.await();
                writing.send("from the child");
                go.await();
                queue.put("finished");
            });
            Process blocked = new Process(() -> {
                new Queue<String>().get();
            });
            blocked.setDaemon(true);
            finishing.start();
            blocked.start();
            Pool pool = new Pool(1);
            long worker = pool.apply(() -> ProcessHandle.current().pid());
            Manager manager = Manager.start();
            manager.dict().put("k", 1);
            SharedMemory.create(4096).close();
            barrier.await();
            reading.recv();
            System.out.println("child-pid=" + finishing.pid());
            System.out.println("child-pid=" + blocked.pid());
            System.out.println("child-pid=" + worker);
            System.out.println("child-pid=" + manager.pid());
            queue.put("left in the queue");
            go.set();
            System.out.println("main-returns");
        }
    }

    @Test
    void aProgramWhoseLoaderWasClosedJoinsItsChildrenAndFreesItsSegmentsAtExit() throws Exception {
        try (LifecycleTest.Program program = LifecycleTest.Program.start(false, IsolatedLauncher.class,
                LeavingProgram.class.getName(), "exit")) {
            List<Long> children = awaitChildren(program);
            assertTrue(program.process.waitFor(LifecycleTest.BOUND.toSeconds(), TimeUnit.SECONDS),
                    "the program did not exit: " + program.lines());
            program.awaitEndOfOutput();
            assertEquals(0, program.process.exitValue(), "exit code; output: " + program.lines());
            assertCleanExit(program, children);
        }
    }

    @Test
    void aSignalEndsAProgramWhoseLoaderWasClosedWithItsChildrenAndSegments() throws Exception {
        try (LifecycleTest.Program program = LifecycleTest.Program.start(false, IsolatedLauncher.class,
                LeavingProgram.class.getName(), "wait")) {
            List<Long> children = awaitChildren(program);
            program.awaitLine("loader-closed");
            program.signal("TERM", program.pid());
            assertTrue(program.process.waitFor(LifecycleTest.BOUND.toSeconds(), TimeUnit.SECONDS),
                    "SIGTERM did not end the program: " + program.lines());
            program.awaitEndOfOutput();
            assertEquals(128 + 15, program.process.exitValue(), "exit code; output: " + program.lines());
            assertCleanExit(program, children);
        }
    }

    private static List<Long> awaitChildren(LifecycleTest.Program program) throws InterruptedException {
        List<Long> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long pid = program.awaitPid("child-pid=");
            program.addPid(pid);
            children.add(pid);
        }
        return children;
    }

    private static void assertCleanExit(LifecycleTest.Program program, List<Long> children) throws Exception {
        for (String line : program.lines()) {
            assertTrue(!line.contains("Exception") && !line.contains("Error"),
                    "the exit printed a failure: " + program.lines());
        }
        for (long child : children) {
            assertTrue(OsProcesses.awaitExit(child, LifecycleTest.BOUND), "child " + child + " was left running");
            assertEquals(Set.of(), LifecycleTest.segmentsOf(child), "child " + child + "'s segments");
        }
        assertEquals(Set.of(), LifecycleTest.segmentsOf(program.pid()), "the program's segments were freed");
    }
}
