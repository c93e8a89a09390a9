package org.multiprocessing4j;

import java.io.EOFException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.launch.ExitSequence;
import org.multiprocessing4j.internal.launch.Shipping;
import org.multiprocessing4j.internal.serial.NotSerializableValueException;
import org.multiprocessing4j.internal.serial.Serialization;
import org.multiprocessing4j.internal.sync.Polling;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.TaskCounter;

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
 * A pipe opened in a context with a backend (the Hazelcast cluster) carries each direction in a
 * cluster queue, so its ends work from any member. End of file there is a marker, not process
 * liveness: the holders of a sending end (as above: those that received it or sent on it) are
 * counted in the cluster, and when the last one calls {@link #close()} a marker follows its
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
    private static final Set<Channel> WRITING = ConcurrentHashMap.newKeySet();

    static {
        ExitSequence.register(ExitSequence.RELEASE_SHARED_MEMORY - 1,
                () -> WRITING.forEach(Channel::unregisterWriter));
    }

    private final transient Channel in;   // null for a write-only end
    private final transient Channel out;  // null for a read-only end
    private transient volatile boolean closed;
    private transient volatile boolean registered;
    /** The queues of a pipe of another context (the cluster); null for shared memory. */
    private final transient Remote remote;

    Connection(Channel in, Channel out) {
        this.in = in;
        this.out = out;
        this.remote = null;
    }

    /** An end of a pipe of another context: frames from {@code in}, to {@code out}, whose holders {@code writers} counts. */
    Connection(Remote remote) {
        this.in = null;
        this.out = null;
        this.remote = remote;
    }

    private Connection(Handle h) {
        this.in = h.in == null ? null : Channel.attach(h.in);
        this.out = h.out == null ? null : Channel.attach(h.out);
        this.remote = null;
        registerAsWriter();
    }

    private void registerAsWriter() {
        if (remote != null) {
            if (remote.out != null && !registered) {
                registered = true;
                remote.writers.increment();
            }
            return;
        }
        if (out != null && !registered) {
            registered = true;
            out.registerWriter();
            WRITING.add(out);
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
        byte[] frame;
        try {
            frame = Serialization.toFrame(obj);
        } catch (NotSerializableValueException e) {
            throw new IllegalArgumentException("cannot send: " + e.getMessage(), e);
        }
        sendBytes(frame);
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
        if (remote != null) {
            FrameQueue o = remoteOut();
            registerAsWriter();
            byte[] frame = new byte[length + 1];
            frame[0] = Remote.DATA;
            System.arraycopy(bytes, offset, frame, 1, length);
            o.send(frame, 0, frame.length);
            return;
        }
        Channel o = outChannel();
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
        return Serialization.fromFrame(recvBytes());
    }

    /**
     * Receives one message's bytes, waiting as long as needed.
     *
     * @return a new array holding the next message's bytes
     * @throws EOFException if the other end is gone and nothing is left
     * @throws IllegalStateException if this end is closed or write-only
     * @throws InterruptedException if interrupted while waiting
     */
    public byte[] recvBytes() throws EOFException, InterruptedException {
        if (remote != null) {
            return remoteReceive();
        }
        return inChannel().receive(Long.MAX_VALUE, true);
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
        if (remote != null) {
            return remotePoll(0);
        }
        return inChannel().poll(0, true);
    }

    /**
     * Waits at most {@code timeout} ({@code null}: no limit) until a message or end-of-file is there.
     *
     * @param timeout the longest wait; {@code null} waits without limit
     * @return whether {@code recv} would not block
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean poll(Duration timeout) throws InterruptedException {
        if (remote != null) {
            return remotePoll(timeout == null ? Long.MAX_VALUE : timeout.toNanos());
        }
        return inChannel().poll(timeout == null ? Long.MAX_VALUE : timeout.toNanos(), true);
    }

    /**
     * Whether this end can receive.
     *
     * @return whether this end can receive
     */
    public boolean readable() {
        return remote != null ? remote.in != null : in != null;
    }

    /**
     * Whether this end can send.
     *
     * @return whether this end can send
     */
    public boolean writable() {
        return remote != null ? remote.out != null : out != null;
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
        if (remote != null) {
            if (remote.out != null && registered) {
                remote.writers.decrement("close");
                if (remote.writers.get() == 0) {
                    try {
                        remote.out.send(Remote.END_MARKER, 0, 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return;
        }
        if (out != null && registered) {
            out.unregisterWriter();
            WRITING.remove(out);
        }
    }

    private FrameQueue remoteIn() {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        if (remote.in == null) {
            throw new IllegalStateException("connection is write-only: this is the sending end of a one-way pipe");
        }
        return remote.in;
    }

    private FrameQueue remoteOut() {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        if (remote.out == null) {
            throw new IllegalStateException("connection is read-only: this is the receiving end of a one-way pipe");
        }
        return remote.out;
    }

    private byte[] remoteReceive() throws EOFException, InterruptedException {
        FrameQueue q = remoteIn();
        byte[] frame = q.receive(Long.MAX_VALUE, false, 0);
        if (frame[0] == Remote.END) {
            q.send(Remote.END_MARKER, 0, 1); // end of file stays: for the next recv and other readers
            throw new EOFException("the other end of pipe " + q.name() + " was closed by its last holder");
        }
        return Arrays.copyOfRange(frame, 1, frame.length);
    }

    /** Whether a frame (a message or the end marker) is there within {@code nanos}; checks 1 to 20 ms apart. */
    private boolean remotePoll(long nanos) throws InterruptedException {
        FrameQueue q = remoteIn();
        return Polling.await(() -> !q.isEmpty(), nanos);
    }

    private Channel inChannel() {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        if (in == null) {
            throw new IllegalStateException("connection is write-only: this is the sending end of a one-way pipe");
        }
        return in;
    }

    private Channel outChannel() {
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
        if (remote != null) {
            return "Connection[" + (remote.in != null ? "in=" + remote.in.name() : "")
                    + (remote.in != null && remote.out != null ? ", " : "")
                    + (remote.out != null ? "out=" + remote.out.name() : "") + (closed ? ", closed" : "") + "]";
        }
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
        if (remote != null) {
            return new RemoteHandle(remote.in == null ? null : remote.in.handle(),
                    remote.out == null ? null : remote.out.handle(), remote.out == null ? null : remote.writers.handle());
        }
        if (out != null) {
            Channel o = out;
            Shipping.onShip(o::registerWriter); // the child holds this end from its start
        }
        return new Handle(in == null ? null : in.name(), out == null ? null : out.name());
    }

    /**
     * The serialized form: the channels' names.
     *
     * @param in the channel (or queue handle) this end reads from; null if it does not read
     * @param out the channel (or queue handle) this end writes to; null if it does not write
     */
    private record Handle(String in, String out) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Connection(this);
        }
    }

    /**
     * The serialized form of an end of a pipe of another context: its queues' and writer count's handles.
     *
     * @param in the channel (or queue handle) this end reads from; null if it does not read
     * @param out the channel (or queue handle) this end writes to; null if it does not write
     * @param writers the handle of the count of ends that still write
     */
    private record RemoteHandle(Object in, Object out, Object writers) implements Serializable {
        @Serial
        private Object readResolve() {
            Connection c = new Connection(new Remote((FrameQueue) in, (FrameQueue) out, (TaskCounter) writers));
            c.registerAsWriter();
            return c;
        }
    }

    /**
     * An end of a pipe of another context. Each frame in a queue starts with a tag byte: {@link
     * #DATA} before a message's bytes, or the one-byte frame {@link #END} that the last holder of
     * the sending end leaves on close.
     *
     * @param in the frames this end receives; null for the sending end of a one-way pipe
     * @param out the frames this end sends; null for the receiving end of a one-way pipe
     * @param writers the holders of the sending side of {@code out}; null when {@code out} is
     */
    record Remote(FrameQueue in, FrameQueue out, TaskCounter writers) {
        static final byte DATA = 0;
        static final byte END = 1;
        static final byte[] END_MARKER = {END};
    }
}
