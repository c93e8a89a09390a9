package org.multiprocessing4j.internal.serial;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * A message in two parts, as it goes into shared memory and comes out of it: its bytes, and the
 * large primitive arrays of the frame at its end, which travel right after those bytes (the raw
 * arrays of a {@link JdkCodec#ID_RAW} frame, the array of a {@link ScalarCodec} array frame).
 *
 * <p>On the way in, a channel writes the bytes and then each array straight from the heap into
 * its memory ({@link #segments()}); on the way out, {@link Serialization#copyOut} copies each
 * array straight from the channel's memory into a new array. No {@code byte[]} holds the arrays
 * in between, so a large array is copied once on each side, which is what the seed's Pool
 * example over arrays of 1 MiB needs ({@code seed_pool_map_200x1MiB}). Where no shared memory is
 * in between (sockets, the cluster), {@link #toBytes()} gives the same message as one array.
 *
 * <pre>{@code
 * WireMessage m = Serialization.toMessage(new double[1 << 17], 0); // 2 bytes, then the array
 * channel.send(m.segments());                                      // two bulk copies, no byte[] of 1 MiB
 * byte[] same = m.toBytes();                                       // one array, for a socket
 * }</pre>
 *
 * The arrays' bytes are little-endian on the wire; on a little-endian machine (x86-64, AArch64)
 * that is their memory, so they are sent as they are. On a big-endian one the message is
 * flattened instead, with the swap done by {@link PrimitiveArrays}.
 */
public final class WireMessage {
    /** Whether this machine stores arrays little-endian, as the wire does. */
    static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final byte[] bytes;
    private final int length;
    private final Object[] arrays;

    /**
     * A message of the first {@code length} bytes of {@code bytes}, followed by {@code arrays}.
     *
     * @param bytes the bytes before the arrays
     * @param length how many of them count
     * @param arrays the primitive arrays that follow, in order; null or empty for none
     */
    WireMessage(byte[] bytes, int length, Object[] arrays) {
        this.bytes = bytes;
        this.length = length;
        this.arrays = arrays == null || arrays.length == 0 ? null : arrays;
    }

    /** A message that is {@code bytes}, with no arrays after them. */
    public static WireMessage of(byte[] bytes) {
        return new WireMessage(bytes, bytes.length, null);
    }

    /** The bytes before the arrays: read up to {@link #length()}; the caller may write its header at the front. */
    public byte[] bytes() {
        return bytes;
    }

    /** How many of {@link #bytes()} belong to the message. */
    public int length() {
        return length;
    }

    /** The arrays after the bytes, or null for none. */
    Object[] arrays() {
        return arrays;
    }

    /** The message's size on the wire: its bytes and its arrays' bytes. */
    public long size() {
        long size = length;
        if (arrays != null) {
            for (Object a : arrays) {
                size += PrimitiveArrays.byteSize(a, PrimitiveArrays.kind(a.getClass()));
            }
        }
        return size;
    }

    /**
     * The message as one array (for a socket, or a queue that is not in shared memory).
     *
     * @throws IllegalArgumentException if it is larger than one array can hold (2 GiB)
     */
    public byte[] toBytes() {
        if (arrays == null) {
            return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
        }
        long size = size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("cannot send a message of " + size + " bytes here: one message holds at"
                    + " most 2 GiB outside shared memory; send the data in parts, or place it in a SharedMemory block"
                    + " and send that");
        }
        byte[] all = java.util.Arrays.copyOf(bytes, (int) size);
        int at = length;
        for (Object a : arrays) {
            int kind = PrimitiveArrays.kind(a.getClass());
            PrimitiveArrays.write(a, kind, all, at);
            at += (int) PrimitiveArrays.byteSize(a, kind);
        }
        return all;
    }

    /**
     * The message as memory segments to write one after the other: its bytes, then a view of each
     * array's own memory (on a little-endian machine; else the flattened message).
     */
    public MemorySegment[] segments() {
        if (arrays == null || !NATIVE_LITTLE_ENDIAN) {
            byte[] all = toBytes();
            return new MemorySegment[] {MemorySegment.ofArray(all)};
        }
        MemorySegment[] s = new MemorySegment[1 + arrays.length];
        s[0] = MemorySegment.ofArray(bytes).asSlice(0, length);
        for (int i = 0; i < arrays.length; i++) {
            s[i + 1] = PrimitiveArrays.segment(arrays[i]);
        }
        return s;
    }
}
