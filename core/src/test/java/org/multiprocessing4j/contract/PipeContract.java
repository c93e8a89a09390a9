package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.BufferTooShortException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/** The contract of {@link Pipe} and its {@link Connection}s across processes. */
public abstract class PipeContract extends ContextContract {
    /** Sends back each object received until end of file. */
    static void echo(Connection conn) throws Exception {
        while (true) {
            Object o;
            try {
                o = conn.recv();
            } catch (EOFException e) {
                return;
            }
            conn.send(o);
        }
    }

    @Test
    public void aDuplexPipeCarriesObjectsBothWaysAndClosingAnEndEndsThePeersStream() throws Exception {
        Pipe pipe = context().pipe();
        Connection mine = pipe.left();
        Connection theirs = pipe.right();
        Process p = start(() -> echo(theirs));
        mine.send("hello");
        assertEquals("hello", mine.recv());
        mine.send(List.of(1, 2, 3));
        assertEquals(List.of(1, 2, 3), mine.recv());
        mine.send(null);
        assertNull(mine.recv());
        for (int i = 0; i < 20; i++) {
            mine.send(i);
            assertEquals(i, mine.recv());
        }
        mine.close();
        joinOk(p); // the echo saw end of file once this end was closed
    }

    @Test
    public void aPingPongEndsInEndOfFileOnceThePeerClosesItsEnd() throws Exception {
        Pipe pipe = context().pipe();
        Connection here = pipe.left();
        Connection there = pipe.right();
        Process p = start(() -> {
            while (true) {
                int n = (Integer) there.recv();
                if (n < 0) {
                    break;
                }
                there.send(n + 1);
            }
            there.sendBytes(new byte[0]);
            there.sendBytes(new byte[] {1, 2, 3});
            there.close();
        });
        for (int i = 0; i < 20; i += 2) {
            here.send(i);
            assertEquals(i + 1, here.recv());
        }
        assertFalse(here.poll(Duration.ofMillis(100)), "nothing to read while the peer waits");
        here.send(-1);
        assertArrayEquals(new byte[0], here.recvBytes());
        assertArrayEquals(new byte[] {1, 2, 3}, here.recvBytes());
        joinOk(p);
        assertTrue(here.poll(HANG), "end of file makes the connection readable");
        assertThrows(EOFException.class, here::recv);
        assertThrows(EOFException.class, here::recv, "end of file stays");
        here.close();
        assertThrows(IllegalStateException.class, () -> here.send(1));
    }

    @Test
    public void closingAnEndThisProcessNeverUsedDoesNotEndThePeersStream() throws Exception {
        Pipe pipe = context().pipe();
        Connection parentEnd = pipe.left();
        Connection childEnd = pipe.right();
        Process p = start(() -> {
            childEnd.send("one");
            childEnd.send("two");
            childEnd.close();
        });
        childEnd.close(); // this process's unused copy: the other process still sends
        assertEquals("one", parentEnd.recv());
        assertEquals("two", parentEnd.recv());
        assertThrows(EOFException.class, parentEnd::recv);
        joinOk(p);
    }

    @Test
    public void bytesKeepTheirBoundariesAndAnEmptyMessageIsAMessage() throws Exception {
        Pipe pipe = context().pipe(false);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        Process p = start(() -> {
            writer.sendBytes(new byte[] {1, 2, 3});
            writer.sendBytes(new byte[0]);
            writer.sendBytes(new byte[] {9, 8, 7, 6, 5}, 1, 3);
            writer.sendBytes(new byte[] {42, 43});
            writer.close();
        });
        assertArrayEquals(new byte[] {1, 2, 3}, reader.recvBytes());
        assertArrayEquals(new byte[0], reader.recvBytes());
        byte[] buf = new byte[10];
        assertEquals(3, reader.recvBytesInto(buf, 2));
        assertArrayEquals(new byte[] {8, 7, 6}, Arrays.copyOfRange(buf, 2, 5));
        BufferTooShortException tooShort = assertThrows(BufferTooShortException.class,
                () -> reader.recvBytesInto(new byte[1], 0));
        assertArrayEquals(new byte[] {42, 43}, tooShort.message());
        joinOk(p);
        assertThrows(EOFException.class, reader::recvBytes);
    }

    @Test
    public void aOneWayPipeRefusesTheWrongDirectionAndAClosedEndRefusesEverything() throws Exception {
        Pipe pipe = context().pipe(false);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        assertTrue(reader.readable());
        assertFalse(reader.writable());
        assertTrue(writer.writable());
        assertFalse(writer.readable());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.send("x"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        e = assertThrows(IllegalStateException.class, writer::recv);
        assertTrue(e.getMessage().contains("write-only"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> writer.poll());
        assertTrue(e.getMessage().contains("write-only"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sendBytes(new byte[2], 1, 5));
        Process p = start(() -> {
            writer.send("from another process");
            writer.close();
        });
        assertEquals("from another process", reader.recv());
        assertThrows(EOFException.class, reader::recv);
        joinOk(p);
        writer.close();
        writer.close();
        assertTrue(writer.closed());
        e = assertThrows(IllegalStateException.class, () -> writer.send("x"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    public void pollAndWaitAnyTellWhichConnectionHasAMessage() throws Exception {
        Pipe a = context().pipe();
        Pipe b = context().pipe();
        assertFalse(a.left().poll());
        assertFalse(a.left().poll(Duration.ofMillis(20)));
        assertTrue(Connection.waitAny(List.of(a.left(), b.left()), Duration.ofMillis(20)).isEmpty());
        Connection bRight = b.right();
        Process p = start(() -> bRight.send("on b"));
        List<Object> ready = Connection.waitAny(List.of(a.left(), b.left()), HANG);
        assertEquals(List.of(b.left()), ready);
        assertEquals("on b", b.left().recv());
        joinOk(p);
        assertThrows(IllegalArgumentException.class, () -> Connection.waitAny(List.of("nope"), Duration.ZERO));
    }

    @Test
    public void anUnserializableObjectFailsInTheSender() throws Exception {
        Pipe pipe = context().pipe(false);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.send(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        writer.send("next");
        assertEquals("next", reader.recv(), "nothing was sent before");
    }
}
