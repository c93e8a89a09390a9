package org.multiprocessing4j.internal.serial;

import java.nio.charset.StandardCharsets;
import org.multiprocessing4j.DeserializationException;

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

    /**
     * Encodes {@code value}. An if-chain on the exact class rather than a pattern switch: a pattern
     * switch calls its {@code typeSwitch} bootstrap method handle on every use, which costs
     * microseconds while a child JVM's code still runs interpreted.
     */
    @Override
    public byte[] encode(Object value) {
        if (value == null) {
            return new byte[] {ID, 0};
        }
        Class<?> c = value.getClass();
        if (c == Integer.class) {
            return encodeInt((Integer) value);
        }
        if (c == Long.class) {
            return putLong(frame(2, 8), (Long) value, 8);
        }
        if (c == Double.class) {
            return putLong(frame(3, 8), Double.doubleToRawLongBits((Double) value), 8);
        }
        if (c == String.class) {
            return withPayload(4, ((String) value).getBytes(StandardCharsets.UTF_8));
        }
        if (c == byte[].class) {
            return withPayload(5, (byte[]) value);
        }
        if (c == Boolean.class) {
            return putLong(frame(6, 1), (Boolean) value ? 1 : 0, 1);
        }
        if (c == Float.class) {
            return putLong(frame(7, 4), Float.floatToRawIntBits((Float) value), 4);
        }
        if (c == Short.class) {
            return putLong(frame(8, 2), (Short) value, 2);
        }
        if (c == Byte.class) {
            return putLong(frame(9, 1), (Byte) value, 1);
        }
        if (c == Character.class) {
            return putLong(frame(10, 2), (Character) value, 2);
        }
        if (c == int[].class) {
            int[] a = (int[]) value;
            byte[] f = frame(11, 4 * a.length);
            java.nio.ByteBuffer.wrap(f, 2, 4 * a.length).asIntBuffer().put(a);
            return f;
        }
        if (c == long[].class) {
            long[] a = (long[]) value;
            byte[] f = frame(12, 8 * a.length);
            java.nio.ByteBuffer.wrap(f, 2, 8 * a.length).asLongBuffer().put(a);
            return f;
        }
        if (c == double[].class) {
            double[] a = (double[]) value;
            byte[] f = frame(13, 8 * a.length);
            java.nio.ByteBuffer.wrap(f, 2, 8 * a.length).asDoubleBuffer().put(a);
            return f;
        }
        throw new IllegalArgumentException("ScalarCodec cannot encode " + c.getName());
    }

    /** The frame of an {@code Integer}: the commonest item, so the shortest path. */
    public static byte[] encodeInt(int v) {
        return new byte[] {ID, 1, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
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
