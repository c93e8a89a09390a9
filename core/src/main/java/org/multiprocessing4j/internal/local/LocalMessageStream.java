package org.multiprocessing4j.internal.local;

import java.io.EOFException;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.runtime.ExitSequence;
import org.multiprocessing4j.internal.runtime.Shipping;
import org.multiprocessing4j.spi.MessageStream;

/**
 * The local context's {@link MessageStream}: a {@link Channel} whose writer slots record the
 * processes that hold the sending end, so that end of file is the death or close of the last one
 * (within about half a second). Its handle is the channel's name.
 */
public final class LocalMessageStream implements MessageStream {
    /** The channels this process holds the sending end of: released as it exits. */
    private static final Set<Channel> WRITING = ConcurrentHashMap.newKeySet();

    static {
        ExitSequence.register(ExitSequence.RELEASE_SHARED_MEMORY - 1,
                () -> WRITING.forEach(Channel::unregisterWriter));
    }

    private final Channel channel;

    private LocalMessageStream(Channel channel) {
        this.channel = channel;
    }

    /** A new, empty stream whose storage grows in chunks of {@code chunkSize} bytes. */
    static LocalMessageStream create(int chunkSize) {
        return new LocalMessageStream(Channel.create(chunkSize));
    }

    /** The stream named {@code name}, made by another process. */
    static LocalMessageStream attach(String name) {
        return new LocalMessageStream(Channel.attach(name));
    }

    @Override
    public void send(byte[] message, int offset, int length) throws InterruptedException {
        channel.send(message, offset, length);
    }

    @Override
    public void send(java.lang.foreign.MemorySegment[] parts) throws InterruptedException {
        channel.send(parts);
    }

    @Override
    public Object receive(java.util.function.Function<java.lang.foreign.MemorySegment[], ?> reader)
            throws EOFException, InterruptedException {
        return channel.receive(Long.MAX_VALUE, true, org.multiprocessing4j.internal.sync.WaitPolicy.SPIN_NANOS, reader);
    }

    @Override
    public byte[] receive() throws EOFException, InterruptedException {
        return channel.receive(Long.MAX_VALUE, true);
    }

    @Override
    public boolean poll(long timeoutNanos) throws InterruptedException {
        return channel.poll(timeoutNanos, true);
    }

    @Override
    public void addWriter() {
        channel.registerWriter();
        WRITING.add(channel);
    }

    @Override
    public void removeWriter() {
        channel.unregisterWriter();
        WRITING.remove(channel);
    }

    /** The child being started holds the sending end from its start: its death is end of file too. */
    @Override
    public void shipWriter() {
        Shipping.onShip(channel::registerWriter);
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public Serializable handle() {
        return channel.name();
    }

    @Override
    public String toString() {
        return channel.toString();
    }
}
