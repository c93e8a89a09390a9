package org.multiprocessing4j.internal.serial;

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
        if (id != JDK.id()) {
            throw new DeserializationException("unknown codec id=" + id + " in frame of length=" + length, null);
        }
        return JDK.decode(bytes, offset + 1, length - 1, limits);
    }
}
