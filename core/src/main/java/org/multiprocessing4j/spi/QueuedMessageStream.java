package org.multiprocessing4j.spi;

import java.io.EOFException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link MessageStream} over a {@link FrameQueue} and a {@link TaskCounter}, for a backend
 * without streams of its own (the default of {@link Backend#messageStream}). End of file is a
 * marker, not process liveness: the counter counts the holders of the sending end, and when the
 * last one calls {@link #removeWriter()} a marker follows its messages; {@link #receive()} throws
 * {@link EOFException} once it reaches the marker, and so does every later {@code receive}. A
 * holder that ends without closing its end sends no marker.
 *
 * <p>Each frame in the queue starts with a tag byte: {@code 0} before a message's bytes, or the
 * one-byte frame {@code 1} of the end marker.
 *
 * <pre>{@code
 * MessageStream s = new QueuedMessageStream(backend.frameQueue(1 << 22), backend.taskCounter());
 * }</pre>
 *
 * @param frames the frames of the stream
 * @param writers the holders of the sending end
 */
public record QueuedMessageStream(FrameQueue frames, TaskCounter writers) implements MessageStream {
    private static final byte DATA = 0;
    private static final byte END = 1;
    private static final byte[] END_MARKER = {END};

    @Override
    public void send(byte[] message, int offset, int length) throws InterruptedException {
        byte[] frame = new byte[length + 1];
        frame[0] = DATA;
        System.arraycopy(message, offset, frame, 1, length);
        frames.send(frame, 0, frame.length);
    }

    @Override
    public byte[] receive() throws EOFException, InterruptedException {
        byte[] frame = frames.receive(Long.MAX_VALUE, false, 0);
        if (frame[0] == END) {
            frames.send(END_MARKER, 0, 1); // end of file stays: for the next receive and other readers
            throw new EOFException("the other end of pipe " + frames.name() + " was closed by its last holder");
        }
        return Arrays.copyOfRange(frame, 1, frame.length);
    }

    /** {@inheritDoc} Checks 1 to 20 ms apart (the queue has no way to wake a poller). */
    @Override
    public boolean poll(long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeoutNanos);
        long pause = 1_000_000;
        while (frames.isEmpty()) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, pause));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            pause = Math.min(pause * 2, 20_000_000);
        }
        return true;
    }

    @Override
    public void addWriter() {
        writers.increment();
    }

    /** {@inheritDoc} The last holder's call sends the end marker. */
    @Override
    public void removeWriter() {
        writers.decrement("close");
        if (writers.get() == 0) {
            try {
                frames.send(END_MARKER, 0, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Does nothing: a receiving process counts once it received the end. */
    @Override
    public void shipWriter() {}

    @Override
    public String name() {
        return frames.name();
    }

    @Override
    public Serializable handle() {
        return new Handle(frames.handle(), writers.handle());
    }

    /**
     * The serialized form: the queue's and the counter's handles, which deserialize into them.
     *
     * @param frames the queue's handle
     * @param writers the counter's handle
     */
    private record Handle(Object frames, Object writers) implements Serializable {
        @Serial
        private Object readResolve() {
            return new QueuedMessageStream((FrameQueue) frames, (TaskCounter) writers);
        }
    }
}
