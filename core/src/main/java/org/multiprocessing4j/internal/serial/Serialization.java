package org.multiprocessing4j.internal.serial;

import java.lang.foreign.MemorySegment;
import org.multiprocessing4j.DeserializationException;

/**
 * Frames of the form {@code [codec id][codec bytes]}: the entry point the rest of the library uses.
 * The default codec is chosen here; decoding picks the codec named by the frame's first byte.
 */
public final class Serialization {
    private static final JdkCodec JDK = new JdkCodec();
    private static final ScalarCodec SCALAR = new ScalarCodec();

    private Serialization() {}

    /** Encodes {@code value} into a frame: scalars and strings by {@link ScalarCodec}, the rest by Java serialization. */
    public static byte[] toFrame(Object value) {
        if (value != null && value.getClass() == Integer.class) {
            return ScalarCodec.encodeInt((Integer) value);
        }
        return ScalarCodec.handles(value) ? SCALAR.encode(value) : JDK.encode(value);
    }

    /**
     * Encodes {@code value} like {@link #toFrame(Object)}, into an array whose first
     * {@code headroom} bytes are left zero for the caller's header: the frame starts at index
     * {@code headroom}, and a large array is copied once, straight to its place.
     */
    public static byte[] toFrame(Object value, int headroom) {
        return ScalarCodec.handles(value) ? SCALAR.encode(value, headroom) : JDK.encode(value, headroom);
    }

    /**
     * Encodes {@code value} like {@link #toFrame(Object, int)}, as a message whose bytes start with
     * {@code headroom} zero bytes for the caller's header and whose large primitive arrays are
     * not copied but follow the bytes ({@link WireMessage}): a channel in shared memory then
     * writes each straight from the heap.
     */
    public static WireMessage toMessage(Object value, int headroom) {
        if (headroom == 0 && value != null && value.getClass() == Integer.class) {
            return WireMessage.of(ScalarCodec.encodeInt((Integer) value)); // the commonest item
        }
        return ScalarCodec.handles(value) ? SCALAR.encodeMessage(value, headroom) : JDK.encodeMessage(value, headroom);
    }

    /**
     * Encodes {@code value} like {@link #toMessage(Object, int)}, but with plug-in codec
     * {@code codec} where Java serialization would be used (null: Java serialization); scalars,
     * strings and primitive arrays keep their own path.
     *
     * @throws IllegalArgumentException if the codec cannot encode the graph
     */
    public static WireMessage toMessage(Object value, int headroom, org.multiprocessing4j.spi.ObjectCodec codec) {
        if (codec == null) {
            return toMessage(value, headroom);
        }
        // one handles() test: for an Object[] it looks at every element
        return ScalarCodec.handles(value) ? SCALAR.encodeMessage(value, headroom) : PluginCodecs.encode(codec, value, headroom);
    }

    /**
     * Copies a message out of shared memory, where it lies in {@code pieces} one after the other,
     * with the frame at {@code frameAt} running to its end: the frame's large primitive arrays
     * go straight into arrays of their own (one copy each), the rest into the message's bytes.
     * This only copies, so a channel can call it under its read lock (and so lose nothing if
     * this process dies meanwhile); {@link #fromMessage} decodes the result afterwards.
     *
     * @param pieces the message, in order
     * @param frameAt where the frame starts (the bytes before it are the caller's header)
     * @param isPrivate whether the message comes from this user's processes on this machine:
     *     else the arrays are checked against the network limits
     * @throws org.multiprocessing4j.DeserializationException if the frame's arrays are malformed
     *     or over the limits
     */
    public static WireMessage copyOut(MemorySegment[] pieces, long frameAt, boolean isPrivate) {
        if (pieces.length == 1 && pieces[0].byteSize() - frameAt < JdkCodec.RAW_MIN_BYTES) {
            // too short to hold a large array: the whole message as it is
            return WireMessage.of(pieces[0].toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        ClassAllowList.Limits limits = isPrivate ? ClassAllowList.Limits.LOCAL : ClassAllowList.Limits.NETWORK;
        long end = Pieces.length(pieces);
        if (end > Integer.MAX_VALUE - 16) {
            throw new DeserializationException("message of " + end + " bytes: at most 2 GiB can be read", null);
        }
        if (WireMessage.NATIVE_LITTLE_ENDIAN && frameAt + 2 <= end) {
            byte id = Pieces.getByte(pieces, frameAt);
            if (id == ScalarCodec.ID) {
                int kind = ScalarCodec.kindOfTag(Pieces.getByte(pieces, frameAt + 1));
                long n = end - frameAt - 2;
                int shift = kind < 0 ? 0 : PrimitiveArrays.shift(kind);
                if (kind >= 0 && n >= JdkCodec.RAW_MIN_BYTES && (n & ((1 << shift) - 1)) == 0) {
                    limits.checkArrayLength(n >> shift);
                    Object a = PrimitiveArrays.allocate(kind, (int) (n >> shift));
                    Pieces.copy(pieces, frameAt + 2, PrimitiveArrays.segment(a), 0, n);
                    byte[] head = Pieces.bytes(pieces, 0, (int) frameAt + 2);
                    return new WireMessage(head, head.length, new Object[] {a});
                }
            } else if (id == JdkCodec.ID_RAW) {
                long frameLength = end - frameAt - 1;
                limits.checkBytes(frameLength);
                JdkCodec.Directory d = JdkCodec.Directory.read(pieces, frameAt + 1, frameLength, limits);
                Object[] arrays = new Object[d.count()];
                long at = frameAt + 1 + d.rawStart();
                for (int i = 0; i < arrays.length; i++) {
                    arrays[i] = PrimitiveArrays.allocate(d.kinds()[i], d.lengths()[i]);
                    long n = (long) d.lengths()[i] << PrimitiveArrays.shift(d.kinds()[i]);
                    Pieces.copy(pieces, at, PrimitiveArrays.segment(arrays[i]), 0, n);
                    at += n;
                }
                byte[] head = Pieces.bytes(pieces, 0, (int) (frameAt + 1 + d.rawStart()));
                return new WireMessage(head, head.length, arrays);
            }
        }
        return WireMessage.of(Pieces.bytes(pieces, 0, (int) end));
    }

    /**
     * The message a queue's receive with a reader returned: a new array (a small message, or a
     * queue not in shared memory), or what {@link #copyOut} made of it.
     *
     * @param received what the receive returned, not null
     */
    public static WireMessage received(Object received) {
        return received instanceof byte[] b ? WireMessage.of(b) : (WireMessage) received;
    }

    /**
     * Decodes the frame at {@code offset} of a message made by {@link #copyOut} (or
     * {@link WireMessage#of}), running to the message's end.
     *
     * @param isPrivate as for {@link #copyOut}: which limits apply
     */
    public static Object fromMessage(WireMessage m, int offset, boolean isPrivate) {
        ClassAllowList.Limits limits = isPrivate ? ClassAllowList.Limits.LOCAL : ClassAllowList.Limits.NETWORK;
        Object[] arrays = m.arrays();
        if (arrays == null) {
            return fromFrame(m.bytes(), offset, m.length() - offset, limits);
        }
        byte id = m.bytes()[offset];
        if (id == ScalarCodec.ID) {
            return arrays[0]; // copyOut made it from the frame's tag
        }
        return JDK.decodeRaw(m.bytes(), offset + 1, m.length() - offset - 1, arrays, limits);
    }

    /** Decodes a frame made by {@link #toFrame}. */
    public static Object fromFrame(byte[] frame) {
        return fromFrame(frame, 0, frame.length);
    }

    /** Decodes the frame at {@code offset} of {@code length} bytes, under the local channels' limits. */
    public static Object fromFrame(byte[] bytes, int offset, int length) {
        return fromFrame(bytes, offset, length, ClassAllowList.Limits.LOCAL);
    }

    /**
     * Decodes a frame that may come from another user or machine (a manager call or reply, a
     * {@code Listener}/{@code Client} connection, a cluster task), under the network channels'
     * limits; the caller has authenticated the peer first.
     */
    public static Object fromNetworkFrame(byte[] bytes, int offset, int length) {
        return fromFrame(bytes, offset, length, ClassAllowList.Limits.NETWORK);
    }

    /** Decodes a whole frame like {@link #fromNetworkFrame(byte[], int, int)}. */
    public static Object fromNetworkFrame(byte[] frame) {
        return fromFrame(frame, 0, frame.length, ClassAllowList.Limits.NETWORK);
    }

    private static Object fromFrame(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        if (length < 1) {
            throw new DeserializationException("empty frame: length=" + length, null);
        }
        byte id = bytes[offset];
        if (id == ScalarCodec.ID && length == 6 && bytes[offset + 1] == 1) { // an Integer, the commonest item
            return ((bytes[offset + 2] & 0xFF) << 24) | ((bytes[offset + 3] & 0xFF) << 16)
                    | ((bytes[offset + 4] & 0xFF) << 8) | (bytes[offset + 5] & 0xFF);
        }
        if (id == ScalarCodec.ID) {
            return SCALAR.decode(bytes, offset + 1, length - 1, limits);
        }
        if (id == JdkCodec.ID_RAW) {
            return JDK.decodeRaw(bytes, offset + 1, length - 1, limits);
        }
        if (PluginCodecs.isPluginId(id)) {
            return PluginCodecs.decode(id, bytes, offset + 1, length - 1, limits);
        }
        if (id != JDK.id()) {
            throw new DeserializationException("unknown codec id=" + id + " in frame of length=" + length, null);
        }
        return JDK.decode(bytes, offset + 1, length - 1, limits);
    }
}
