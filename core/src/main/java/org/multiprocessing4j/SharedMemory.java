package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.UserSegments;

/**
 * A block of raw shared memory with a name, as Python's
 * {@code multiprocessing.shared_memory.SharedMemory}: one process creates it, any process attaches
 * it by name, and each sees the same bytes through a {@link MemorySegment} or a {@link ByteBuffer}.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create(1024)) {     // Python: SharedMemory(create=True, size=1024)
 *     shm.segment().set(ValueLayout.JAVA_INT, 0, 42);
 *     String name = shm.name();
 *     Process p = new Process(() -> {
 *         try (SharedMemory other = SharedMemory.attach(name)) {   // Python: SharedMemory(name)
 *             System.out.println(other.segment().get(ValueLayout.JAVA_INT, 0));   // 42
 *         }
 *     });
 *     p.start();
 *     p.join();
 *     shm.unlink();
 * }
 * }</pre>
 *
 * <h2>Names</h2>
 * A name is 1 to 200 characters of letters, digits, {@code '_'}, {@code '.'} and {@code '-'};
 * {@link #create(long)} generates one. The file is {@code /dev/shm/mp4j-<name>} on Linux, else
 * {@code mp4j-<name>} in the platform's private segment folder (see
 * {@link Multiprocessing#platform()}); a name that already starts with {@code mp4j-} is used as
 * is; mode 0600. {@link #name()} returns the name
 * as given or generated; pass it to {@link #attach(String)}.
 *
 * <h2>Lifetime</h2>
 * As in CPython, {@link #close()} unmaps the memory from this object and {@link #unlink()} removes
 * the name (processes that attached keep their mapping); call {@code unlink()} once, from one
 * process, when no process needs to attach any more. Unlike CPython, whose resource tracker lives
 * as long as the whole program, the memory a process created is unlinked when <em>that</em>
 * process exits (closed or not), so a child's memory does not outlive the child. Memory that a
 * killed process left behind is removed by the next sweep (see {@code SharedSegments}).
 *
 * <h2>Closing</h2>
 * After {@link #close()}, {@link #segment()} and {@link #buffer()} throw
 * {@link IllegalStateException}; views obtained earlier throw {@link IllegalStateException} when
 * accessed (never a crash) once every {@code SharedMemory} of this process for the same name is
 * closed, since a name is mapped once per process. {@code close()} is idempotent.
 *
 * <h2>Concurrency</h2>
 * The bytes are plain shared memory: no access is synchronized. Use the {@code MemorySegment}'s
 * var handles ({@code ValueLayout.JAVA_INT.varHandle()}) for volatile and atomic access, or a
 * {@link Lock}. A {@code SharedMemory} object may be used by several threads; closing it while
 * another thread accesses a view makes that access throw.
 *
 * <p>It is {@link Serializable} by name: a copy sent to another process attaches there.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient String name;
    private final transient SharedSegment segment;
    /** Set once by {@link #close()}. */
    private transient volatile boolean closed;

    private SharedMemory(String name, SharedSegment segment) {
        this.name = name;
        this.segment = segment;
    }

    /**
     * Creates shared memory of {@code size} zeroed bytes under a generated name.
     *
     * @param size the size in bytes, 1 or more
     * @return the new segment, mapped; close it, and {@code unlink()} it once no process needs it
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws IllegalStateException if there is not enough free space in {@code /dev/shm}
     */
    public static SharedMemory create(long size) {
        checkSize(size);
        SharedSegment s = UserSegments.create(null, size);
        return new SharedMemory(s.name(), s);
    }

    /**
     * Creates shared memory of {@code size} zeroed bytes named {@code name}.
     *
     * @param name the segment's name, as in {@code /dev/shm} (without a leading slash)
     * @param size the size in bytes, 1 or more
     * @return the new segment, mapped; close it, and {@code unlink()} it once no process needs it
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code size} is not positive, or the name is not 1 to 200
     *     characters of {@code [A-Za-z0-9_.-]}
     * @throws IllegalStateException if the name is in use (CPython's {@code FileExistsError}), or
     *     there is not enough free space in {@code /dev/shm}
     */
    public static SharedMemory create(String name, long size) {
        Objects.requireNonNull(name, "name");
        checkSize(size);
        return new SharedMemory(name, UserSegments.create(name, size));
    }

    /**
     * Attaches the shared memory named {@code name}.
     *
     * @param name the segment's name, as in {@code /dev/shm} (without a leading slash)
     * @return a new mapping of the existing segment; close it when done
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is not 1 to 200 characters of {@code [A-Za-z0-9_.-]}
     * @throws java.util.NoSuchElementException if there is no shared memory of that name (CPython's
     *     {@code FileNotFoundError}): never created, unlinked, or its creator exited
     * @throws IllegalStateException if the file is not shared memory of this library
     */
    public static SharedMemory attach(String name) {
        return new SharedMemory(name, UserSegments.attach(name));
    }

    private static void checkSize(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size=" + size + " must be > 0");
        }
    }

    /**
     * The name, as given to {@code create}/{@code attach} or generated.
     *
     * @return the name, as given to {@code create}/{@code attach} or generated
     */
    public String name() {
        return name;
    }

    /**
     * The size in bytes, as created.
     *
     * @return the size in bytes, as created
     */
    public long size() {
        return segment.dataLength();
    }

    /**
     * The memory: Python's {@code shm.buf}, as a {@link MemorySegment} of {@link #size()} bytes.
     *
     * @return the memory
     * @throws IllegalStateException if this object is closed
     */
    public MemorySegment segment() {
        checkOpen();
        return segment.data();
    }

    /**
     * The memory as a {@link ByteBuffer} in native byte order (so that {@code buffer().getInt(0)}
     * equals {@code segment().get(ValueLayout.JAVA_INT, 0)}); a new buffer at each call, position 0.
     *
     * @return the memory as a {@link ByteBuffer} in native byte order (so that {@code
     *     buffer().getInt(0)} equals {@code segment().get(ValueLayout.JAVA_INT, 0)}); a new buffer
     *     at each call, position 0
     * @throws IllegalStateException if this object is closed
     * @throws UnsupportedOperationException if {@link #size()} exceeds {@code Integer.MAX_VALUE}
     *     (use {@link #segment()})
     */
    public ByteBuffer buffer() {
        return segment().asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * Whether {@link #close()} was called on this object.
     *
     * @return whether {@link #close()} was called on this object
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unmaps the memory from this object (from this process once all its objects for the name are
     * closed). Does not remove the name: see {@link #unlink()}. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        UserSegments.release(segment);
    }

    /**
     * Removes the name, so that it can no longer be attached (and may be created again); the
     * memory lives on in the processes that have it mapped. Allowed after {@link #close()};
     * idempotent (CPython raises {@code FileNotFoundError} the second time).
     */
    public void unlink() {
        segment.unlink();
        UserSegments.unlinked(segment);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SharedMemory name=" + name + " is closed");
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[name=" + name + ", size=" + size() + (closed ? ", closed]" : "]");
    }

    /**
     * The serialized form: a handle that deserializes into a segment on the same shared object.
     *
     * @return the handle to serialize in this segment's place
     */
    @Serial
    private Object writeReplace() {
        return new Handle(name);
    }

    /**
     * The serialized form: the name.
     *
     * @param name the segment's name, as in {@code /dev/shm} (without a leading slash)
     */
    private record Handle(String name) implements Serializable {
        @Serial
        private Object readResolve() {
            return attach(name);
        }
    }
}
