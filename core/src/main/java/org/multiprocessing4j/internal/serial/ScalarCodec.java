package org.multiprocessing4j.internal.serial;

import java.nio.charset.StandardCharsets;

/**
 * A codec for the values sent most often (null, boxed primitives, {@code String}, {@code byte[]})
 * that skips Java serialization's stream set-up, which costs a microsecond or more per message.
 *
 * <pre>
 *   frame = [ID][tag][payload]
 *   tag 0 null          (no payload)
 *   tag 1 Integer       4 bytes big-endian
 *   tag 2 Long          8 bytes
 *   tag 3 Double        8 bytes (IEEE bits)
 *   tag 4 String        UTF-8 bytes to the end of the frame
 *   tag 5 byte[]        the bytes to the end of the frame
 *   tag 6 Boolean       1 byte
 *   tag 7 Float         4 bytes (IEEE bits)
 *   tag 8 Short         2 bytes
 *   tag 9 Byte          1 byte
 *   tag 10 Character    2 bytes
 *   tag 11 int[]        4 bytes each, big-endian
 *   tag 12 long[]       8 bytes each
 *   tag 13 double[]     8 bytes each (IEEE bits)
 * </pre>
 * Only these exact classes qualify ({@link #handles}); anything else goes to another codec.
 */
public final class ScalarCodec implements Codec {
    public static final byte ID = 2;

    @Override
    public byte id() {
        return ID;
    }

    /** Whether this codec can encode {@code value}. */
    public static boolean handles(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> c = value.getClass();
        return c == Integer.class || c == Long.class || c == Double.class || c == String.class || c == byte[].class
                || c == Boolean.class || c == Float.class || c == Short.class || c == Byte.class || c == Character.class
                || c == int[].class || c == long[].class || c == double[].class;
    }

    @Override
    public byte[] encode(Object value) {
        return switch (value) {
            case null -> new byte[] {ID, 0};
            case Integer i -> putLong(frame(1, 4), i, 4);
            case Long l -> putLong(frame(2, 8), l, 8);
            case Double d -> putLong(frame(3, 8), Double.doubleToRawLongBits(d), 8);
            case String s -> withPayload(4, s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> withPayload(5, b);
            case Boolean b -> putLong(frame(6, 1), b ? 1 : 0, 1);
            case Float f -> putLong(frame(7, 4), Float.floatToRawIntBits(f), 4);
            case Short s -> putLong(frame(8, 2), s, 2);
            case Byte b -> putLong(frame(9, 1), b, 1);
            case Character c -> putLong(frame(10, 2), c, 2);
            case int[] a -> {
                byte[] f = frame(11, 4 * a.length);
                java.nio.ByteBuffer.wrap(f, 2, 4 * a.length).asIntBuffer().put(a);
                yield f;
            }
            case long[] a -> {
                byte[] f = frame(12, 8 * a.length);
                java.nio.ByteBuffer.wrap(f, 2, 8 * a.length).asLongBuffer().put(a);
                yield f;
            }
            case double[] a -> {
                byte[] f = frame(13, 8 * a.length);
                java.nio.ByteBuffer.wrap(f, 2, 8 * a.length).asDoubleBuffer().put(a);
                yield f;
            }
            default -> throw new IllegalArgumentException("ScalarCodec cannot encode " + value.getClass().getName());
        };
    }

    private static byte[] frame(int tag, int payload) {
        byte[] f = new byte[2 + payload];
        f[0] = ID;
        f[1] = (byte) tag;
        return f;
    }

    private static byte[] withPayload(int tag, byte[] payload) {
        byte[] f = frame(tag, payload.length);
        System.arraycopy(payload, 0, f, 2, payload.length);
        return f;
    }

    private static byte[] putLong(byte[] f, long v, int n) {
        for (int i = 0; i < n; i++) {
            f[2 + i] = (byte) (v >>> (8 * (n - 1 - i)));
        }
        return f;
    }

    private static long getLong(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        if (length < 1) {
            throw new DeserializationException("scalar frame without a tag", null);
        }
        int tag = bytes[offset];
        int p = offset + 1;
        int n = length - 1;
        return switch (tag) {
            case 0 -> null;
            case 1 -> { check(n, 4, tag); yield (int) getLong(bytes, p, 4); }
            case 2 -> { check(n, 8, tag); yield getLong(bytes, p, 8); }
            case 3 -> { check(n, 8, tag); yield Double.longBitsToDouble(getLong(bytes, p, 8)); }
            case 4 -> new String(bytes, p, n, StandardCharsets.UTF_8);
            case 5 -> java.util.Arrays.copyOfRange(bytes, p, p + n);
            case 6 -> { check(n, 1, tag); yield bytes[p] != 0; }
            case 7 -> { check(n, 4, tag); yield Float.intBitsToFloat((int) getLong(bytes, p, 4)); }
            case 8 -> { check(n, 2, tag); yield (short) getLong(bytes, p, 2); }
            case 9 -> { check(n, 1, tag); yield bytes[p]; }
            case 10 -> { check(n, 2, tag); yield (char) getLong(bytes, p, 2); }
            case 11 -> {
                checkMultiple(n, 4, tag);
                int[] a = new int[n / 4];
                java.nio.ByteBuffer.wrap(bytes, p, n).asIntBuffer().get(a);
                yield a;
            }
            case 12 -> {
                checkMultiple(n, 8, tag);
                long[] a = new long[n / 8];
                java.nio.ByteBuffer.wrap(bytes, p, n).asLongBuffer().get(a);
                yield a;
            }
            case 13 -> {
                checkMultiple(n, 8, tag);
                double[] a = new double[n / 8];
                java.nio.ByteBuffer.wrap(bytes, p, n).asDoubleBuffer().get(a);
                yield a;
            }
            default -> throw new DeserializationException("unknown scalar tag=" + tag, null);
        };
    }

    private static void checkMultiple(int actual, int unit, int tag) {
        if (actual % unit != 0) {
            throw new DeserializationException("scalar tag=" + tag + " needs a multiple of " + unit + " bytes, frame has " + actual, null);
        }
    }

    private static void check(int actual, int expected, int tag) {
        if (actual != expected) {
            throw new DeserializationException("scalar tag=" + tag + " needs " + expected + " bytes, frame has " + actual, null);
        }
    }
}
