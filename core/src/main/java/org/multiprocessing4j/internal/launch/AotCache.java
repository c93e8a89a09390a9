package org.multiprocessing4j.internal.launch;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The AOT cache of child JVMs (JDK 25, JEPs 483 and 514): a file of pre-parsed, pre-linked classes
 * that cuts a cold child start by about a third. It is made once per JDK build and class path, in
 * the background, and kept in a per-user folder.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li><b>Class path.</b> The JDK records only classes from JARs, and refuses to train with a
 *       non-empty directory on the class path; at run time the class path may be the training one
 *       with more entries after it. So children get this JVM's {@code java.class.path} rearranged:
 *       if this library's code source (where {@link ChildMain} comes from) is a directory, it is
 *       replaced by a JAR of it in {@code <cacheDir>/jars}, named by a hash of its files' names,
 *       sizes and modification times (written to a temporary file, then moved into place; its
 *       entries and modification time are deterministic, so a rebuilt JAR equals the old one);
 *       then the JARs come first, in their original order, and the directories (and entries that
 *       do not exist) after them, in their original order. Entries are made absolute. <b>This
 *       reordering can change which class wins when a directory and a JAR both hold a class of the
 *       same name</b>; with AOT off ({@code -Dmp4j.aot=false}) the class path is passed unchanged.
 *       The JARs are the <em>training class path</em>; if it does not contain this library, AOT
 *       is off.
 *   <li><b>Key.</b> A 96-bit hash (24 hex digits, see {@link Hash}) of {@code java.home},
 *       {@code java.vm.version}, each training class path entry with its size and modification
 *       time, and {@link JvmCommand#DEFAULT_OPTIONS}. The cache is
 *       {@code <cacheDir>/aot/<key>.aot}. The key must cover the JARs' sizes and times: JDK 25.0.3
 *       does not check them itself (JDK-8377932, fixed in 25.0.4) and would run stale classes.
 *   <li><b>Use.</b> When the cache file exists, children get {@code -XX:AOTCache=<file>} and
 *       {@code -Xlog:aot*=off,cds*=off}: a cache the JVM cannot use (a heap of 32 GB or more, a
 *       damaged or vanished file) is then skipped silently instead of printing warnings on the
 *       child's stdout. Options of the user's that conflict ({@code -Xshare:*},
 *       {@code -XX:SharedArchiveFile}, {@code -XX:AOTCache}, {@code -XX:AOTMode}, ...) turn AOT
 *       off for that child; the user's options come later, so their own {@code -Xlog:aot} wins.
 *   <li><b>Training.</b> When the cache file does not exist, the first child command schedules
 *       its making, once per JVM: {@value #TRAINING_DELAY_MILLIS} ms later, or when this JVM
 *       exits if that comes first (in {@link ExitSequence}, after the children were joined).
 *       Training costs 1 to 2 s of CPU, and cold starts running beside it took 40% longer here,
 *       at any {@code nice} level; so a short program never competes with it, and a long one gets
 *       the cache a few seconds in. {@link #train()} starts it at once.
 *       Starting it means launching, at the lowest CPU priority where {@code nice} exists, a
 *       <em>supervisor</em> JVM ({@link #main}, on the training class path); no {@code start()}
 *       ever waits for it. The supervisor takes a {@link FileLock} on {@code <key>.lock} (if
 *       another JVM holds it, that one is training, and it gives up), runs
 *       {@code java <DEFAULT_OPTIONS> -XX:AOTCacheOutput=<tmp> -cp <training class path>
 *       ChildMain --train} (a child's work on a no-op task, see {@link ChildMain}) with its output
 *       in {@code <key>.log}, and when that exits 0 with the file written, and the JARs are
 *       unchanged, moves the file to {@code <key>.aot} atomically. The supervisor outlives the
 *       program that launched it, so the cache is made even when that program has exited.
 *       Children started after the move use the cache; spares started before stay in use (see
 *       {@link SpareJvms}). A training that fails leaves {@code <key>.failed} and the key is not
 *       trained again (delete the file to retry).
 *   <li><b>Pruning.</b> A JVM that finds a cache sets its modification time; after each
 *       training the supervisor deletes the files of all but the {@value #KEEP} most recently
 *       used keys (a cache is 10 to 20 MB). JARs of library directories are small and kept.
 * </ol>
 *
 * <p>{@code <cacheDir>} is the system property {@code mp4j.cache.dir}, else
 * {@code $XDG_CACHE_HOME/multiprocessing4j}, else {@code ~/.cache/multiprocessing4j}; folders are
 * made owner-only, and AOT is off if the folder is writable by others or owned by another user
 * (a cache is code). {@code -Dmp4j.aot=false} turns all of this off. Any I/O failure turns AOT off
 * for this JVM rather than failing a start.
 *
 * <p>Thread-safety: an instance may be used from any thread.
 */
public final class AotCache {
    /** How many keys' caches the pruning keeps. */
    static final int KEEP = 8;
    /** The options that silence the JVM's complaints about a cache it cannot use. */
    static final String QUIET = "-Xlog:aot*=off,cds*=off";
    /** The option prefix naming the cache. */
    static final String CACHE_OPTION = "-XX:AOTCache=";
    /** Options of the user's after which children get no cache (the JVM refuses some mixes). */
    private static final List<String> CONFLICTING = List.of(
            "-Xshare", "-XX:SharedArchiveFile", "-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration",
            "-XX:+AutoCreateSharedArchive", "-XX:ArchiveClassesAtExit", "-XX:SharedClassListFile",
            "-XX:DumpLoadedClassList");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** Files of a key younger than this are never pruned: a training may be writing them. */
    static final long PRUNE_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /** How long after the first child command the training starts, unless this JVM exits first. */
    static final long TRAINING_DELAY_MILLIS = 5_000;
    /** Exit code of a supervisor that found another JVM training the same key. */
    static final int BUSY = 3;

    private final String classPath;
    private final List<String> trainingClassPath;
    private final Path aotDir;
    private final String key;
    private final Path cacheFile;
    private final List<String> cacheOptions;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean launched = new AtomicBoolean();
    private final Object trainingLock = new Object();
    /** Made by the first {@link #train()} (not before: its class costs a cold JVM time); guarded by trainingLock. */
    private CompletableFuture<Boolean> training;
    /** The outcome of this JVM's training attempt once it ended; guarded by trainingLock. */
    private Boolean trained;
    private volatile boolean present;

    private AotCache(String classPath, List<String> trainingClassPath, Path aotDir, String key) {
        this.classPath = classPath;
        this.trainingClassPath = trainingClassPath;
        this.aotDir = aotDir;
        this.key = key;
        this.cacheFile = aotDir == null ? null : aotDir.resolve(key + ".aot");
        this.cacheOptions = cacheFile == null ? List.of() : List.of(CACHE_OPTION + cacheFile, QUIET);
    }

    /**
     * This JVM's instance, made on first use from the system properties ({@code mp4j.aot},
     * {@code mp4j.cache.dir}), {@code java.class.path} and this library's code source. Never throws:
     * if anything is amiss, AOT is off and children get the class path unchanged.
     */
    public static AotCache system() {
        return SystemHolder.INSTANCE;
    }

    private static final class SystemHolder {
        static final AotCache INSTANCE = forThisJvm();

        private static AotCache forThisJvm() {
            String cp = LaunchPaths.applicationClassPath();
            String modulePath = System.getProperty("jdk.module.path");
            if (!Boolean.parseBoolean(System.getProperty("mp4j.aot", "true"))
                    || (modulePath != null && !modulePath.isEmpty())) {
                return disabled(cp);
            }
            try {
                return create(defaultCacheDir(), cp, librarySource());
            } catch (IOException | RuntimeException e) {
                return disabled(cp);
            }
        }
    }

    /** An instance that adds no options and leaves {@code classPath} as it is. */
    static AotCache disabled(String classPath) {
        return new AotCache(classPath, List.of(), null, "");
    }

    /**
     * An instance for a cache folder and class path; see the class comment. Writes the JAR of
     * {@code library} if it is a directory.
     *
     * @param cacheDir the cache folder (its {@code aot} and {@code jars} folders are used)
     * @param classPath a class path as {@code java.class.path}
     * @param library this library's code source: a JAR or a directory on {@code classPath}
     * @return the instance, or a disabled one if the library is not on the class path
     * @throws IOException if the folders or the JAR cannot be made, or the folder is not private
     */
    static AotCache create(Path cacheDir, String classPath, Path library) throws IOException {
        Path libraryPath = library.toAbsolutePath().normalize();
        Files.createDirectories(cacheDir.toAbsolutePath().getParent());
        boolean unix = cacheDir.getFileSystem().supportedFileAttributeViews().contains("unix");
        makeDir(cacheDir, unix);
        int uid = unix ? ownUid(cacheDir) : -1;
        checkPrivate(cacheDir, uid);
        List<Path> jars = new ArrayList<>();
        List<Path> rest = new ArrayList<>();
        Path libraryEntry = null;
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (libraryEntry == null && p.normalize().equals(libraryPath)) {
                if (Files.isDirectory(p)) {
                    p = jarOf(p, checkPrivate(makeDir(cacheDir.resolve("jars"), unix), uid));
                }
                libraryEntry = p;
            }
            (Files.isRegularFile(p) ? jars : rest).add(p);
        }
        if (libraryEntry == null || !jars.contains(libraryEntry)) {
            return disabled(classPath); // the training would not find ChildMain
        }
        List<String> training = new ArrayList<>(jars.size());
        for (Path p : jars) {
            training.add(p.toString());
        }
        List<String> all = new ArrayList<>(training);
        for (Path p : rest) {
            all.add(p.toString());
        }
        Path aotDir = checkPrivate(makeDir(cacheDir.resolve("aot"), unix), uid);
        return new AotCache(String.join(File.pathSeparator, all), training, aotDir, key(training));
    }

    /** The class path children get. */
    public String classPath() {
        return classPath;
    }

    /** The cache file, or null if AOT is off. */
    Path cacheFile() {
        return cacheFile;
    }

    /** The training class path: the JARs that start {@link #classPath()}. */
    List<String> trainingClassPath() {
        return trainingClassPath;
    }

    /**
     * The AOT options for a child with these user options: the cache options if the cache exists,
     * else none, after scheduling the training if it is not scheduled yet. Never blocks.
     */
    public List<String> options(List<String> globalOptions, List<String> processOptions) {
        if (cacheFile == null || conflicts(globalOptions) || conflicts(processOptions)) {
            return List.of();
        }
        if (present || isPresent()) {
            return cacheOptions;
        }
        scheduleTraining();
        return List.of();
    }

    /**
     * Starts the training now unless it has started already or the cache exists; returns at once.
     *
     * @return completed with whether the cache exists, once this JVM's training attempt ended
     *     (at once if AOT is off or the cache exists; false if it failed or another JVM trains)
     */
    public CompletableFuture<Boolean> train() {
        if (cacheFile == null) {
            return CompletableFuture.completedFuture(false);
        }
        if (present || isPresent()) {
            return CompletableFuture.completedFuture(true);
        }
        CompletableFuture<Boolean> future;
        synchronized (trainingLock) {
            if (training == null) {
                training = trained == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(trained);
            }
            future = training;
        }
        if (!launched.get()) {
            Thread.ofPlatform().name("mp4j-aot-training").daemon(true).start(() -> launchSupervisor(true));
        }
        return future;
    }

    /**
     * Arranges for the training to start {@link #TRAINING_DELAY_MILLIS} ms from now or when this JVM
     * exits, whichever comes first: a training run takes 1 to 2 s of CPU, and meanwhile cold starts
     * here took 40% longer, {@code nice} or not. A short program so never competes with it; a
     * long one gets the cache a few seconds in.
     */
    private void scheduleTraining() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            ExitSequence.register(ExitSequence.START_AOT_TRAINING, () -> launchSupervisor(false));
        } catch (IllegalStateException exiting) {
            return; // called from a shutdown hook
        }
        Thread.ofPlatform().name("mp4j-aot-training").daemon(true).start(() -> {
            try {
                Thread.sleep(TRAINING_DELAY_MILLIS); // a delay by design, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
            launchSupervisor(true); // a no-op if the exit action ran it
        });
    }

    private boolean isPresent() {
        if (!Files.isRegularFile(cacheFile)) {
            return false;
        }
        present = true;
        try {
            Files.setLastModifiedTime(cacheFile, FileTime.fromMillis(System.currentTimeMillis())); // for pruning
        } catch (IOException e) {
            // pruning only
        }
        return true;
    }

    /**
     * {@code command} without the cache options this class adds (the pair
     * {@code -XX:AOTCache=<file>} {@value #QUIET}); the user's own options are kept.
     */
    static List<String> withoutCacheOptions(List<String> command) {
        List<String> out = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String o = command.get(i);
            if (o.startsWith(CACHE_OPTION) && i + 1 < command.size() && command.get(i + 1).equals(QUIET)) {
                i++;
            } else {
                out.add(o);
            }
        }
        return out;
    }

    private static boolean conflicts(List<String> options) {
        for (String o : options) {
            for (String c : CONFLICTING) {
                if (o.startsWith(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Starts the supervisor JVM once, unless the cache exists, the key failed before, or another
     * JVM holds the lock; then waits for it if asked to and completes {@link #train()}'s future.
     */
    private void launchSupervisor(boolean wait) {
        if (!launched.compareAndSet(false, true)) {
            return;
        }
        boolean made = false;
        try {
            if (isPresent()) {
                made = true;
            } else if (!Files.exists(aotDir.resolve(key + ".failed")) && !lockedElsewhere()) {
                List<String> command = new ArrayList<>();
                for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
                    if (Files.isExecutable(Path.of(nice))) {
                        command.addAll(List.of(nice, "-n", "19"));
                        break;
                    }
                }
                command.addAll(List.of(JvmCommand.javaExecutable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-XX:-UsePerfData", "-Xmx64m", "-cp", String.join(File.pathSeparator, trainingClassPath),
                        AotCache.class.getName(), aotDir.toString(), key));
                command.addAll(JvmCommand.inheritedOptions()); // the training child runs with them too
                java.lang.Process supervisor = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(aotDir.resolve(key + ".log").toFile()))
                        .start();
                supervisor.getOutputStream().close();
                if (wait) {
                    supervisor.waitFor();
                    made = isPresent();
                }
            }
        } catch (IOException e) {
            // no cache this time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            CompletableFuture<Boolean> future;
            synchronized (trainingLock) {
                trained = made;
                future = training;
            }
            if (future != null) {
                future.complete(made);
            }
        }
    }

    /** Whether another JVM holds the training lock (a cheap check; the supervisor decides). */
    private boolean lockedElsewhere() throws IOException {
        try (FileChannel ch = FileChannel.open(aotDir.resolve(key + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            return lock == null;
        }
    }

    /**
     * The training supervisor: {@code java -cp <training class path> AotCache <aotDir> <key>
     * [option...]}, the options being the ones children inherit from the JVM that wants the cache
     * (they shape the module graph, which the cache records: a cache made without
     * {@code --add-modules} or {@code --add-opens} is refused by a child that has them).
     * Exits 0 when the cache exists, {@value #BUSY} when another JVM is training, 1 on failure.
     */
    public static void main(String[] args) throws Exception {
        System.exit(supervise(Path.of(args[0]), args[1], List.of(args).subList(2, args.length)));
    }

    private static int supervise(Path aotDir, String key, List<String> inherited)
            throws IOException, InterruptedException {
        Path cache = aotDir.resolve(key + ".aot");
        try (FileChannel ch = FileChannel.open(aotDir.resolve(key + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            if (lock == null) {
                return BUSY;
            }
            if (Files.isRegularFile(cache)) {
                return 0;
            }
            List<String> training = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
            if (!key.equals(key(training, inherited))) {
                System.out.println("class path changed since the key was made; not training " + key);
                return 1;
            }
            Path tmp = aotDir.resolve(key + ".aot." + ProcessHandle.current().pid() + ".tmp");
            List<String> command = new ArrayList<>();
            command.add(JvmCommand.javaExecutable());
            command.addAll(JvmCommand.DEFAULT_OPTIONS);
            command.addAll(inherited);
            command.addAll(List.of("-XX:AOTCacheOutput=" + tmp, "-cp", String.join(File.pathSeparator, training),
                    ChildMain.class.getName(), ChildMain.TRAIN_ARG));
            Path log = aotDir.resolve(key + ".log");
            Files.writeString(log, "mp4j AOT training " + Instant.now() + "\n" + String.join(" ", command) + "\n");
            java.lang.Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            p.getOutputStream().close();
            int code = p.waitFor();
            try {
                if (code == 0 && Files.isRegularFile(tmp) && key.equals(key(training, inherited))) {
                    Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(log, "done: " + cache + "\n", StandardOpenOption.APPEND);
                    prune(aotDir, key);
                    return 0;
                }
                Files.writeString(log, "failed: exit code " + code + "\n", StandardOpenOption.APPEND);
                if (code != 0 && code < 128) { // not killed by a signal: it would fail again
                    Files.writeString(aotDir.resolve(key + ".failed"), "exit code " + code + "\n");
                }
                return 1;
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(Path.of(tmp + ".config"));
            }
        }
    }

    /**
     * Deletes the files of all keys but {@code keep}, the {@value #KEEP} most recently used, and
     * those used in the last {@link #PRUNE_GRACE_MILLIS} ms. A key's last use is the newest
     * modification time of its files; a JVM that finds a cache sets it.
     */
    static void prune(Path aotDir, String keep) throws IOException {
        Map<String, List<Path>> byKey = new HashMap<>();
        Map<String, Long> lastUsed = new HashMap<>();
        try (Stream<Path> files = Files.list(aotDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                String k = dot < 0 ? name : name.substring(0, dot);
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(f);
                long t = Files.getLastModifiedTime(f).toMillis();
                lastUsed.merge(k, t, Math::max);
            }
        }
        long young = System.currentTimeMillis() - PRUNE_GRACE_MILLIS;
        List<String> keys = new ArrayList<>(byKey.keySet());
        keys.sort(Comparator.comparing((String k) -> lastUsed.get(k)).reversed());
        for (int i = KEEP; i < keys.size(); i++) {
            String k = keys.get(i);
            if (!k.equals(keep) && lastUsed.get(k) < young) {
                for (Path f : byKey.get(k)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The key of a training class path; see the class comment. */
    static String key(List<String> trainingClassPath) throws IOException {
        return key(trainingClassPath, JvmCommand.inheritedOptions());
    }

    /**
     * The key for a training class path and the options children inherit from this JVM
     * ({@link JvmCommand#inheritedOptions}): a child with other module options could not use the cache.
     */
    static String key(List<String> trainingClassPath, List<String> inheritedOptions) throws IOException {
        Hash h = new Hash().add("mp4j-aot-1").add(System.getProperty("java.home"))
                .add(System.getProperty("java.vm.version"));
        for (String entry : trainingClassPath) {
            Path p = Path.of(entry);
            h.add(entry).add(Files.size(p)).add(Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS));
        }
        for (String o : JvmCommand.DEFAULT_OPTIONS) {
            h.add(o);
        }
        h.add("inherited");
        for (String o : inheritedOptions) {
            h.add(o);
        }
        return h.hex();
    }

    /**
     * The JAR of a class directory, in {@code jarDir}, named by a hash of the directory's file
     * names, sizes and times; made if missing. Entries are sorted and stamped with the newest
     * file's time, which is also the JAR's modification time, so equal directories give equal JARs.
     */
    static Path jarOf(Path dir, Path jarDir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> !p.equals(dir)).sorted(Comparator.comparing(p -> entryName(dir, p))).toList();
        }
        Hash h = new Hash();
        long newest = 0;
        for (Path f : files) {
            h.add(entryName(dir, f));
            if (Files.isRegularFile(f)) {
                FileTime t = Files.getLastModifiedTime(f);
                newest = Math.max(newest, t.toMillis());
                h.add(Files.size(f)).add(t.to(TimeUnit.NANOSECONDS));
            }
        }
        Path jar = jarDir.resolve("mp4j-classes-" + h.hex() + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path tmp = newTempFile(jarDir, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out)) {
                for (Path f : files) {
                    boolean isDir = Files.isDirectory(f);
                    JarEntry e = new JarEntry(entryName(dir, f) + (isDir ? "/" : ""));
                    e.setTime(newest);
                    jos.putNextEntry(e);
                    if (!isDir) {
                        Files.copy(f, jos);
                    }
                    jos.closeEntry();
                }
            }
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(newest));
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return jar;
    }

    private static String entryName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(File.separatorChar, '/');
    }

    /** The cache folder: {@code mp4j.cache.dir}, else the XDG cache folder's {@code multiprocessing4j}. */
    static Path defaultCacheDir() {
        String dir = System.getProperty("mp4j.cache.dir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "multiprocessing4j");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "multiprocessing4j");
    }

    /** Where this library's classes come from: a JAR or a directory. */
    static Path librarySource() {
        CodeSource source = ChildMain.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("no code source for " + ChildMain.class);
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes {@code dir} unless it exists: owner-only where the file system has Unix attributes. */
    private static Path makeDir(Path dir, boolean unix) throws IOException {
        try {
            if (unix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // checked by checkPrivate
        }
        return dir;
    }

    /**
     * Checks that {@code dir} is private: owned by {@code uid} and writable by no one else. A cache
     * is code; another user's must never be loaded.
     *
     * @param uid this process's user id, or -1 where the file system has no Unix attributes
     */
    private static Path checkPrivate(Path dir, int uid) throws IOException {
        if (uid >= 0) {
            Map<String, Object> unix = Files.readAttributes(dir, "unix:uid,mode");
            int mode = (Integer) unix.get("mode");
            if ((mode & 0_022) != 0) {
                throw new IOException(dir + " is writable by others: mode " + Integer.toOctalString(mode));
            }
            if ((Integer) unix.get("uid") != uid) {
                throw new IOException(dir + " belongs to uid " + unix.get("uid") + ", not " + uid);
            }
        }
        return dir;
    }

    /**
     * This process's user id: the owner of a file it creates in {@code dir}. (Reading the uid avoids
     * {@code Files.getOwner}'s user-name lookup.)
     */
    private static int ownUid(Path dir) throws IOException {
        Path probe = newTempFile(dir, ".probe");
        try {
            return (Integer) Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * A new empty file in {@code dir}, readable by its owner only where POSIX. (Not
     * {@code Files.createTempFile}: its {@code SecureRandom} costs milliseconds on a cold JVM.)
     */
    private static Path newTempFile(Path dir, String suffix) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("unix");
        for (int attempt = 0; ; attempt++) {
            Path f = dir.resolve("tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + suffix);
            try {
                return posix
                        ? Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(f);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * A hash of strings and numbers: two 64-bit FNV-1a-style lanes with different bases and
     * primes, each finished by the SplitMix64 mixer, of which {@link #hex} keeps 96 bits. Not
     * cryptographic: keys and names need only be free of accidental collisions (the cache folder
     * is private), and {@code MessageDigest}'s provider set-up would cost some 15 ms on the first
     * start of a program.
     */
    static final class Hash {
        private long a = 0xcbf29ce484222325L;
        private long b = 0x6c62272e07bb0142L;

        Hash add(String s) {
            for (int i = 0; i < s.length(); i++) {
                mix(s.charAt(i));
            }
            mix(0x10000); // a separator no char equals
            return this;
        }

        Hash add(long n) {
            return add(Long.toString(n));
        }

        private void mix(int c) {
            a = (a ^ c) * 0x100000001b3L;
            b = (b ^ c) * 0x0000000100000193L + 0x9E3779B97F4A7C15L;
        }

        /** 24 hex digits (96 bits). */
        String hex() {
            return (HexFormat.of().toHexDigits(finish(a)) + HexFormat.of().toHexDigits(finish(b))).substring(0, 24);
        }

        private static long finish(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }

    @Override
    public String toString() {
        return cacheFile == null ? "AotCache[off]" : "AotCache[" + cacheFile + (present ? "" : ", absent") + "]";
    }
}
