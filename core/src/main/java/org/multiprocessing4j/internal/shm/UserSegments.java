package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.multiprocessing4j.internal.runtime.ExitSequence;

/**
 * The segments behind {@link org.multiprocessing4j.SharedMemory} and {@link org.multiprocessing4j.ShareableList}, which the user opens and
 * closes: {@link SharedSegments} maps a name once per process, so the mapping is counted here and
 * unmapped when the last object of this process that uses it is closed.
 *
 * <p>{@code SharedSegments} unlinks at exit the segments this process created and still maps; a
 * created segment closed before exit without {@code unlink()} is remembered here and unlinked at
 * exit too, so that closing never leaks a file.
 *
 * <p>Thread-safety: all state is guarded by the class lock.
 */
public final class UserSegments {
    private static final Map<SharedSegment, Integer> OPEN = new HashMap<>(); // guarded by UserSegments.class
    private static final Set<SharedSegment> CLOSED_CREATED = new HashSet<>(); // guarded by UserSegments.class
    private static boolean exitHooked;                                       // guarded by UserSegments.class

    private UserSegments() {}

    /**
     * Creates a segment of {@code dataLength} zeroed bytes named {@code name} (null: generated).
     *
     * @throws IllegalArgumentException if the name is not 1 to 200 of {@code [A-Za-z0-9_.-]}
     * @throws IllegalStateException if the name is in use, or there is no space
     */
    public static synchronized SharedSegment create(String name, long dataLength) {
        SharedSegment s = name == null ? SharedSegments.create(dataLength) : SharedSegments.createNamed(name, dataLength);
        OPEN.merge(s, 1, Integer::sum);
        return s;
    }

    /**
     * Attaches the segment named {@code name}.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is not 1 to 200 of {@code [A-Za-z0-9_.-]}
     * @throws java.util.NoSuchElementException if there is no such segment
     */
    public static synchronized SharedSegment attach(String name) {
        Objects.requireNonNull(name, "name");
        SharedSegment s = SharedSegments.attach(name);
        if (!s.isLinked()) {
            // SharedSegments keeps one mapping per name and process; this one was unlinked since.
            throw new NoSuchElementException("no shared memory named " + name + " in " + SharedSegments.directory()
                    + " (it was unlinked)");
        }
        OPEN.merge(s, 1, Integer::sum);
        return s;
    }

    /** Ends one use of {@code s}; the last one in this process unmaps it. */
    public static synchronized void release(SharedSegment s) {
        Integer n = OPEN.get(s);
        if (n == null) {
            return;
        }
        if (n > 1) {
            OPEN.put(s, n - 1);
            return;
        }
        OPEN.remove(s);
        if (s.created() && s.isLinked()) {
            CLOSED_CREATED.add(s);
            if (!exitHooked) {
                exitHooked = true;
                ExitSequence.register(ExitSequence.RELEASE_SHARED_MEMORY, UserSegments::unlinkClosedCreated);
            }
        }
        SharedSegments.close(s);
    }

    /** Forgets a created segment that was unlinked, so it is not unlinked again at exit. */
    public static synchronized void unlinked(SharedSegment s) {
        CLOSED_CREATED.remove(s);
    }

    private static synchronized void unlinkClosedCreated() {
        for (SharedSegment s : CLOSED_CREATED) {
            if (stillOurs(s.name())) {
                s.unlink();
            }
        }
        CLOSED_CREATED.clear();
    }

    /** Whether the file {@code name} is still the one this process created (not a namesake made since). */
    private static boolean stillOurs(String name) {
        ByteBuffer header = ByteBuffer.allocate(SegmentHeader.DATA_LENGTH_OFFSET).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(SharedSegments.directory().resolve(name), StandardOpenOption.READ)) {
            ch.read(header, 0);
            return header.position() == header.capacity()
                    && header.getLong(SegmentHeader.OWNER_PID_OFFSET) == ProcessIdentity.pid()
                    && header.getLong(SegmentHeader.OWNER_START_OFFSET) == ProcessIdentity.startTicks();
        } catch (IOException e) {
            return false; // gone already, or unreadable
        }
    }
}
