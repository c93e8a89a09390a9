package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.launch.ExitCodes;
import org.multiprocessing4j.internal.launch.LaunchPaths;
import org.multiprocessing4j.internal.launch.SpareJvms;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.ExitSequence;
import org.multiprocessing4j.internal.runtime.Shipping;
import org.multiprocessing4j.internal.serial.NotSerializableValueException;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.ProcessLaunch;
import org.multiprocessing4j.spi.RunningProcess;

/**
 * A task run in its own child JVM, as Python's {@code multiprocessing.Process}.
 *
 * <p>Give the target as a lambda, or subclass and override {@link #run()}. {@link #start()}
 * serializes this object (the target and whatever it captures, or the subclass instance with its
 * fields) and runs it in a new JVM with this program's class path. Shared objects of this library
 * (queues, locks, values, pipes, manager proxies) are serializable handles: captured in the target,
 * they reach the same object in the child.
 *
 * <pre>{@code
 * Process p = new Process(() -> System.out.println("hello from the child"));
 * p.start();
 * p.join();
 * System.out.println(p.exitCode());   // OptionalInt[0]
 * }</pre>
 *
 * <h2>Exit codes</h2>
 * As CPython: 0 when {@code run()} returns; 1 when it throws, after the child printed
 * {@code Process <name>:} and the stack trace on its stderr; N after {@code System.exit(N)};
 * either way, the child first waits for the non-daemon threads {@code run()} started (daemon
 * threads are abandoned), as a Java program does;
 * -N when the child died of signal N (-15 after {@link #terminate()}, -9 after {@link #kill()}).
 * The JDK cannot tell death by signal N from {@code System.exit(128 + N)}, so statuses 129 to 192
 * are always reported as signals.
 *
 * <h2>Names</h2>
 * {@code Process-1}, {@code Process-2}, ... in the main program; a child's children are
 * {@code Process-1:1}, {@code Process-1:2}, ...
 *
 * <h2>Lifetime</h2>
 * The child's stdout and stderr are copied to this process's, a whole line at a time. When this
 * JVM exits normally it terminates its daemonic children and joins the others, as CPython does;
 * when SIGTERM, SIGHUP or SIGINT ends it, it terminates them all (killing those still alive after
 * 500 ms) instead of joining. When it dies by any means, kill -9 included, every child and grandchild exits within about a
 * second. A daemonic process may not start children.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called from any thread; state changes are guarded by this object's monitor,
 * and waiting ({@link #join()}) happens outside it.
 */
public class Process implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The name, {@code Process-N} unless one was given. */
    private String name;
    /** The identity path: {@code [1, 2]} for {@code Process-1:2}. */
    private final int[] identity;
    /** Whether the process is daemonic. */
    private boolean daemon;
    /** The task the child runs, or null for a subclass that overrides {@link #run()}. */
    private final SerializableRunnable target;
    /**
     * The JVM options of this process only: an array, not a list, because a child deserializing
     * an {@code ArrayList} makes a reflective call to its {@code readObject}, which costs a cold
     * child a generated method-handle class.
     */
    private String[] jvmOptions = new String[0];

    /** The started child, or null before {@link #start()}; guarded by this. */
    private transient RunningProcess child;
    /** The context it runs in: the default one of the thread that made it. */
    private final transient Context context = Context.Current.current();
    /** Set for the views of running processes that this object did not start (main, current, parent). */
    private transient ProcessHandle view;
    /** Set by {@link #close()}; guarded by this. */
    private transient boolean closed;

    /**
     * Creates a process that will run {@code target}, named {@code Process-N}.
     *
     * @param target the code the child runs; it and what it captures must be serializable
     * @throws NullPointerException if target is null
     */
    public Process(SerializableRunnable target) {
        this(Objects.requireNonNull(target, "target"), (String) null);
    }

    /**
     * Creates a process with a name that will run {@code target}.
     *
     * @param name the process's name, shown in its messages and by {@link
     *     Multiprocessing#currentProcess()}
     * @param target the code the child runs; it and what it captures must be serializable
     * @throws NullPointerException if name or target is null
     */
    public Process(String name, SerializableRunnable target) {
        this(Objects.requireNonNull(target, "target"), Objects.requireNonNull(name, "name"));
    }

    /** For subclasses that override {@link #run()}; named {@code Process-N}. */
    protected Process() {
        this((SerializableRunnable) null, (String) null);
    }

    /**
     * For subclasses that override {@link #run()}, with a name.
     *
     * @param name the process's name, shown in its messages and by {@link
     *     Multiprocessing#currentProcess()}
     * @throws NullPointerException if name is null
     */
    protected Process(String name) {
        this((SerializableRunnable) null, Objects.requireNonNull(name, "name"));
    }

    /** The constructor every new process goes through: a fresh identity, a default name if none. */
    private Process(SerializableRunnable target, String name) {
        this.identity = Children.nextIdentity();
        this.name = name != null ? name : defaultName(identity);
        this.target = target;
        this.daemon = CurrentProcess.isDaemon();
    }

    /** A view of a running process that this object did not start. */
    Process(String name, int[] identity, ProcessHandle handle) {
        this.name = name;
        this.identity = identity;
        this.target = null;
        this.view = handle;
    }

    static String defaultName(int[] identity) {
        StringBuilder sb = new StringBuilder("Process-");
        for (int i = 0; i < identity.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(identity[i]);
        }
        return sb.toString();
    }

    /**
     * What the child runs: the target given to the constructor. Subclasses override it; it runs in
     * the child, not in the process that calls {@link #start()}.
     *
     * @throws Exception anything the target throws; in the child it makes the exit code 1
     */
    public void run() throws Exception {
        if (target != null) {
            target.run();
        }
    }

    /**
     * Starts the child JVM and runs this process's {@link #run()} there. Returns once the task was
     * handed to the child (a spare JVM if one is ready, see {@link Multiprocessing#setSpares}).
     *
     * @throws IllegalStateException if already started, closed, a view of another process, or if
     *     this process is daemonic (daemonic processes may not have children), or if the target's
     *     class was compiled in memory ({@code java App.java}, jshell) where no child JVM can load it
     * @throws IllegalArgumentException if this object cannot be serialized; the message names the
     *     class, and nothing was started
     */
    public synchronized void start() {
        checkNotClosed();
        if (view != null) {
            throw new IllegalStateException("cannot start " + name + ": it is a view of a running process");
        }
        if (child != null) {
            throw new IllegalStateException("process " + name + " already started (pid=" + child.pid() + ")");
        }
        if (CurrentProcess.isDaemon()) {
            throw new IllegalStateException("cannot start " + name + ": daemonic processes are not allowed to have children");
        }
        String unloadable = LaunchPaths.unloadableReason(target != null ? target.getClass() : getClass());
        if (unloadable == null && target != null) {
            unloadable = LaunchPaths.unloadableReason(getClass());
        }
        if (unloadable != null) {
            throw new IllegalStateException("cannot start " + name + ": " + unloadable);
        }
        // a copy read in another process has no context (it is transient): it starts locally, as it always did
        Backend engine = (context != null ? context : Context.SPAWN).engine();
        Shipping.begin(); // the objects shipped with this process learn its pid in engine.start
        try {
            byte[] frame;
            try {
                frame = Serialization.toFrame(this);
            } catch (NotSerializableValueException e) {
                throw new IllegalArgumentException("cannot start " + name + ": " + e.getMessage(), e);
            }
            child = engine.start(new ProcessLaunch(name, identity, daemon, frame, Multiprocessing.currentProcess().name(),
                    Children.jvmOptions(), List.of(jvmOptions)));
        } finally {
            Shipping.end();
        }
        Children.add(this);
    }

    /**
     * Waits until the child has exited and its output was forwarded. Precisely, when it returns:
     * the child's operating-system process has ended and been reaped (so {@link #isAlive()} is
     * false and {@link #exitCode()} is present from now on, and its pid may be reused); its
     * shutdown hooks have run unless it was killed (SIGKILL, or a halt); everything it wrote to
     * stdout and stderr has been copied to this process's (the relaying waits up to 2 s for output
     * still in flight after the exit, e.g. from a grandchild that inherited the pipes); and the
     * shared objects it created were unlinked by its own exit, or, if it died by a signal, are
     * being removed in the background. In the threads context it waits for the process's thread.
     *
     * @throws IllegalStateException if not started or closed
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Waits at most {@code timeout} for the child to exit; when it returns true, everything
     * {@link #join()} promises holds.
     *
     * @param timeout how long to wait; {@code null} waits without limit
     * @return whether the process has exited
     * @throws IllegalStateException if not started or closed
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean join(Duration timeout) throws InterruptedException {
        ProcessHandle v;
        RunningProcess c;
        synchronized (this) {
            checkNotClosed();
            v = view;
            c = child;
        }
        if (v != null) {
            if (v.pid() == ProcessHandle.current().pid()) {
                throw new IllegalStateException("a process cannot join itself: " + name);
            }
            try {
                if (timeout == null) {
                    v.onExit().get();
                } else {
                    v.onExit().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
                }
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        if (CurrentProcess.processObject() == this) {
            throw new IllegalStateException("a process cannot join itself: " + name);
        }
        if (c == null) {
            throw new IllegalStateException("can only join a started process: " + name);
        }
        boolean done = c.waitFor(timeout);
        if (done) {
            Children.remove(this);
            if (c.exitCode().orElse(0) < 0) {
                SharedSegments.sweepInBackground(); // it died by a signal: remove what it left in /dev/shm
            }
        }
        return done;
    }

    /**
     * Whether the process is running: started and its operating-system process not yet ended and
     * reaped (a child that is running its shutdown hooks, or whose JVM is tearing down, is still
     * alive). It turns false at the same moment {@link #exitCode()} becomes present, possibly
     * before {@link #join()} has finished relaying the child's last output. The main process and
     * the current process are always alive.
     *
     * @return whether the process is running
     * @throws IllegalStateException if closed
     */
    public synchronized boolean isAlive() {
        checkNotClosed();
        if (view != null) {
            return view.isAlive();
        }
        if (CurrentProcess.processObject() == this) {
            return true;
        }
        return child != null && child.isAlive();
    }

    /**
     * Asks the child to stop with SIGTERM: its shutdown hooks run, and its exit code becomes -15.
     * Does nothing if the process has exited. In the threads context it interrupts the process's
     * thread, which cannot be forced to stop: a task that does not wait interruptibly runs on.
     *
     * @throws IllegalStateException if not started or closed
     */
    public void terminate() {
        startedChild("terminate").terminate();
    }

    /**
     * Kills the child with SIGKILL: nothing more runs there, and its exit code becomes -9. In the
     * threads context it only interrupts the process's thread, as {@link #terminate()}.
     *
     * @throws IllegalStateException if not started or closed
     */
    public void kill() {
        startedChild("kill").kill();
    }

    /**
     * Releases what this object holds. Idempotent; afterwards every method but {@link #name()}
     * throws {@link IllegalStateException}.
     *
     * @throws IllegalStateException if the process is still running
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (child != null && child.isAlive()) {
            throw new IllegalStateException("cannot close process " + name + " (pid=" + child.pid()
                    + ") while it is still running; join or terminate it first");
        }
        if (child != null) {
            child.release();
            Children.remove(this);
        }
        closed = true;
    }

    /**
     * The OS process id.
     *
     * @return the OS process id
     * @throws IllegalStateException if not started yet, or closed
     */
    public synchronized long pid() {
        checkNotClosed();
        if (view != null) {
            return view.pid();
        }
        if (CurrentProcess.processObject() == this) {
            return ProcessHandle.current().pid();
        }
        if (child == null) {
            throw new IllegalStateException("process " + name + " has no pid: it was not started");
        }
        return child.pid();
    }

    /**
     * The exit code, empty until the process has exited (its operating-system process ended and
     * was reaped, as {@link #isAlive()} tells), then fixed; see the class comment for its values.
     *
     * @return the exit code, empty until the process has exited; see the class comment for its
     *     values
     * @throws IllegalStateException if closed
     */
    public synchronized OptionalInt exitCode() {
        checkNotClosed();
        if (child == null) {
            return OptionalInt.empty();
        }
        return child.exitCode();
    }

    /**
     * The end of the child's stderr (at most 4 KiB) when it is a local child JVM, else empty:
     * for a pool to say why a worker died before it ran its loop.
     */
    String stderrTail() throws InterruptedException {
        RunningProcess c;
        synchronized (this) {
            c = child;
        }
        return c == null ? "" : c.stderrTail();
    }

    /**
     * The name, {@code Process-N} unless one was given. Available after {@link #close()} too.
     *
     * @return the name, {@code Process-N} unless one was given
     */
    public synchronized String name() {
        return name;
    }

    /**
     * Renames this process (as CPython's {@code p.name = ...}).
     *
     * @param name the process's name, shown in its messages and by {@link
     *     Multiprocessing#currentProcess()}
     * @throws NullPointerException if name is null
     */
    public synchronized void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Whether the process is daemonic: terminated when its parent exits, and not allowed children.
     *
     * @return whether the process is daemonic
     */
    public synchronized boolean daemon() {
        return daemon;
    }

    /**
     * Sets the daemon flag; by default a process inherits its creator's (which is false wherever
     * children may be created).
     *
     * @param daemon true for a daemonic process
     * @throws IllegalStateException if already started, or closed
     */
    public synchronized void setDaemon(boolean daemon) {
        checkNotClosed();
        if (child != null || view != null) {
            throw new IllegalStateException("cannot set daemon of process " + name + ": it is already started");
        }
        this.daemon = daemon;
    }

    /**
     * Adds JVM options for this process's child ({@code -Xmx64m}, {@code -Dkey=value}, ...). They
     * come after the global ones of {@link Multiprocessing#setJvmOptions} and so win over them.
     *
     * @param options JVM options, one per element ({@code "-Xmx256m"}, {@code "-Dkey=value"}, ...)
     * @return this process
     * @throws IllegalStateException if already started
     * @throws IllegalArgumentException if an option is blank or does not start with {@code -}
     */
    public synchronized Process addJvmOptions(String... options) {
        checkNotClosed();
        if (child != null || view != null) {
            throw new IllegalStateException("cannot add JVM options to " + name + ": it is already started");
        }
        List<String> all = new ArrayList<>(List.of(jvmOptions));
        all.addAll(Multiprocessing.validateJvmOptions(options));
        jvmOptions = all.toArray(new String[0]);
        return this;
    }

    /**
     * The JVM options of this process only (not the global ones).
     *
     * @return the JVM options of this process only (not the global ones)
     */
    public synchronized List<String> jvmOptions() {
        return List.of(jvmOptions);
    }

    /**
     * The identity path: {@code [1, 2]} for {@code Process-1:2}, empty for the main process.
     *
     * @return the identity path
     */
    public int[] identity() {
        return identity.clone();
    }

    private synchronized RunningProcess startedChild(String action) {
        checkNotClosed();
        if (child == null) {
            throw new IllegalStateException("cannot " + action + " process " + name + ": it was not started");
        }
        return child;
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("process object " + name + " is closed");
        }
    }

    @Override
    public String toString() {
        String state;
        synchronized (this) {
            if (closed) {
                state = "closed";
            } else if (view != null) {
                state = view.isAlive() ? "started pid=" + view.pid() : "stopped";
            } else if (child == null) {
                state = "initial";
            } else if (child.isAlive()) {
                state = "started pid=" + child.pid();
            } else {
                state = "stopped exitcode=" + child.exitCode().orElse(Integer.MIN_VALUE);
            }
        }
        return "<Process name='" + name + "' " + state + (daemon ? " daemon" : "") + ">";
    }

    /**
     * This JVM's bookkeeping of the processes it created: the name counter, the global JVM options
     * for children, the started children, and the exit hook.
     *
     * <p>Exit hook, as CPython's {@code _exit_function}: terminate daemonic children that are alive,
     * discard spare JVMs, then join every remaining child. It is registered when the first child starts.
     * When a signal (SIGTERM, SIGHUP, SIGINT) ends this JVM, it terminates every child instead of
     * joining the non-daemonic ones, killing those still alive after 500 ms, so the program ends at
     * once whatever its children were doing.
     */
    static final class Children {
        private static final AtomicInteger COUNTER = new AtomicInteger();
        private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean HOOKED = new AtomicBoolean();
        private static volatile List<String> jvmOptions = initialJvmOptions();

        private Children() {}

        private static List<String> initialJvmOptions() {
            var b = CurrentProcess.bootstrap();
            return b == null ? List.of() : List.copyOf(b.jvmOptions());
        }

        static int[] nextIdentity() {
            int[] parent = CurrentProcess.identity();
            int[] id = java.util.Arrays.copyOf(parent, parent.length + 1);
            id[parent.length] = COUNTER.incrementAndGet();
            return id;
        }

        static List<String> jvmOptions() {
            return jvmOptions;
        }

        static void setJvmOptions(List<String> options) {
            jvmOptions = List.copyOf(options);
        }

        static void add(Process p) {
            if (HOOKED.compareAndSet(false, true)) {
                ExitSequence.preload(ExitCodes.class, SpareJvms.class); // atExit may run after its loader closed
                ExitSequence.register(ExitSequence.JOIN_CHILDREN, Children::atExit);
            }
            STARTED.add(p);
        }

        static void remove(Process p) {
            STARTED.remove(p);
        }

        static List<Process> active() {
            List<Process> alive = new ArrayList<>();
            for (Process p : STARTED) {
                try {
                    if (p.isAlive()) {
                        alive.add(p);
                    }
                } catch (IllegalStateException closed) {
                    STARTED.remove(p);
                }
            }
            return alive;
        }

        /** How long a signal-initiated exit waits for terminated children before it kills them. */
        private static final long TERMINATE_GRACE_MILLIS = 500;
        /** How long a signal-initiated exit waits for killed children. */
        private static final long KILL_GRACE_MILLIS = 300;

        private static void atExit() {
            SpareJvms.discardAll();
            List<Process> alive = active();
            if (ExitSequence.signalled() != null) {
                terminateAll(alive);
                return;
            }
            for (Process p : alive) {
                if (p.daemon()) {
                    p.terminate();
                }
            }
            for (Process p : alive) {
                try {
                    p.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IllegalStateException closed) {
                    // closed meanwhile
                }
            }
        }

        /**
         * A signal ends this program: every child is terminated (SIGTERM, so its own exit runs and
         * terminates its children in turn), then killed if it is still alive after
         * {@value #TERMINATE_GRACE_MILLIS} ms.
         */
        private static void terminateAll(List<Process> alive) {
            for (Process p : alive) {
                try {
                    p.terminate();
                } catch (IllegalStateException closed) {
                    // closed meanwhile
                }
            }
            if (!awaitAll(alive, TERMINATE_GRACE_MILLIS)) {
                for (Process p : alive) {
                    try {
                        if (p.isAlive()) {
                            p.kill();
                        }
                    } catch (IllegalStateException closed) {
                        // closed meanwhile
                    }
                }
                awaitAll(alive, KILL_GRACE_MILLIS);
            }
        }

        /** Joins the processes for at most {@code millis} in all; whether they all exited. */
        private static boolean awaitAll(List<Process> processes, long millis) {
            long deadline = System.nanoTime() + millis * 1_000_000;
            for (Process p : processes) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                try {
                    if (!p.join(java.time.Duration.ofMillis(left))) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (IllegalStateException closed) {
                    // closed meanwhile
                }
            }
            return true;
        }
    }
}
