package org.multiprocessing4j.spi;

import java.lang.foreign.MemorySegment;

/**
 * The parts of a frame or message joined into one array: what the default
 * {@link FrameQueue#send(MemorySegment[])} and {@link MessageStream#send(MemorySegment[])} send
 * for a backend without shared memory.
 */
final class Parts {
    private Parts() {}

    /**
     * The bytes of {@code parts}, one after the other, as one new array.
     *
     * @param what "frame" or "message", for the error
     * @throws IllegalArgumentException if they are more than one array holds (2 GiB)
     */
    static byte[] join(MemorySegment[] parts, String what) {
        long size = 0;
        for (MemorySegment p : parts) {
            size += p.byteSize();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(what + " of " + size + " bytes: at most 2 GiB can be sent as one " + what);
        }
        byte[] joined = new byte[(int) size];
        MemorySegment to = MemorySegment.ofArray(joined);
        long at = 0;
        for (MemorySegment p : parts) {
            MemorySegment.copy(p, 0, to, at, p.byteSize());
            at += p.byteSize();
        }
        return joined;
    }
}
