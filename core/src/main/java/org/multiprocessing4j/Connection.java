package org.multiprocessing4j;

import java.io.EOFException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.serial.NotSerializableValueException;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.serial.WireMessage;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.MessageStream;

/**
 * One end of a {@link Pipe}, as Python's {@code multiprocessing.connection.Connection}: send and
 * receive whole messages, objects ({@link #send}/{@link #recv}) or bytes
 * ({@link #sendBytes}/{@link #recvBytes}).
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * Connection parentEnd = pipe.left(), childEnd = pipe.right();
 * Process p = new Process(() -> childEnd.send("hello"));
 * p.start();
 * System.out.println(parentEnd.recv());   // hello
 * }</pre>
 *
 * <h2>End of file</h2>
 * {@code recv} blocks while no message is there. Once every process that held the other end has
 * closed it or exited (normally or not) and the messages are drained, {@code recv} throws
 * {@link EOFException} instead of blocking, within about half a second. A process holds an end once it
 * received the end (in a task, through a queue, ...) or sent on it.
 *
 * <p>Messages keep their boundaries; an empty message is a message. A connection may be used by
 * several threads and processes at once: each message is sent and received whole.
 *
 * <h2>In the cluster context</h2>
 * A pipe opened in the cluster context (Hazelcast) carries each direction in a cluster queue,
 * so its ends work from any member. End of file there is a marker, not process liveness: the
 * holders of a sending end (as above: those that received it or sent on it) are counted in the
 * cluster, and when the last one calls {@link #close()} a marker follows its
 * messages; the receiver's {@code recv} throws {@link EOFException} once it reaches the marker,
 * and so does every later {@code recv} ({@code poll} then returns true). A holder that ends
 * without closing its end, or whose member dies, sends no marker: {@code recv} then waits
 * without limit, so a receiver that must not hang uses {@link #poll(Duration)} with a timeout
 * before {@code recv}. Messages already queued survive the loss of one member (the queues keep a
 * backup). The queues are not removed when the pipe is no longer used.
 */
public final class Connection implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient MessageStream in;   // null for a write-only end
    private final transient MessageStream out;  // null for a read-only end
    private transient volatile boolean closed;
    private transient volatile boolean registered;

    /** An end receiving from {@code in} and sending to {@code out}, streams of one backend (either may be null). */
    Connection(MessageStream in, MessageStream out) {
        this.in = in;
        this.out = out;
    }

    private Connection(Handle h) {
        this(h.in == null ? null : LocalBackend.resolveMessageStream(h.in),
                h.out == null ? null : LocalBackend.resolveMessageStream(h.out));
        registerAsWriter();
    }

    private void registerAsWriter() {
        if (out != null && !registered) {
            registered = true;
            out.addWriter();
        }
    }

    /**
     * Sends an object.
     *
     * @param obj the object to send; it must be serializable
     * @throws IllegalArgumentException if it cannot be serialized (the message names the class)
     * @throws IllegalStateException if this end is closed or read-only
     * @throws InterruptedException if interrupted
     */
    public void send(Object obj) throws InterruptedException {
        WireMessage frame;
        try {
            frame = Serialization.toMessage(obj, 0);
        } catch (NotSerializableValueException e) {
            throw new IllegalArgumentException("cannot send: " + e.getMessage(), e);
        }
        if (frame.size() == frame.length()) {
            sendBytes(frame.bytes(), 0, frame.length());
            return;
        }
        MessageStream o = outStream();
        registerAsWriter();
        o.send(frame.segments()); // large arrays straight from the heap into shared memory
    }

    /**
     * Sends {@code bytes} as one message.
     *
     * @param bytes the message's bytes
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public void sendBytes(byte[] bytes) throws InterruptedException {
        sendBytes(bytes, 0, bytes.length);
    }

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset} as one message.
     *
     * @param bytes the message's bytes
     * @param offset the position of the message's first byte in {@code bytes}
     * @param length the number of bytes to send
     * @throws IndexOutOfBoundsException if the range is outside the array
     * @throws IllegalStateException if this end is closed or read-only
     * @throws InterruptedException if interrupted
     */
    public void sendBytes(byte[] bytes, int offset, int length) throws InterruptedException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        MessageStream o = outStream();
        registerAsWriter();
        o.send(bytes, offset, length);
    }

    /**
     * Receives an object, waiting as long as needed.
     *
     * @return the next object sent by the other end
     * @throws EOFException if the other end is gone and nothing is left
     * @throws IllegalStateException if this end is closed or write-only
     * @throws InterruptedException if interrupted while waiting
     */
    public Object recv() throws EOFException, InterruptedException {
        // a large message: its arrays straight out of shared memory into new arrays, decoded once it is taken
        WireMessage m = Serialization.received(inStream().receive(COPY_OUT));
        return Serialization.fromMessage(m, 0, true);
    }

    /** Copies a large message out of a stream's shared memory (see {@link #recv()}). */
    private static final java.util.function.Function<java.lang.foreign.MemorySegment[], Object> COPY_OUT =
            pieces -> Serialization.copyOut(pieces, 0, true);

    /**
     * Receives one message's bytes, waiting as long as needed.
     *
     * @return a new array holding the next message's bytes
     * @throws EOFException if the other end is gone and nothing is left
     * @throws IllegalStateException if this end is closed or write-only
     * @throws InterruptedException if interrupted while waiting
     */
    public byte[] recvBytes() throws EOFException, InterruptedException {
        return inStream().receive();
    }

    /**
     * Receives one message into {@code buffer} at {@code offset}.
     *
     * @param buffer the array to receive into
     * @param offset the position in {@code buffer} where the message's first byte goes
     * @return the message's length
     * @throws BufferTooShortException if it does not fit; it carries the message
     * @throws EOFException if the other end is gone and nothing is left
     * @throws InterruptedException if interrupted while waiting
     */
    public int recvBytesInto(byte[] buffer, int offset) throws EOFException, InterruptedException {
        Objects.checkIndex(offset, buffer.length + 1);
        byte[] message = recvBytes();
        int room = buffer.length - offset;
        if (message.length > room) {
            throw new BufferTooShortException(message, room);
        }
        System.arraycopy(message, 0, buffer, offset, message.length);
        return message.length;
    }

    /**
     * Whether a message (or end-of-file) is there now.
     *
     * @return whether a message (or end-of-file) is there now
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean poll() throws InterruptedException {
        return inStream().poll(0);
    }

    /**
     * Waits at most {@code timeout} ({@code null}: no limit) until a message or end-of-file is there.
     *
     * @param timeout the longest wait; {@code null} waits without limit
     * @return whether {@code recv} would not block
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean poll(Duration timeout) throws InterruptedException {
        return inStream().poll(timeout == null ? Long.MAX_VALUE : timeout.toNanos());
    }

    /**
     * Whether this end can receive.
     *
     * @return whether this end can receive
     */
    public boolean readable() {
        return in != null;
    }

    /**
     * Whether this end can send.
     *
     * @return whether this end can send
     */
    public boolean writable() {
        return out != null;
    }

    /**
     * Whether {@link #close()} was called on this handle.
     *
     * @return whether {@link #close()} was called on this handle
     */
    public boolean closed() {
        return closed;
    }

    /**
     * Closes this end in this process: it no longer counts as holding it, so the other end sees
     * end-of-file once every holder has closed or exited. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null && registered) {
            out.removeWriter();
        }
    }

    private MessageStream inStream() {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        if (in == null) {
            throw new IllegalStateException("connection is write-only: this is the sending end of a one-way pipe");
        }
        return in;
    }

    private MessageStream outStream() {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        if (out == null) {
            throw new IllegalStateException("connection is read-only: this is the receiving end of a one-way pipe");
        }
        return out;
    }

    /**
     * Waits until some of {@code objects} are ready, as Python's
     * {@code multiprocessing.connection.wait}: a {@link Connection} is ready when {@code recv} would
     * not block, a {@link Process} when it has exited.
     *
     * @param timeout how long to wait; {@code null} for no limit
     * @param objects the {@link Connection}s and {@link Process}es to watch
     * @return the ready objects, in the given order; empty on timeout
     * @throws IllegalArgumentException if an object is neither a Connection nor a Process
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<Object> waitAny(Collection<?> objects, Duration timeout) throws InterruptedException {
        for (Object o : objects) {
            if (!(o instanceof Connection) && !(o instanceof Process)) {
                throw new IllegalArgumentException("waitAny takes Connections and Processes, not "
                        + (o == null ? "null" : o.getClass().getName()));
            }
        }
        List<Object> ready = new ArrayList<>();
        Polling.await(() -> {
            ready.clear();
            for (Object o : objects) {
                if (o instanceof Connection c ? c.poll() : !((Process) o).isAlive()) {
                    ready.add(o);
                }
            }
            return !ready.isEmpty();
        }, timeout == null ? Long.MAX_VALUE : timeout.toNanos(), 1_000, 1_000_000); // 1 us doubling to 1 ms
        return ready;
    }

    @Override
    public String toString() {
        return "Connection[" + (in != null ? "in=" + in.name() : "") + (in != null && out != null ? ", " : "")
                + (out != null ? "out=" + out.name() : "") + (closed ? ", closed" : "") + "]";
    }

    /**
     * The serialized form: a handle that deserializes into a connection end on the same shared object.
     *
     * @return the handle to serialize in this connection end's place
     */
    @Serial
    private Object writeReplace() {
        if (closed) {
            throw new IllegalStateException("cannot send a closed connection to another process");
        }
        if (out != null) {
            out.shipWriter(); // the child being started holds this end from its start
        }
        return new Handle(in == null ? null : in.handle(), out == null ? null : out.handle());
    }

    /**
     * The serialized form: the streams' handles (the channels' names locally).
     *
     * @param in the handle of the stream this end reads from; null if it does not read
     * @param out the handle of the stream this end writes to; null if it does not write
     */
    private record Handle(Object in, Object out) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Connection(this);
        }
    }
}
