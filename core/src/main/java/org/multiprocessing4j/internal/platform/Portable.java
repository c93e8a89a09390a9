package org.multiprocessing4j.internal.platform;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * The fallback that needs no native call: segments are memory-mapped files in a private per-user
 * folder ({@link PrivateFolder}), waits are {@link PollingWait}'s bounded polling, identity is
 * {@link HandleIdentity}'s {@code ProcessHandle}. Selected where nothing better exists, or with
 * {@code -Dmp4j.platform=portable} anywhere (the way this layer is tested on Linux).
 *
 * <p>The folder is on an ordinary file system rather than a RAM disk: pages of a mapped file are
 * written back to disk now and then, which costs some I/O but nothing in correctness (every
 * process maps the same pages of the page cache).
 *
 * <p>{@link MacOs} and {@link Windows} are this class with a name of their own and, on macOS, a
 * native wait in place of the polling.
 */
sealed class Portable implements Platform permits MacOs, Windows {
    private volatile Path folder; // resolved on first use, by any thread (the same value each time)

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public Path segmentFolder() {
        Path f = folder;
        if (f == null) {
            folder = f = PrivateFolder.segmentFolder();
        }
        return f;
    }

    @Override
    public List<String> childOptions() {
        // The default folder is under java.io.tmpdir, which a child does not inherit: name it.
        return System.getProperty(Platforms.SHM_DIR_PROPERTY) != null ? List.of()
                : List.of("-D" + Platforms.SHM_DIR_PROPERTY + "=" + segmentFolder());
    }

    @Override
    public void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
        PollingWait.await(memory, offset, expected, timeoutNanos);
    }

    @Override
    public int wake(MemorySegment memory, long offset, int count) {
        return 0; // pollers see the changed word by themselves
    }

    @Override
    public void warmUp() {
        // nothing to link
    }

    @Override
    public boolean trimNativeHeap() {
        return false; // no native call on this layer
    }

    @Override
    public long startTime(long pid) {
        return HandleIdentity.startTime(pid);
    }

    @Override
    public boolean isAlive(long pid, long startTime) {
        return HandleIdentity.isAlive(pid, startTime);
    }
}
