package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.Platforms;
import org.multiprocessing4j.internal.runtime.ExitSequence;

/**
 * This process's shared-memory segments: creating them under unique names, attaching by name (a
 * name is mapped once per process), unlinking the ones it created when it exits, and sweeping
 * the segments whose creator died without unlinking them.
 *
 * <p>Names: {@code mp4j-<pid>-<start>-<n>} for objects of this library, {@code mp4j-<user name>}
 * for named {@code SharedMemory}. The folder is the {@link Platform}'s ({@code /dev/shm} on Linux, a
 * private per-user folder elsewhere), or the system property {@code mp4j.shm.dir}.
 *
 * <p>A process unlinks the segments it owns when it exits; if it dies without doing so (kill -9),
 * its {@link ResourceTracker} does, at once. Sweeping, the fallback: a segment whose header
 * names an owner that is no longer running (pid and start time) is unlinked. A sweep runs in the
 * background when a process creates its first segment, and when a child of it died by a signal;
 * {@link #sweep()} runs one now.
 */
public final class SharedSegments {
    /** The prefix of every file this library creates. */
    public static final String PREFIX = "mp4j-";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    /** A segment without a finished header this old is a crashed creation. */
    private static final long UNFINISHED_GRACE_MILLIS = 10_000;

    private static final Path DIR = Platforms.CURRENT.segmentFolder();
    private static final Map<String, SharedSegment> MAPPED = new ConcurrentHashMap<>();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private SharedSegments() {}

    /** The folder segments live in. */
    public static Path directory() {
        return DIR;
    }

    /**
     * The bytes this user can still allocate in {@link #directory()} (a {@code statvfs}).
     *
     * @throws IllegalStateException if the folder cannot be asked
     */
    public static long usableSpace() {
        try {
            return java.nio.file.Files.getFileStore(DIR).getUsableSpace();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the free space of " + DIR + ": " + e, e);
        }
    }

    /**
     * The bytes of {@link #directory()} that a large message leaves free: {@code -Dmp4j.shm.reserve}
     * (0 unless set), read at each check so that a program can change it while it runs. Other
     * programs share that memory; a reserve keeps this one from taking the last of it.
     */
    public static long reserve() {
        return Math.max(0, Long.getLong("mp4j.shm.reserve", 0));
    }

    /** Creates a segment for an object of this library, with {@code dataLength} zeroed bytes. */
    public static SharedSegment create(long dataLength) {
        String name = PREFIX + ProcessIdentity.pid() + "-" + Long.toString(ProcessIdentity.startTicks(), 36) + "-"
                + COUNTER.incrementAndGet();
        return register(SharedSegment.create(DIR, name, dataLength));
    }

    /**
     * Creates a segment with a user's name.
     *
     * @throws IllegalArgumentException if the name is not 1 to 200 of {@code [A-Za-z0-9_.-]}
     * @throws IllegalStateException if the name is in use
     */
    public static SharedSegment createNamed(String userName, long dataLength) {
        SharedSegment segment = register(SharedSegment.create(DIR, fileName(userName), dataLength));
        ResourceTracker.trackSegment(segment.name());
        return segment;
    }

    /**
     * Creates (or, if another process created it first, attaches) the segment {@code name}, owned
     * by the process {@code ownerPid}/{@code ownerStart}; not cached: the caller maps and unmaps
     * such segments itself (the chunks of a channel).
     *
     * @throws IllegalStateException if the owner has exited: its tracker may have removed what it
     *     owned already, so nothing would remove a file made for it now (it is not made)
     */
    public static SharedSegment createOrAttachOwnedBy(String name, long dataLength, long ownerPid, long ownerStart) {
        SharedSegment s;
        try {
            s = SharedSegment.create(DIR, name, dataLength, ownerPid, ownerStart);
        } catch (IllegalStateException e) {
            if (Files.exists(DIR.resolve(name))) {
                return SharedSegment.attach(DIR, name);
            }
            throw e;
        }
        // Checked after the file exists: an owner alive now will have its tracker remove it.
        if (ownerPid != ProcessIdentity.pid() && !ProcessIdentity.isAlive(ownerPid, ownerStart)) {
            s.close();
            unlink(name);
            throw new IllegalStateException("shared memory " + name + " belongs to process pid=" + ownerPid
                    + ", which has exited: the queue or object it made went with it; make it in a process"
                    + " that outlives its users");
        }
        startTracking(ownerPid == ProcessIdentity.pid()); // another owner's tracker removes it, not this one's
        return s;
    }

    /** Maps {@code name} without caching it; the caller unmaps it with {@link #unmap}. */
    public static SharedSegment attachUncached(String name) {
        return SharedSegment.attach(DIR, name);
    }

    /** Unmaps a segment mapped by {@link #createOrAttachOwnedBy} or {@link #attachUncached}. */
    public static void unmap(SharedSegment segment) {
        segment.close();
    }

    /** Unlinks the segment file {@code name} if it exists. */
    public static void unlink(String name) {
        SharedSegment.deleteQuietly(DIR.resolve(name));
    }

    /** Unlinks every segment whose name starts with {@code prefix} (the chunks of a channel). */
    public static void unlinkAll(String prefix) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, prefix + "*")) {
            for (Path p : files) {
                SharedSegment.deleteQuietly(p);
            }
        } catch (IOException e) {
            // nothing to unlink
        }
    }

    /**
     * The segment named {@code name} (a file name, or a user's name), mapped once per process.
     *
     * @throws java.util.NoSuchElementException if there is no such segment
     */
    public static SharedSegment attach(String name) {
        String file = fileName(name);
        SharedSegment s = MAPPED.get(file);
        if (s != null) {
            return s;
        }
        return MAPPED.computeIfAbsent(file, f -> SharedSegment.attach(DIR, f));
    }

    /** Unmaps a segment from this process and forgets it. */
    public static void close(SharedSegment segment) {
        MAPPED.remove(segment.name(), segment);
        segment.close();
    }

    /** The file name for a user's name: the name itself if it has the prefix, else prefixed. */
    public static String fileName(String name) {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("shared memory name=" + name
                    + " must be 1 to 200 characters of letters, digits, '_', '.', '-'");
        }
        return name.startsWith(PREFIX) ? name : PREFIX + name;
    }

    private static SharedSegment register(SharedSegment segment) {
        MAPPED.put(segment.name(), segment);
        startTracking(true);
        return segment;
    }

    /** Whether this process asked for its {@link ResourceTracker} (see {@link #startTracking}). */
    private static final java.util.concurrent.atomic.AtomicBoolean TRACKED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Registers the exit action and runs the first sweep, once; with {@code owns} (this process
     * made a segment it owns), also starts the {@link ResourceTracker}, which a process that only
     * writes into others' channels does not need.
     */
    private static void startTracking(boolean owns) {
        if (STARTED.compareAndSet(false, true)) {
            ExitSequence.register(ExitSequence.RELEASE_SHARED_MEMORY, SharedSegments::unlinkCreated);
            sweepInBackground();
        }
        if (owns && !TRACKED.get() && TRACKED.compareAndSet(false, true)) {
            ResourceTracker.ensureStarted();
        }
    }

    /** Names whose files, and every file starting with them followed by '-', go at exit. */
    private static final java.util.Set<String> OWNED_PREFIXES = ConcurrentHashMap.newKeySet();

    /** At exit, also unlink the files named {@code prefix + "*"} (a channel's chunks). */
    public static void unlinkAtExit(String prefix) {
        OWNED_PREFIXES.add(prefix);
        startTracking(true);
    }

    /** Undoes {@link #unlinkAtExit}: the files were unlinked already (a destroyed channel's). */
    public static void forgetAtExit(String prefix) {
        OWNED_PREFIXES.remove(prefix);
    }

    private static void unlinkCreated() {
        for (SharedSegment s : MAPPED.values()) {
            if (s.created()) {
                s.unlink();
            }
        }
        OWNED_PREFIXES.forEach(SharedSegments::unlinkAll);
    }

    /** Starts a sweep on a daemon thread. */
    public static void sweepInBackground() {
        Thread.ofPlatform().name("mp4j-shm-sweep").daemon(true).start(SharedSegments::sweep);
    }

    /**
     * Unlinks every segment whose creator is no longer running.
     *
     * @return the names unlinked
     */
    public static List<String> sweep() {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, PREFIX + "*")) {
            for (Path p : files) {
                if (isOrphan(p)) {
                    SharedSegment.deleteQuietly(p);
                    removed.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // the folder is unreadable: nothing to sweep
        }
        return removed;
    }

    private static boolean isOrphan(Path p) {
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.read(header, 0);
            header.flip();
            if (header.remaining() < 32 || header.getInt(SegmentHeader.VERSION_OFFSET) == 0) {
                FileTime modified = Files.getLastModifiedTime(p);
                return System.currentTimeMillis() - modified.toMillis() > UNFINISHED_GRACE_MILLIS;
            }
            if (header.getInt(SegmentHeader.MAGIC_OFFSET) != SegmentHeader.MAGIC) {
                return false; // not ours after all
            }
            long pid = header.getLong(SegmentHeader.OWNER_PID_OFFSET);
            long start = header.getLong(SegmentHeader.OWNER_START_OFFSET);
            return !ProcessIdentity.isAlive(pid, start);
        } catch (IOException e) {
            return false; // vanished or unreadable: not ours to judge
        }
    }
}
