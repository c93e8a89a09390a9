package org.multiprocessing4j.internal.local;

import java.io.EOFException;
import java.io.Serializable;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.spi.FrameQueue;

/**
 * The local context's {@link FrameQueue}: a {@link Channel} in shared memory, the storage of a
 * {@code Queue}. Its handle is the channel's name, or the manager's reference when a manager owns
 * it; both are resolved back by {@link LocalBackend#resolveFrameQueue}.
 */
public final class LocalFrameQueue implements FrameQueue {
    private final Channel channel;
    private volatile OwnedSegmentRef managed;

    private LocalFrameQueue(Channel channel, OwnedSegmentRef managed) {
        this.channel = channel;
        this.managed = managed;
    }

    /** A new, empty queue whose storage grows in chunks of {@code chunkSize} bytes. */
    static LocalFrameQueue create(int chunkSize) {
        return new LocalFrameQueue(Channel.create(chunkSize), null);
    }

    /** The queue named {@code name}, made by another process; {@code managed} may be null. */
    static LocalFrameQueue attach(String name, OwnedSegmentRef managed) {
        return new LocalFrameQueue(Channel.attach(name), managed);
    }

    /** Marks this queue as owned by a manager: its handle becomes {@code ref}. */
    public void managedBy(OwnedSegmentRef ref) {
        this.managed = ref;
    }

    @Override
    public void send(byte[] frame, int offset, int length) throws InterruptedException {
        channel.send(frame, offset, length);
    }

    @Override
    public byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos)
            throws InterruptedException, EOFException {
        return channel.receive(timeoutNanos, endOfFile, spinNanos);
    }

    @Override
    public int messages() {
        return channel.messages();
    }

    @Override
    public boolean isEmpty() {
        return channel.isEmpty();
    }

    /** Always true: only this user's processes on this machine can write shared memory. */
    @Override
    public boolean isPrivate() {
        return true;
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public Serializable handle() {
        OwnedSegmentRef m = managed;
        return m != null ? m : channel.name();
    }

    @Override
    public void destroy() {
        channel.destroy();
    }

    @Override
    public String toString() {
        return channel.toString();
    }
}
