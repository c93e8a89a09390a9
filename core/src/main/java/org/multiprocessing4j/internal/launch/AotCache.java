package org.multiprocessing4j.internal.launch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.multiprocessing4j.internal.runtime.ExitSequence;

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
 *       if this library's code source (where {@code ChildMain} comes from) is a directory, it is
 *       replaced by a JAR of it in {@code <cacheDir>/jars}, named by a hash of its files' names,
 *       sizes and modification times (written to a temporary file, then moved into place; its
 *       entries and modification time are deterministic, so a rebuilt JAR equals the old one);
 *       then the JARs come first, in their original order, and the directories (and entries that
 *       do not exist) after them, in their original order. Entries are made absolute. <b>This
 *       reordering can change which class wins when a directory and a JAR both hold a class of the
 *       same name</b>; with AOT off ({@code -Dmp4j.aot=false}) the class path is passed unchanged.
 *       The JARs are the <em>training class path</em>; if it does not contain this library, AOT
 *       is off. ({@link AotClassPath})
 *   <li><b>Key.</b> A 96-bit hash (24 hex digits, see {@link AotKey}) of {@code java.home},
 *       {@code java.vm.version}, each training class path entry with its size and modification
 *       time, {@link JvmCommand#DEFAULT_OPTIONS} and the options children inherit. The cache is
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
 *       <em>supervisor</em> JVM ({@link AotSupervisor}, on the training class path); no {@code start()}
 *       ever waits for it. The supervisor takes a {@link FileLock} on {@code <key>.lock} (if
 *       another JVM holds it, that one is training, and it gives up), runs
 *       {@code java <DEFAULT_OPTIONS> -XX:AOTCacheOutput=<tmp> -cp <training class path>
 *       ChildMain --train} (a child's work on a no-op task, see {@code ChildMain}) with its output
 *       in {@code <key>.log}, and when that exits 0 with the file written, and the JARs are
 *       unchanged, moves the file to {@code <key>.aot} atomically. The supervisor outlives the
 *       program that launched it, so the cache is made even when that program has exited.
 *       Children started after the move use the cache; spares started before stay in use (see
 *       {@link SpareJvms}). A training that fails leaves {@code <key>.failed} and the key is not
 *       trained again (delete the file to retry).
 *   <li><b>Pruning.</b> A JVM that finds a cache sets its modification time; after each
 *       training the supervisor deletes the files of all but the {@value AotSupervisor#KEEP} most recently
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
    /** How long after the first child command the training starts, unless this JVM exits first. */
    static final long TRAINING_DELAY_MILLIS = 5_000;

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
        Files.createDirectories(cacheDir.toAbsolutePath().getParent());
        boolean unix = cacheDir.getFileSystem().supportedFileAttributeViews().contains("unix");
        makeDir(cacheDir, unix);
        int uid = unix ? ownUid(cacheDir) : -1;
        checkPrivate(cacheDir, uid);
        AotClassPath.Arranged arranged = AotClassPath.arrange(classPath, library,
                () -> checkPrivate(makeDir(cacheDir.resolve("jars"), unix), uid));
        if (arranged == null) {
            return disabled(classPath); // the training would not find ChildMain
        }
        Path aotDir = checkPrivate(makeDir(cacheDir.resolve("aot"), unix), uid);
        return new AotCache(arranged.classPath(), arranged.training(), aotDir, AotKey.key(arranged.training()));
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
            ExitSequence.preload(AotSupervisor.class); // the exit action may run after its loader closed
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
                java.lang.Process supervisor = AotSupervisor.start(trainingClassPath, aotDir, key);
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
        CodeSource source = JvmCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("no code source for " + JvmCommand.class);
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
        Path probe = AotClassPath.newTempFile(dir, ".probe");
        try {
            return (Integer) Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    @Override
    public String toString() {
        return cacheFile == null ? "AotCache[off]" : "AotCache[" + cacheFile + (present ? "" : ", absent") + "]";
    }
}
