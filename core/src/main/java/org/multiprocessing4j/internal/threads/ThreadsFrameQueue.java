package org.multiprocessing4j.internal.threads;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * The frames of a {@link org.multiprocessing4j.Queue} (or of one direction of a {@link
 * org.multiprocessing4j.Pipe}) in the threads context: a {@link LinkedBlockingQueue} of copies
 * of the frames, each with the {@linkplain Registry pins} of the objects whose handles it holds.
 *
 * <p>End of file is as in the cluster context: this queue does not track its writers ({@code
 * endOfFile} is ignored); a pipe marks its end with a frame of its own. Frames are received in
 * the order they were sent; sending happens-before the receive that takes the frame.
 */
final class ThreadsFrameQueue implements FrameQueue {
    /** A frame and the objects it references by id. */
    private record Frame(byte[] bytes, List<Object> pins) {}

    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Registry.Ref ref = Registry.register("queue", this);
    private volatile boolean destroyed;

    @Override
    public void send(byte[] frame, int offset, int length) throws InterruptedException {
        if (destroyed) {
            throw new IllegalStateException("queue " + name() + " was destroyed (its pool has ended)");
        }
        frames.put(new Frame(Arrays.copyOfRange(frame, offset, offset + length), Registry.takePins()));
    }

    @Override
    public byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos) throws InterruptedException {
        Frame f;
        if (timeoutNanos == Long.MAX_VALUE) {
            f = frames.take();
        } else if (timeoutNanos <= 0) {
            f = frames.poll();
        } else {
            f = frames.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (f == null) {
            return null;
        }
        Registry.holdReceived(f.pins());
        return f.bytes();
    }

    @Override
    public int messages() {
        return frames.size();
    }

    @Override
    public boolean isEmpty() {
        return frames.isEmpty();
    }

    @Override
    public String name() {
        return "threads-queue-" + ref.id();
    }

    @Override
    public Serializable handle() {
        Registry.pin(this);
        return ref;
    }

    /** Drops the queued frames; a later send fails. */
    @Override
    public void destroy() {
        destroyed = true;
        frames.clear();
    }

    @Override
    public String toString() {
        return name();
    }
}
