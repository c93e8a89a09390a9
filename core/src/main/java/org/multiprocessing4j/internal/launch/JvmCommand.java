package org.multiprocessing4j.internal.launch;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.internal.platform.Platforms;

/**
 * The command line of a child JVM: this JVM's {@code java}, the default options, the AOT cache
 * options, the options of this JVM that matter to code ({@link LaunchPaths#inheritedOptions}),
 * the global and per-process options, this JVM's module path, the class path of the application
 * ({@link LaunchPaths#applicationClassPath}) as {@link AotCache} arranges it, and
 * {@code internal.child.ChildMain}, in this library's module when it is a named one. A child of a Spring Boot
 * executable JAR ({@link LaunchPaths#springBootJar}) instead gets {@code -cp app.jar}, this JVM's
 * {@code loader.*} settings, {@code -Dloader.main=}{@code internal.child.ChildMain} and Boot's
 * {@code PropertiesLauncher} as its main class, and no AOT cache (the cache is trained on a class
 * path of files).
 *
 * <p>Defaults: the serial collector (children are small and many), shrinking the heap to its
 * target at the first full collection rather than over several ({@code -XX:-ShrinkHeapInSteps}:
 * an idle pool worker's one collection gives a grown heap back, see {@link IdleTrim}), the AOT
 * cache and the JDK's CDS archive mapped at the address they were made for
 * ({@code -XX:ArchiveRelocationMode=0}, a diagnostic option, hence the unlock; the JDK 25 default
 * relocates them to a random address, which writes to, and so un-shares, some 7 MB of their pages
 * in every child: a Pool(2) worker idle for 7 s, 36 to 42 MB PSS with relocation, 30 to 31 MB
 * without; if the address is taken the JVM still relocates), no perf-data file, no 300 ms wait at
 * exit for threads blocked in native calls (the lifeline reader and output forwarders always
 * are), native access for the shared-memory layer, UTF-8 output, and this process's
 * {@code mp4j.*} system properties (so {@code -Dmp4j.platform} too), plus the segment folder of a
 * platform whose folder derives from {@code java.io.tmpdir} ({@code Platform.childOptions}).
 *
 * <p>Measured and left out (a Pool(2) worker's PSS, and the pool benchmarks, alternately in one
 * window on a shared 2-core machine): {@code -Xms16m} lets an idle worker give back what a map of
 * 2,000,000 small tasks made it touch (95 MB PSS 2 s after the map by default, 44 to 52 MB with
 * it), but {@code pool2_map_square_200k} ran 18 to 48% slower and {@code pool2_apply_roundtrip}
 * 12 to 24% slower (the young generation is a third of the small heap and is collected far more
 * often); a user who prefers footprint passes it with {@code setJvmOptions}.
 * {@code -XX:+UseCompactObjectHeaders} changed an idle worker by -1 to +1.5 MB;
 * {@code -XX:TrimNativeHeapInterval=1000} saved 2.5 MB after the map only; G1 with
 * {@code G1PeriodicGCInterval} shrank after the map (43 MB) but ran the map benchmark 3x slower.
 *
 * <p>Where an idle worker's PSS goes (a Pool(2) worker 7 s after one apply; smaps grouped by
 * mapping, anonymous ones by NMT's reserved ranges): Java heap 5.8 MB (the eden pages startup
 * touched: a full collection empties eden but leaves them resident), C heap 14 MB before
 * {@link org.multiprocessing4j.internal.runtime.IdleTrim} trims it and 9.5 MB after (NMT counts
 * 4 MB live; the rest was glibc arenas' free pages, the JIT compilers' arenas mostly), the AOT
 * cache's written (private) pages 6.6 MB and its read-only pages 9.7 MB shared by the two
 * workers, libjvm.so 5 to 7 MB of PSS (13 MB of text shared with every JVM on the machine), code
 * cache 1.5 MB, 16 threads' stacks 0.8 MB, metaspace 0.8 MB. Trimming the C heap when idle
 * (IdleTrim) took {@code worker_pss_idle_kb} from 38.6 to 35.0 MB, as
 * {@code -XX:TrimNativeHeapInterval=1000} does, but with no trimmer thread and no trims while
 * busy. {@code MALLOC_ARENA_MAX=2} in the child's environment: no change, with or without the
 * trim. {@code -XX:TieredStopAtLevel=1}: no change idle or after the map. No AOT cache
 * ({@code -Dmp4j.aot=false}): 44.7 MB idle, 83 MB after the map. After the map the heap is most of
 * it (41 MB: the 48 MB young generation is all touched, and the serial collector never shrinks it
 * below {@code NewSize}); {@code InitialHeapSize=64m NewSize=16m}: 64 MB after the map,
 * {@code 32m/16m} 67 MB, {@code 24m} with a 16 MB young generation ({@code MaxNewSize=16m})
 * 60 MB, each against 78 MB (the young generation grows back to a third of the old at each full
 * collection unless capped); their throughput was not measured.
 */
public final class JvmCommand {
    /**
     * The child JVM's main class, by name: {@code internal.child} sits above the public API (it runs
     * the user's {@code Process}), so nothing in the launcher may refer to it as a class.
     */
    public static final String CHILD_MAIN = "org.multiprocessing4j.internal.child.ChildMain";
    /** The argument that makes a child JVM an AOT training run (see {@link AotSupervisor}). */
    public static final String TRAIN_ARG = "--train";
    /** The argument that makes a child JVM a spare (see {@link SpareJvms}). */
    public static final String SPARE_ARG = "--spare";

    /** Options every child gets before the user's. */
    public static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:-ShrinkHeapInSteps",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
            "-XX:-UsePerfData", "-XX:UserThreadWaitAttemptsAtExit=0",
            "--enable-native-access=ALL-UNNAMED", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8");

    /**
     * The heap a child starts with, unless the user's options size the heap themselves
     * ({@link #sizesHeap}): 64 MB, with a young generation of 48 MB. The serial collector never
     * shrinks the old generation below its initial size, and the JDK's default initial size is
     * 1/64 of the machine's memory (384 MB here on 24 GB): a worker that held 300 MB for a task
     * stayed at 427 MB PSS with it, and is back at 102 MB 1 s after the task with these (42 MB
     * idle either way). The young generation is given its own size because a small initial heap
     * would otherwise shrink it too ({@code -Xms16m} alone cost {@code pool2_map_square_200k}
     * 18 to 48%): with these, a map of 200,000 squares and an apply round trip measured the same as
     * with the defaults (6.2 to 6.6 ms and 89 to 99 us, three alternating rounds).
     */
    static final List<String> HEAP_DEFAULTS = List.of("-XX:InitialHeapSize=64m", "-XX:NewSize=48m");

    /** Option prefixes by which a user sizes the heap: then {@link #HEAP_DEFAULTS} are left out. */
    private static final List<String> HEAP_SIZING = List.of("-Xms", "-Xmx", "-Xmn", "-XX:InitialHeapSize",
            "-XX:MaxHeapSize", "-XX:MinHeapSize", "-XX:NewSize", "-XX:MaxNewSize", "-XX:MaxRAM", "-XX:InitialRAM",
            "-XX:MinRAM", "-XX:NewRatio");

    private JvmCommand() {}

    /** Whether any of {@code options} sizes the heap (see {@link #HEAP_DEFAULTS}). */
    static boolean sizesHeap(List<String> options) {
        for (String o : options) {
            for (String prefix : HEAP_SIZING) {
                if (o.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This JVM's options that children inherit, looked up once ({@link LaunchPaths#inheritedOptions}). */
    private static final class Inherited {
        static final List<String> OPTIONS = LaunchPaths.inheritedOptions();
    }

    /** This JVM's options that children inherit (and the AOT training runs with, see {@link AotKey#key}). */
    static List<String> inheritedOptions() {
        return Inherited.OPTIONS;
    }

    /** The {@code java} launcher of this JVM. */
    public static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /**
     * Builds a child command.
     *
     * @param globalOptions options for every child of this program
     * @param processOptions options for this child only (they come last and so win)
     * @throws IllegalStateException if a child could not load this library (see
     *     {@link LaunchPaths#checkLibraryReachable})
     */
    public static List<String> build(List<String> globalOptions, List<String> processOptions) {
        return build(globalOptions, processOptions, AotCache.system());
    }

    /** Builds a child command with a given AOT cache (tests use their own). */
    static List<String> build(List<String> globalOptions, List<String> processOptions, AotCache aot) {
        LaunchPaths.checkLibraryReachable();
        return build(globalOptions, processOptions, aot, LaunchPaths.springBootJar());
    }

    /** Builds a child command for the Spring Boot executable JAR {@code boot}, or none if null. */
    static List<String> build(List<String> globalOptions, List<String> processOptions, AotCache aot,
            LaunchPaths.SpringBootJar boot) {
        List<String> command = new ArrayList<>(32);
        command.add(javaExecutable());
        command.addAll(DEFAULT_OPTIONS);
        if (!sizesHeap(Inherited.OPTIONS) && !sizesHeap(globalOptions) && !sizesHeap(processOptions)) {
            command.addAll(HEAP_DEFAULTS);
        }
        if (boot == null) {
            command.addAll(aot.options(globalOptions, processOptions)); // before the user's: theirs win
        }
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = e.getKey().toString();
            if (key.startsWith("mp4j.")) {
                command.add("-D" + key + "=" + e.getValue());
            }
        }
        command.addAll(Platforms.CURRENT.childOptions()); // the segment folder, where it is not inherited
        command.addAll(Inherited.OPTIONS);
        command.addAll(globalOptions);
        command.addAll(processOptions);
        if (boot != null) {
            for (String key : LaunchPaths.BOOT_PROPERTIES) {
                String value = System.getProperty(key);
                if (value != null) {
                    command.add("-D" + key + "=" + value);
                }
            }
            command.add("-Dloader.main=" + CHILD_MAIN);
            command.add("-cp");
            command.add(boot.jar().toString());
            command.add(boot.launcher());
            return command;
        }
        String modulePath = System.getProperty("jdk.module.path");
        boolean named = LaunchPaths.namedModule();
        if (modulePath != null && !modulePath.isEmpty()) {
            command.add("--module-path");
            command.add(modulePath);
            command.add("--add-modules");
            command.add("ALL-MODULE-PATH");
            if (named) {
                command.add("--enable-native-access=" + LaunchPaths.MODULE);
            }
        }
        String classPath = aot.classPath();
        if (!classPath.isEmpty()) {
            command.add("-cp");
            command.add(classPath);
        }
        if (named) {
            command.add("-m");
            command.add(LaunchPaths.MODULE + "/" + CHILD_MAIN);
        } else {
            command.add(CHILD_MAIN);
        }
        return command;
    }
}
