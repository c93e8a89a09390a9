package org.multiprocessing4j.internal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Multiprocessing;

/**
 * The platform layer's pure parts: the futex syscall table, the choice of platform, the private
 * folder's checks, and the polling wait (on its own and as the macOS layer's fallback where
 * neither of its native waits exists, as on Linux). The contract suites run on the portable layer
 * in a surefire execution of their own ({@code PortableContractsTest}).
 */
@Timeout(120)
class PlatformsTest {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    @Test
    void theFutexSyscallNumberIsTheKernelsForEachArchitecture() {
        assertEquals(202, LinuxFutex.syscallNumber("amd64"));
        assertEquals(202, LinuxFutex.syscallNumber("x86_64"));
        assertEquals(98, LinuxFutex.syscallNumber("aarch64"));
        assertEquals(98, LinuxFutex.syscallNumber("arm64"));
        for (String unknown : new String[] {"riscv64", "ppc64le", "s390x", "x86", "arm", ""}) {
            assertEquals(-1, LinuxFutex.syscallNumber(unknown), unknown);
        }
    }

    /**
     * {@code trimNativeHeap} gives freed C-heap memory back where libc can (glibc here: free
     * arena pages below the mmap threshold stay resident until trimmed) and is a no-op on the
     * portable layer.
     */
    @Test
    void theNativeHeapsFreePagesGoBackOnLinuxAndTheTrimIsANoOpOnThePortableLayer() throws Throwable {
        assertFalse(new Portable().trimNativeHeap(), "the portable layer makes no native call");
        if (!(Platforms.CURRENT instanceof LinuxFutex)) {
            return;
        }
        var linker = java.lang.foreign.Linker.nativeLinker();
        var malloc = linker.downcallHandle(linker.defaultLookup().find("malloc").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        var free = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        MemorySegment[] blocks = new MemorySegment[1024];
        for (int i = 0; i < blocks.length; i++) { // 32 MiB in 32 KiB blocks: arena memory, not mmap
            blocks[i] = ((MemorySegment) malloc.invokeExact(32L * 1024)).reinterpret(32 * 1024);
            blocks[i].fill((byte) 1); // touched, so resident
        }
        for (MemorySegment b : blocks) {
            free.invokeExact(b);
        }
        assertTrue(Platforms.CURRENT.trimNativeHeap(), "32 MiB freed into the arena, and nothing given back");
    }

    @Test
    void theChoiceFollowsTheSystemUnlessForced() {
        assertEquals("linux-futex", Platforms.choose(null, "Linux", "amd64"));
        assertEquals("linux-futex", Platforms.choose("", "Linux", "aarch64"));
        assertEquals("linux-futex", Platforms.choose("auto", "Linux", "x86_64"));
        assertEquals("portable", Platforms.choose(null, "Linux", "riscv64"), "an unknown arch is not futex");
        assertEquals("macos", Platforms.choose(null, "Mac OS X", "aarch64"));
        assertEquals("macos", Platforms.choose(null, "Mac OS X", "x86_64"));
        assertEquals("windows", Platforms.choose(null, "Windows 11", "amd64"));
        assertEquals("portable", Platforms.choose(null, "FreeBSD", "amd64"));
        assertEquals("portable", Platforms.choose("portable", "Linux", "amd64"));
        assertEquals("portable", Platforms.choose(" portable ", "Mac OS X", "aarch64"));
        assertEquals("linux-futex", Platforms.choose("linux-futex", "Linux", "aarch64"));
    }

    @Test
    void aForcedChoiceThatCannotRunHereOrNamesNothingIsRefused() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Platforms.choose("futex", "Linux", "amd64"));
        assertTrue(bad.getMessage().contains("mp4j.platform=futex"), bad.getMessage());
        IllegalStateException elsewhere = assertThrows(IllegalStateException.class,
                () -> Platforms.choose("linux-futex", "Mac OS X", "aarch64"));
        assertTrue(elsewhere.getMessage().contains("here it is macos"), elsewhere.getMessage());
        assertThrows(IllegalStateException.class, () -> Platforms.choose("linux-futex", "Linux", "riscv64"));
        assertThrows(IllegalStateException.class, () -> Platforms.choose("macos", "Windows 10", "amd64"));
    }

    @Test
    void thisJvmReportsThePlatformItChose() {
        String expected = Platforms.choose(System.getProperty(Platforms.PROPERTY), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        assertEquals(expected, Multiprocessing.platform());
        assertEquals(expected, Platforms.CURRENT.name());
        assertTrue(Platforms.NAMES.contains(expected));
    }

    @Test
    void theDefaultFolderIsMadePrivateAndReusedOnlyIfPrivate(@TempDir Path tmp) throws IOException {
        Path dir = PrivateFolder.segmentFolder(null, tmp);
        assertEquals(tmp.resolve("mp4j-shm-" + PrivateFolder.safeUserName()), dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(dir, PrivateFolder.segmentFolder(null, tmp), "made once, reused");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the owner probe is removed");
        }

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        IllegalStateException open = assertThrows(IllegalStateException.class, () -> PrivateFolder.segmentFolder(null, tmp));
        assertTrue(open.getMessage().contains("rwxr-xr-x"), open.getMessage());

        Files.delete(dir);
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(dir, elsewhere);
        IllegalStateException link = assertThrows(IllegalStateException.class, () -> PrivateFolder.segmentFolder(null, tmp));
        assertTrue(link.getMessage().contains("is a link"), link.getMessage());
    }

    @Test
    void anExplicitFolderIsMadeIfMissing(@TempDir Path tmp) {
        Path explicit = tmp.resolve("segments");
        assertEquals(explicit, PrivateFolder.segmentFolder(explicit.toString(), tmp));
        assertTrue(Files.isDirectory(explicit));
        assertFalse(Files.exists(tmp.resolve("mp4j-shm-" + PrivateFolder.safeUserName())));
    }

    @Test
    void aPollingWaitReturnsWhenTheWordChangesWithoutAWakeUp() throws Exception {
        assertWaitEndsOnChange(new Portable());
    }

    @Test
    void theMacOsLayerFallsBackToPollingWhereNeitherNativeWaitExists() throws Exception {
        assertWaitEndsOnChange(new MacOs()); // on Linux: no os_sync_wait_on_address, no __ulock_wait2
        new MacOs().warmUp();
        assertEquals("macos", new MacOs().name());
        assertEquals("windows", new Windows().name());
    }

    @Test
    void aPollingWaitEndsAtItsTimeoutAtOnceIfTheWordDiffersAndOnInterrupt() throws Exception {
        Portable p = new Portable();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(4, 4);
            long t0 = System.nanoTime();
            p.await(m, 0, 0, TimeUnit.MILLISECONDS.toNanos(30));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(30), "waited " + waited + " ns");

            t0 = System.nanoTime();
            p.await(m, 0, 7, TimeUnit.SECONDS.toNanos(60)); // the word is 0, not 7
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));

            Thread.currentThread().interrupt();
            t0 = System.nanoTime();
            p.await(m, 0, 0, TimeUnit.SECONDS.toNanos(60));
            assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
        }
    }

    /** A waiter on a word another thread changes (with no wake-up call but the layer's own) returns. */
    private static void assertWaitEndsOnChange(Portable p) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment m = arena.allocate(4, 4);
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                while ((int) INT.getVolatile(m, 0) == 0) {
                    p.await(m, 0, 0, TimeUnit.SECONDS.toNanos(60));
                }
                return System.nanoTime() - t0;
            }, r -> Thread.ofPlatform().start(r));
            INT.setVolatile(m, 0, 1);
            assertEquals(0, p.wake(m, 0, Integer.MAX_VALUE), "pollers need no wake-up");
            long nanos = waited.get(60, TimeUnit.SECONDS);
            assertTrue(nanos < TimeUnit.SECONDS.toNanos(30), "returned after " + nanos + " ns");
        }
    }
}
