package org.multiprocessing4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.internal.launch.JvmCommand;
import org.multiprocessing4j.internal.launch.SpareJvms;
import org.multiprocessing4j.internal.platform.Platforms;
import org.multiprocessing4j.internal.runtime.Bootstrap;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.serial.ClassAllowList;

/**
 * Module-level functions of Python's {@code multiprocessing}, and this library's global settings.
 *
 * <pre>{@code
 * System.out.println(Multiprocessing.currentProcess().name());   // MainProcess
 * System.out.println(Multiprocessing.cpuCount());
 * Multiprocessing.setJvmOptions("-Xmx256m");                     // for every child from now on
 * Multiprocessing.setSpares(2);                                  // keep two JVMs pre-started
 * }</pre>
 */
public final class Multiprocessing {
    private static final Process MAIN = new Process("MainProcess", new int[0], ProcessHandle.current());

    private Multiprocessing() {}

    /**
     * The process this code runs in: the {@code Process} object a child was started with, or the
     * {@code MainProcess} view in the main program.
     *
     * @return the process this code runs in
     */
    public static Process currentProcess() {
        Object p = CurrentProcess.processObject();
        return p instanceof Process process ? process : MAIN;
    }

    /**
     * The process that started this one, as a view that can be queried and joined; null in the
     * main program.
     *
     * @return the process that started this one, as a view that can be queried and joined; null in
     *     the main program
     */
    public static Process parentProcess() {
        CurrentProcess.ThreadProcess tp = CurrentProcess.threadProcess();
        if (tp != null) {
            // run on a thread of another machine's JVM (a cluster member): a view by name only
            int[] id = tp.identity();
            return new Process(tp.parentName(), java.util.Arrays.copyOf(id, Math.max(0, id.length - 1)), null);
        }
        Bootstrap b = CurrentProcess.bootstrap();
        if (b == null) {
            return null;
        }
        ProcessHandle handle = ProcessHandle.of(b.parentPid()).orElse(null);
        int[] id = b.identity();
        int[] parentId = java.util.Arrays.copyOf(id, Math.max(0, id.length - 1));
        if (handle == null) {
            throw new IllegalStateException("the parent process " + b.parentName() + " (pid=" + b.parentPid()
                    + ") has exited");
        }
        return new Process(b.parentName(), parentId, handle);
    }

    /**
     * The children of this process that are still alive (finished ones are joined implicitly).
     *
     * @return the children of this process that are still alive (finished ones are joined
     *     implicitly)
     */
    public static List<Process> activeChildren() {
        return Process.Children.active();
    }

    /**
     * The number of processors available to this JVM.
     *
     * @return the number of processors available to this JVM
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The name of the layer under shared memory and blocking in this JVM: {@code "linux-futex"}
     * (Linux on x86-64 or aarch64: {@code /dev/shm} and the futex), {@code "macos"} (mapped files
     * in a private per-user folder, {@code os_sync_wait_on_address}), {@code "windows"} (mapped
     * files, polling waits) or {@code "portable"} (mapped files in a private per-user folder and
     * bounded polling: no native call, runs on any JDK). It is chosen once per JVM, by the system,
     * or forced with {@code -Dmp4j.platform=portable}; children inherit the choice. Every context
     * reports it; the {@code threads} and {@code cluster} contexts do not use it.
     *
     * <pre>{@code
     * // java -Dmp4j.platform=portable -cp app.jar App
     * System.out.println(Multiprocessing.platform());   // portable
     * }</pre>
     *
     * <p>A {@code -Dmp4j.platform} that names no platform, or one this system is not, fails the
     * first use of shared memory (or of this method) with an {@link ExceptionInInitializerError}
     * whose cause names the value.
     *
     * @return {@code "linux-futex"}, {@code "macos"}, {@code "windows"} or {@code "portable"}
     */
    public static String platform() {
        return Platforms.CURRENT.name();
    }

    /**
     * Sets the JVM options of every child started from now on (replacing earlier ones); children
     * pass them on to their own children. Options of a single process are added with
     * {@link Process#addJvmOptions}.
     *
     * @param options JVM options, one per element ({@code "-Xmx256m"}, {@code "-Dkey=value"}, ...)
     * @throws IllegalArgumentException if an option is blank or does not start with {@code -}
     */
    public static void setJvmOptions(String... options) {
        Process.Children.setJvmOptions(validateJvmOptions(options));
        if (SpareJvms.active()) {
            SpareJvms.commandChanged(JvmCommand.build(Process.Children.jvmOptions(), List.of()));
        }
    }

    /**
     * The global JVM options for children.
     *
     * @return the global JVM options for children
     */
    public static List<String> jvmOptions() {
        return Process.Children.jvmOptions();
    }

    /**
     * Keeps exactly {@code count} child JVMs pre-started, so that {@link Process#start()} only
     * hands the task to a waiting JVM; this replaces the adaptive spares of the default (see
     * {@link #setSpareIdleTime}). Spares serve processes without per-process JVM options (a
     * pool's workers included, also when a dead worker is replaced). A spare runs the same
     * command as a cold child: the process sees the same class path, options, output and exit
     * codes. 0 turns spares off.
     *
     * @param count the number of spare JVMs to keep, 0 to turn spares off
     * @throws IllegalArgumentException if count is negative
     */
    public static void setSpares(int count) {
        SpareJvms.configure(count, JvmCommand.build(Process.Children.jvmOptions(), List.of()));
    }

    /**
     * Turns on adaptive spares with the given idle time (the default on machines of 4 or more
     * processors; off by default on fewer, where a spare's warm-up competes with the program for
     * the cores right after a start: see the README, "Running your own program"). After each start of a
     * process that a spare could serve, the library keeps as many spare JVMs ready as it saw such
     * starts within the last {@code idle}, at most {@link #cpuCount()}: a program that starts
     * processes one after another, or pools one after another, finds a spare once the first start
     * is over and the spare has warmed up (about a second of one core's time). A spare unused for
     * {@code idle} exits, so an unwanted spare costs an idle JVM for that long at most.
     * The default is 10 s with 4 or more processors and 0 (off) with fewer, or the system property
     * {@code mp4j.spares.idleMillis} (milliseconds; children inherit it). {@link Duration#ZERO} (or
     * the property at 0) turns spares off.
     *
     * <pre>{@code
     * Multiprocessing.setSpareIdleTime(Duration.ofSeconds(30)); // spares stay 30 s unused
     * Multiprocessing.setSpareIdleTime(Duration.ZERO);          // no spares
     * }</pre>
     *
     * @param idle how long an unused spare stays; {@link Duration#ZERO} turns spares off
     * @throws IllegalArgumentException if idle is negative
     */
    public static void setSpareIdleTime(Duration idle) {
        SpareJvms.configureAdaptive(java.util.Objects.requireNonNull(idle, "idle"));
    }

    /**
     * The context named {@code name}, configured from the system properties: {@code "spawn"} (child
     * JVMs on this machine), {@code "threads"} (threads of this JVM, as CPython's {@code
     * multiprocessing.dummy}) or a provider's, such as {@code "cluster"} (reads {@code
     * mp4j.cluster.members}). As CPython's {@code get_context(name)}.
     *
     * <pre>{@code
     * Context cluster = Multiprocessing.getContext("cluster");
     * }</pre>
     *
     * @param name the context's name: {@code "spawn"}, or a provider's such as {@code "cluster"}
     * @return the context named {@code name}, configured from the system properties
     * @throws IllegalArgumentException if no provider on the class path has that name
     */
    public static Context getContext(String name) {
        return getContext(name, System.getProperties());
    }

    /**
     * The context named {@code name}, configured from {@code settings}.
     *
     * @param name the context's name: {@code "spawn"}, or a provider's such as {@code "cluster"}
     * @param settings the context's configuration (for the cluster: {@code mp4j.cluster.members},
     *     {@code mp4j.cluster.name})
     * @return the context named {@code name}, configured from {@code settings}
     */
    public static Context getContext(String name, java.util.Properties settings) {
        if (name.equals(Context.Current.current().name()) && settings == System.getProperties()) {
            return Context.Current.current();
        }
        return Context.Current.byName(name, settings);
    }

    /**
     * Makes {@code context} the default of this JVM: the plain constructors ({@code new Queue<>()},
     * {@code new Process(...)}, {@code new Pool(n)}, ...) then make objects of it. As CPython's
     * {@code set_start_method}; {@code -Dmp4j.context=NAME} does the same at start-up.
     *
     * @param context the context to make the default
     */
    public static void setContext(Context context) {
        Context.Current.setGlobal(java.util.Objects.requireNonNull(context, "context"));
    }

    /**
     * The default context of the calling thread.
     *
     * @return the default context of the calling thread
     */
    public static Context context() {
        return Context.Current.current();
    }

    /**
     * Allows classes to be deserialized in this process and in the children it starts from now on,
     * even where a deny rule of the deserialization policy refuses them. Every class of the class
     * path and module path is accepted without this, except the gadget classes of known
     * deserialization attacks (commons-collections functors, Xalan's {@code TemplatesImpl}, JMX,
     * RMI, JNDI, ...: see the README's "Security and threat model"); call this only for such a
     * class that you need and whose every sender you trust. Patterns: a class name,
     * {@code com.acme.*} for a package, {@code com.acme.**} for a package tree. The system property
     * {@code mp4j.serial.allow} (comma separated) does the same at start-up.
     *
     * <pre>{@code
     * Multiprocessing.allowClasses("javax.management.ObjectName");
     * }</pre>
     *
     * @param patterns class names, {@code com.acme.*} (a package) or {@code com.acme.**} (a package
     *     tree)
     * @throws IllegalArgumentException if a pattern is malformed (blank, {@code *}, {@code **}, ...)
     */
    public static void allowClasses(String... patterns) {
        ClassAllowList.allow(patterns);
    }

    /**
     * Refuses classes to deserialization in this process and in the children it starts from now
     * on, in addition to the built-in deny rules (an explicit {@link #allowClasses} still wins).
     * The system property {@code mp4j.serial.deny} (comma separated) does the same at start-up.
     *
     * <pre>{@code
     * Multiprocessing.denyClasses("com.legacy.scripting.**");
     * }</pre>
     *
     * @param patterns class names, packages ({@code a.b.*}) or package trees ({@code a.b.**})
     * @throws IllegalArgumentException if a pattern is malformed (blank, {@code *}, {@code **}, ...)
     */
    public static void denyClasses(String... patterns) {
        ClassAllowList.deny(patterns);
    }

    static List<String> validateJvmOptions(String... options) {
        List<String> list = new ArrayList<>(options.length);
        for (String o : options) {
            if (o == null || o.isBlank() || !o.startsWith("-")) {
                throw new IllegalArgumentException("JVM option=\"" + o + "\" must start with '-'");
            }
            list.add(o);
        }
        return list;
    }
}
