package org.multiprocessing4j.internal.serial;

/**
 * Frames of the form {@code [codec id][codec bytes]}: the entry point the rest of the library uses.
 * The default codec is chosen here; decoding picks the codec named by the frame's first byte.
 */
public final class Serialization {
    private static final Codec JDK = new JdkCodec();
    private static final Codec SCALAR = new ScalarCodec();

    private Serialization() {}

    /** Encodes {@code value} into a frame: scalars and strings by {@link ScalarCodec}, the rest by Java serialization. */
    public static byte[] toFrame(Object value) {
        if (value != null && value.getClass() == Integer.class) {
            return ScalarCodec.encodeInt((Integer) value);
        }
        return ScalarCodec.handles(value) ? SCALAR.encode(value) : JDK.encode(value);
    }

    /** Decodes a frame made by {@link #toFrame}. */
    public static Object fromFrame(byte[] frame) {
        return fromFrame(frame, 0, frame.length);
    }

    /** Decodes the frame at {@code offset} of {@code length} bytes. */
    public static Object fromFrame(byte[] bytes, int offset, int length) {
        if (length < 1) {
            throw new DeserializationException("empty frame: length=" + length, null);
        }
        byte id = bytes[offset];
        if (id == ScalarCodec.ID && length == 6 && bytes[offset + 1] == 1) { // an Integer, the commonest item
            return ((bytes[offset + 2] & 0xFF) << 24) | ((bytes[offset + 3] & 0xFF) << 16)
                    | ((bytes[offset + 4] & 0xFF) << 8) | (bytes[offset + 5] & 0xFF);
        }
        if (id == ScalarCodec.ID) {
            return SCALAR.decode(bytes, offset + 1, length - 1);
        }
        if (id != JDK.id()) {
            throw new DeserializationException("unknown codec id=" + id + " in frame of length=" + length, null);
        }
        return JDK.decode(bytes, offset + 1, length - 1);
    }
}
