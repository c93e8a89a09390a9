package org.multiprocessing4j.hazelcast;

import com.hazelcast.collection.IQueue;
import java.io.Serializable;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * A {@link org.multiprocessing4j.Queue}'s frames in a Hazelcast {@code IQueue} (one backup by
 * default, so the frames survive the loss of one member). Frames from one sender keep their
 * order; each is taken once.
 */
final class ClusterFrameQueue implements FrameQueue {
    private final String name;
    private final IQueue<byte[]> queue;

    ClusterFrameQueue(ClusterBackend backend, String name) {
        this.name = name;
        this.queue = backend.hazelcast.getQueue(name);
    }

    @Override
    public void send(byte[] frame, int offset, int length) throws InterruptedException {
        byte[] copy = offset == 0 && length == frame.length ? frame : Arrays.copyOfRange(frame, offset, offset + length);
        queue.put(copy);
    }

    @Override
    public byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos) throws InterruptedException {
        if (timeoutNanos <= 0) {
            return queue.poll();
        }
        if (timeoutNanos == Long.MAX_VALUE) {
            return queue.take();
        }
        return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int messages() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Serializable handle() {
        return new ClusterBackend.Ref("queue", name);
    }
}
