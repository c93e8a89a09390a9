package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * What only the local context's Pipe does, across real child JVMs: a 64 MiB message, end of file
 * when the peer process is killed or never starts, and a process as a {@code waitAny} sentinel.
 * The contract every context shares is {@code LocalPipeContractTest} ({@code
 * org.multiprocessing4j.contract}).
 */
@ExtendWith(ChildCleanup.class)
class PipeTest {
    static final Duration HANG = ProcessTest.HANG;

    static void joinOk(Process p) throws InterruptedException {
        assertTrue(p.join(HANG), p + " did not finish");
        assertEquals(OptionalInt.of(0), p.exitCode(), p.toString());
    }

    @Test
    void a64MiBMessageRoundTripsIntact() throws Exception {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        byte[] big = new byte[64 << 20];
        new java.util.Random(7).nextBytes(big);
        CRC32 crc = new CRC32();
        crc.update(big);
        long expected = crc.getValue();
        Process p = new Process(() -> {
            byte[] got = theirs.recvBytes();
            CRC32 c = new CRC32();
            c.update(got);
            theirs.send(got.length + ":" + c.getValue());
            theirs.sendBytes(got);
        });
        p.start();
        mine.sendBytes(big);
        assertEquals((64 << 20) + ":" + expected, mine.recv());
        assertArrayEquals(big, mine.recvBytes());
        joinOk(p);
    }

    @Test
    void recvGivesEndOfFileAfterThePeerProcessIsKilledAndThePipeIsDrained() throws Exception {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        try (var out = CapturedOutput.stdout()) {
            Process p = new Process(() -> {
                theirs.send("last words");
                System.out.println("sent");
                new java.util.concurrent.CountDownLatch(1).await();
            });
            p.start();
            out.awaitLine("sent"::equals, HANG);
            p.kill();
            assertTrue(p.join(HANG));
            assertEquals("last words", mine.recv());
            assertThrows(EOFException.class, mine::recv);
            assertTrue(mine.poll(), "end-of-file makes the connection readable");
        }
    }

    @Test
    void recvGivesEndOfFileOnceAWriterThatExitsWithoutClosingIsDrained() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        Process p = new Process(() -> writer.sendBytes(new byte[] {42})); // exits, never closes
        p.start();
        joinOk(p);
        assertArrayEquals(new byte[] {42}, reader.recvBytes());
        assertThrows(EOFException.class, reader::recvBytes);
    }

    @Test
    void recvGivesEndOfFileWhenThePeerExitsOrClosesWhileWeWait() throws Exception {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = new Process(() -> {
            theirs.recv(); // wait for the go, then close our end and exit
            theirs.close();
        });
        p.start();
        mine.send("go");
        assertThrows(EOFException.class, mine::recv); // blocked here until the child closed its end
        joinOk(p);
    }

    @Test
    void aPeerThatDiesBeforeItEvenReceivedItsEndGivesEndOfFileNotAHang() throws Exception {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        try (var err = CapturedOutput.stderr()) {
            // the child's JVM refuses to start: it never deserializes its end
            Process p = new Process(() -> theirs.send("never sent")).addJvmOptions("-XX:+ThisOptionDoesNotExist");
            p.start();
            assertTrue(p.join(HANG));
            assertThrows(EOFException.class, mine::recv);
        }
        Barrier barrier = new Barrier(2);
        try (var err = CapturedOutput.stderr()) {
            Process party = new Process(() -> barrier.await()).addJvmOptions("-XX:+ThisOptionDoesNotExist");
            party.start();
            assertTrue(party.join(HANG));
            assertThrows(java.util.concurrent.BrokenBarrierException.class, () -> barrier.await(HANG));
        }
    }

    @Test
    void waitAnyTakesAProcessAsASentinelReadyWhenItEnds() throws Exception {
        Pipe a = Pipe.open();
        Process quick = new Process(() -> {});
        quick.start();
        assertEquals(List.of(quick), Connection.waitAny(List.of(a.left(), quick), HANG));
        joinOk(quick);
    }

    /**
     * A backend with frame queues and counters only (the local ones) and no streams of its own:
     * its pipes are Backend.messageStream's default, whose end of file is the last holder's marker.
     */
    private static final class FramesOnlyBackend implements org.multiprocessing4j.spi.Backend {
        private final org.multiprocessing4j.internal.local.LocalBackend local =
                org.multiprocessing4j.internal.local.LocalBackend.INSTANCE;

        @Override public String name() { return "frames-only"; }
        @Override public int cpuCount() { return 1; }
        @Override public org.multiprocessing4j.spi.RunningProcess start(org.multiprocessing4j.spi.ProcessLaunch l) { return local.start(l); }
        @Override public org.multiprocessing4j.spi.FrameQueue frameQueue(int chunkSize) { return local.frameQueue(chunkSize); }
        @Override public org.multiprocessing4j.spi.TaskCounter taskCounter() { return local.taskCounter(); }
        @Override public org.multiprocessing4j.spi.Mutex mutex(boolean reentrant) { return local.mutex(reentrant); }
        @Override public org.multiprocessing4j.spi.Permits permits(int initial, int bound) { return local.permits(initial, bound); }
        @Override public org.multiprocessing4j.spi.Flag flag() { return local.flag(); }
        @Override public org.multiprocessing4j.spi.WaitSet waitSet(org.multiprocessing4j.spi.Mutex lock) { return local.waitSet(lock); }
        @Override public org.multiprocessing4j.spi.Rendezvous rendezvous(int parties,
                org.multiprocessing4j.function.SerializableRunnable action, long timeoutNanos) {
            return local.rendezvous(parties, action, timeoutNanos);
        }
        @Override public org.multiprocessing4j.spi.Cells cells(int length) { return local.cells(length); }
        @Override public org.multiprocessing4j.spi.Invocable sharedObject(String kind) { return local.sharedObject(kind); }
        @Override public void close() {}
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aPipeOfABackendWithoutStreamsOfItsOwnEndsAtTheLastHoldersMarker() throws Exception {
        Context context = Context.of(new FramesOnlyBackend());
        Pipe pipe = context.make(() -> Pipe.open(false));
        Connection in = pipe.left();
        Connection out = pipe.right();
        assertFalse(in.poll(Duration.ZERO));
        out.send("a");
        out.sendBytes(new byte[0]);
        assertTrue(in.poll(HANG));
        assertEquals("a", in.recv());
        assertArrayEquals(new byte[0], in.recvBytes());
        out.close();
        assertThrows(EOFException.class, in::recv);
        assertTrue(in.poll(), "end of file stays readable");
        assertThrows(EOFException.class, in::recv, "and every later recv sees it");
    }
}
