package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import org.multiprocessing4j.internal.platform.PrivateFolder;

/**
 * One file under the shared-memory folder ({@code /dev/shm} on Linux), mapped into this process: a
 * {@link SegmentHeader} followed by the data of one shared object.
 *
 * <p>Creation: the file is created exclusively, owner-only (mode 0600 where there are POSIX modes), filled with zeros (so that running
 * out of space is an {@link IllegalStateException} now, never a SIGBUS later), mapped, and the
 * header written; the version last, with release ordering. Attaching maps the file and waits
 * briefly for a non-zero version.
 *
 * <p>Lifetime: {@link #unlink()} removes the name (mappings stay valid); {@link #close()} unmaps
 * it from this process, after which accessing {@link #data()} throws {@link IllegalStateException}
 * rather than crashing. {@link SharedSegments} unlinks the segments a process created when it exits.
 */
public final class SharedSegment {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final byte[] ZEROS = new byte[1 << 16];

    private final String name;
    private final Path path;
    private final Arena arena;
    private final MemorySegment whole;
    private final MemorySegment data;
    private final boolean created;

    private SharedSegment(String name, Path path, Arena arena, MemorySegment whole, boolean created) {
        this.name = name;
        this.path = path;
        this.arena = arena;
        this.whole = whole;
        this.data = whole.asSlice(SegmentHeader.LENGTH, whole.get(ValueLayout.JAVA_LONG, SegmentHeader.DATA_LENGTH_OFFSET));
        this.created = created;
    }

    /**
     * Creates the file {@code dir/name} with {@code dataLength} bytes of data, zero-filled.
     *
     * @throws IllegalStateException if the name exists, or there is no space for it
     */
    static SharedSegment create(Path dir, String name, long dataLength) {
        return create(dir, name, dataLength, ProcessIdentity.pid(), ProcessIdentity.startTicks());
    }

    /**
     * As {@link #create(Path, String, long)}, with the header naming another process as the owner:
     * the sweep then ties the segment's life to that process (used for the chunks of a channel,
     * which any writer creates but the channel's creator owns).
     */
    static SharedSegment create(Path dir, String name, long dataLength, long ownerPid, long ownerStart) {
        // File channels are interruptible: an interrupted caller would get its channel closed.
        boolean interrupted = Thread.interrupted();
        try {
            return doCreate(dir, name, dataLength, ownerPid, ownerStart);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SharedSegment doCreate(Path dir, String name, long dataLength, long ownerPid, long ownerStart) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("size=" + dataLength + " must be >= 0");
        }
        Path path = dir.resolve(name);
        long fileLength = SegmentHeader.LENGTH + dataLength;
        FileChannel channel;
        try {
            channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PrivateFolder.ownerOnlyFile());
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("shared memory name=" + name + " already exists in " + dir, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create shared memory " + path + ": " + e.getMessage(), e);
        }
        Arena arena = Arena.ofShared();
        try (channel) {
            fill(channel, fileLength, path);
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength, arena);
            whole.set(ValueLayout.JAVA_INT, SegmentHeader.MAGIC_OFFSET, SegmentHeader.MAGIC);
            whole.set(ValueLayout.JAVA_LONG, SegmentHeader.OWNER_PID_OFFSET, ownerPid);
            whole.set(ValueLayout.JAVA_LONG, SegmentHeader.OWNER_START_OFFSET, ownerStart);
            whole.set(ValueLayout.JAVA_LONG, SegmentHeader.DATA_LENGTH_OFFSET, dataLength);
            INT.setRelease(whole, (long) SegmentHeader.VERSION_OFFSET, SegmentHeader.VERSION);
            return new SharedSegment(name, path, arena, whole, ownerPid == ProcessIdentity.pid());
        } catch (IOException | RuntimeException e) {
            arena.close();
            deleteQuietly(path);
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot map shared memory " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Maps the existing file {@code dir/name}.
     *
     * @throws java.util.NoSuchElementException if there is no such segment
     * @throws IllegalStateException if the file is not a segment of this library
     */
    static SharedSegment attach(Path dir, String name) {
        boolean interrupted = Thread.interrupted();
        try {
            return doAttach(dir, name);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SharedSegment doAttach(Path dir, String name) {
        Path path = dir.resolve(name);
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < SegmentHeader.LENGTH) {
                throw new IllegalStateException("file " + path + " (size=" + size + ") is not a multiprocessing4j segment");
            }
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            awaitVersion(whole, path);
            if (whole.get(ValueLayout.JAVA_INT, SegmentHeader.MAGIC_OFFSET) != SegmentHeader.MAGIC) {
                throw new IllegalStateException("file " + path + " is not a multiprocessing4j segment (bad magic)");
            }
            return new SharedSegment(name, path, arena, whole, false);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new java.util.NoSuchElementException("no shared memory named " + name + " in " + dir
                    + " (it was unlinked, or its creating process exited)");
        } catch (IOException e) {
            arena.close();
            throw new IllegalStateException("cannot attach shared memory " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static void awaitVersion(MemorySegment whole, Path path) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((int) INT.getAcquire(whole, (long) SegmentHeader.VERSION_OFFSET) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("segment " + path + " was never finished by its creator");
            }
            Thread.onSpinWait();
        }
        int version = (int) INT.getAcquire(whole, (long) SegmentHeader.VERSION_OFFSET);
        if (version != SegmentHeader.VERSION) {
            throw new IllegalStateException("segment " + path + " has layout version=" + version
                    + " but this library reads version=" + SegmentHeader.VERSION);
        }
    }

    private static void fill(FileChannel channel, long length, Path path) throws IOException {
        long free = Files.getFileStore(path).getUsableSpace();
        long reserve = SharedSegments.reserve();
        if (length > free - reserve) {
            throw new IllegalStateException(noSpace(path, length, free, reserve > 0
                    ? "not enough free space beyond the -Dmp4j.shm.reserve=" + reserve + " bytes kept free"
                    : "not enough free space"));
        }
        long written = 0;
        try {
            while (written < length) {
                int n = (int) Math.min(ZEROS.length, length - written);
                written += channel.write(ByteBuffer.wrap(ZEROS, 0, n), written);
            }
        } catch (IOException e) {
            throw new IllegalStateException(noSpace(path, length, free, String.valueOf(e)), e);
        }
    }

    private static String noSpace(Path path, long length, long free, String why) {
        return "cannot allocate " + length + " bytes of shared memory for " + path + ": " + why + " (usable="
                + free + " bytes in " + path.getParent() + "; a container's /dev/shm is often 64 MB:"
                + " enlarge it, e.g. docker run --shm-size=1g)";
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }

    /** The file name, e.g. {@code mp4j-1234-5678-1}. */
    public String name() {
        return name;
    }

    /** The data, after the header. */
    public MemorySegment data() {
        return data;
    }

    /** The number of data bytes. */
    public long dataLength() {
        return data.byteSize();
    }

    /** Whether this process created the segment (and so unlinks it at exit). */
    public boolean created() {
        return created;
    }

    /** The pid of the owning process, from the header. */
    public long ownerPid() {
        return whole.get(ValueLayout.JAVA_LONG, SegmentHeader.OWNER_PID_OFFSET);
    }

    /** The start ticks of the owning process, from the header. */
    public long ownerStart() {
        return whole.get(ValueLayout.JAVA_LONG, SegmentHeader.OWNER_START_OFFSET);
    }

    /** Removes the name from the file system; mappings stay valid. Idempotent. */
    public void unlink() {
        deleteQuietly(path);
    }

    /** Whether the name still exists. */
    public boolean isLinked() {
        return Files.exists(path);
    }

    /** Unmaps the segment from this process; afterwards {@link #data()} cannot be accessed. */
    void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "SharedSegment[" + name + ", " + dataLength() + " bytes]";
    }
}
