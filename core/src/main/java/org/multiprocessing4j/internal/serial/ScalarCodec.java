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
 *   tag 11 int[]        4 bytes each, little-endian (the rest of the arrays too)
 *   tag 12 long[]       8 bytes each
 *   tag 13 double[]     8 bytes each (IEEE bits)
 *   tag 14 float[]      4 bytes each (IEEE bits)
 *   tag 15 short[]      2 bytes each
 *   tag 16 char[]       2 bytes each
 *   tag 17 Object[]     int count, then count x (int length, element's tag and payload): an array
 *                       of the values above only, at most {@value #MAX_LIST_BYTES} bytes of them,
 *                       no primitive array twice (Java serialization would keep it one array)
 * </pre>
 * Only these exact classes qualify ({@link #handles}); anything else goes to another codec. Tag 17
 * carries a pool chunk's arguments or results when they are strings, boxed values or small
 * arrays ({@code Packing} leaves those as an {@code Object[]}): an object stream costs such a
 * chunk tens of microseconds each way, in a map of three small arrays most of its time. The
 * arrays are copied in bulk ({@link PrimitiveArrays}: one {@code MemorySegment.copy}, a plain
 * {@code memcpy} on little-endian machines), both ways.
 */
public final class ScalarCodec implements Codec {
    public static final byte ID = 2;

    @Override
    public byte id() {
        return ID;
    }

    /** The most bytes of elements a tag-17 {@code Object[]} frame holds; larger ones go to Java serialization's raw-array frames. */
    static final int MAX_LIST_BYTES = 64 * 1024;

    /** Whether this codec can encode {@code value}. */
    public static boolean handles(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> c = value.getClass();
        if (c == String.class) {
            return isWellFormed((String) value);
        }
        return isScalar(c) || c == Object[].class && isScalarList((Object[]) value);
    }

    /**
     * Whether {@code s} has no unpaired surrogate: UTF-8 (tags 4 and 17) cannot carry one (it
     * would come back as {@code ?}), Java serialization's modified UTF-8 can, so such a string
     * goes there.
     */
    private static boolean isWellFormed(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isScalar(Class<?> c) {
        return c == Integer.class || c == Long.class || c == Double.class || c == String.class || c == byte[].class
                || c == Boolean.class || c == Float.class || c == Short.class || c == Byte.class || c == Character.class
                || c == int[].class || c == long[].class || c == double[].class || c == float[].class
                || c == short[].class || c == char[].class;
    }

    /**
     * Whether {@code values} can be a tag-17 frame: only scalars, strings and primitive arrays (or
     * nulls), at most {@link #MAX_LIST_BYTES} of them by an upper estimate, no array twice.
     */
    private static boolean isScalarList(Object[] values) {
        long bytes = 0;
        int arrays = 0;
        for (Object v : values) {
            if (v == null) {
                continue;
            }
            Class<?> c = v.getClass();
            if (!isScalar(c)) {
                return false;
            }
            int kind = PrimitiveArrays.kind(c);
            if (kind >= 0) {
                bytes += PrimitiveArrays.byteSize(v, kind);
                arrays++;
            } else if (c == String.class) {
                if (!isWellFormed((String) v)) {
                    return false;
                }
                bytes += 3L * ((String) v).length();
            } else {
                bytes += 8;
            }
            if (bytes > MAX_LIST_BYTES) {
                return false;
            }
        }
        return arrays < 2 || distinctArrays(values, arrays);
    }

    /** Whether no primitive array appears twice among {@code values} ({@code arrays} of them). */
    private static boolean distinctArrays(Object[] values, int arrays) {
        var seen = new java.util.IdentityHashMap<Object, Boolean>(arrays * 2);
        for (Object v : values) {
            if (v != null && v.getClass().isArray() && seen.put(v, Boolean.TRUE) != null) {
                return false;
            }
        }
        return true;
    }

    /** A tag-17 frame of {@code values} at {@code headroom} (see {@link #isScalarList}). */
    private byte[] encodeList(Object[] values, int headroom) {
        byte[][] parts = new byte[values.length][];
        int size = headroom + 2 + 4;
        for (int i = 0; i < values.length; i++) {
            parts[i] = encode(values[i], 0); // [ID][tag][payload]
            size += 4 + parts[i].length - 1;
        }
        byte[] f = new byte[size];
        f[headroom] = ID;
        f[headroom + 1] = 17;
        int at = putInt(f, headroom + 2, values.length);
        for (byte[] part : parts) {
            at = putInt(f, at, part.length - 1);
            System.arraycopy(part, 1, f, at, part.length - 1);
            at += part.length - 1;
        }
        return f;
    }

    private static int putInt(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 24);
        f[at + 1] = (byte) (v >>> 16);
        f[at + 2] = (byte) (v >>> 8);
        f[at + 3] = (byte) v;
        return at + 4;
    }

    /** The {@code Object[]} of a tag-17 frame's {@code n} bytes at {@code p}. */
    private Object[] decodeList(byte[] bytes, int p, int n, ClassAllowList.Limits limits) {
        if (n < 4) {
            throw new DeserializationException("scalar tag=17 needs a 4-byte count, frame has " + n, null);
        }
        int end = p + n;
        int count = (int) getLong(bytes, p, 4);
        if (count < 0 || count > (n - 4) / 5) { // each element takes at least a length and a tag
            throw new DeserializationException("scalar tag=17 frame of " + n + " bytes cannot hold " + count + " elements", null);
        }
        limits.checkArrayLength(count);
        Object[] values = new Object[count];
        int at = p + 4;
        for (int i = 0; i < count; i++) {
            if (end - at < 4) {
                throw new DeserializationException("scalar tag=17 frame cut short at element " + i + " of " + count, null);
            }
            int length = (int) getLong(bytes, at, 4);
            at += 4;
            if (length < 1 || length > end - at || bytes[at] == 17) {
                throw new DeserializationException("scalar tag=17 element " + i + " has a bad length " + length
                        + " or tag", null);
            }
            values[i] = decode(bytes, at, length, limits);
            at += length;
        }
        if (at != end) {
            throw new DeserializationException("scalar tag=17 frame has " + (end - at) + " bytes after its elements", null);
        }
        return values;
    }

    /** Encodes {@code value}, one of the classes {@link #handles} accepts. */
    @Override
    public byte[] encode(Object value) {
        return encode(value, 0);
    }

    /**
     * Encodes {@code value} into a frame that starts at index {@code headroom} of the returned array
     * (the bytes before it are zero, for the caller's header); arrays, strings and {@code byte[]}
     * are written there directly, without a second copy.
     */
    public byte[] encode(Object value, int headroom) {
        int kind = value == null ? -1 : PrimitiveArrays.kind(value.getClass());
        if (kind >= 0) {
            long size = PrimitiveArrays.byteSize(value, kind);
            if (size > Integer.MAX_VALUE - 16 - headroom) {
                throw new IllegalArgumentException("cannot serialize a " + PrimitiveArrays.name(kind) + " of " + size
                        + " bytes: one message holds at most 2 GiB; send it in parts, or place it in a SharedMemory"
                        + " block and send that");
            }
            byte[] f = new byte[headroom + 2 + (int) size];
            f[headroom] = ID;
            f[headroom + 1] = (byte) TAGS[kind];
            PrimitiveArrays.write(value, kind, f, headroom + 2);
            return f;
        }
        if (value != null && value.getClass() == Object[].class) {
            return encodeList((Object[]) value, headroom);
        }
        if (value != null && value.getClass() == String.class) {
            byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
            byte[] f = new byte[headroom + 2 + utf8.length];
            f[headroom] = ID;
            f[headroom + 1] = 4;
            System.arraycopy(utf8, 0, f, headroom + 2, utf8.length);
            return f;
        }
        byte[] small = encodeScalar(value);
        if (headroom == 0) {
            return small;
        }
        byte[] f = new byte[headroom + small.length];
        System.arraycopy(small, 0, f, headroom, small.length);
        return f;
    }

    /**
     * Encodes {@code value} like {@link #encode(Object, int)}, but an array is not copied: it
     * follows the frame's two bytes as the message's array ({@link WireMessage}).
     */
    public WireMessage encodeMessage(Object value, int headroom) {
        int kind = value == null ? -1 : PrimitiveArrays.kind(value.getClass());
        if (kind < 0 || PrimitiveArrays.byteSize(value, kind) < JdkCodec.RAW_MIN_BYTES) {
            return WireMessage.of(encode(value, headroom));
        }
        long size = PrimitiveArrays.byteSize(value, kind);
        if (size > Integer.MAX_VALUE - 16 - headroom) {
            throw new IllegalArgumentException("cannot serialize a " + PrimitiveArrays.name(kind) + " of " + size
                    + " bytes: one message holds at most 2 GiB; send it in parts, or place it in a SharedMemory"
                    + " block and send that");
        }
        byte[] f = new byte[headroom + 2];
        f[headroom] = ID;
        f[headroom + 1] = (byte) TAGS[kind];
        return new WireMessage(f, f.length, new Object[] {value});
    }

    /** The tag of each kind of {@link PrimitiveArrays}. */
    private static final int[] TAGS = {5, 15, 16, 11, 12, 14, 13};

    /** The kind of {@link PrimitiveArrays} that {@code tag} carries, or -1 if it is not an array's tag. */
    static int kindOfTag(int tag) {
        for (int k = 0; k < TAGS.length; k++) {
            if (TAGS[k] == tag) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The frame of a boxed primitive or null. An if-chain on the exact class rather than a pattern
     * switch: a pattern switch calls its {@code typeSwitch} bootstrap method handle on every use,
     * which costs microseconds while a child JVM's code still runs interpreted.
     */
    private static byte[] encodeScalar(Object value) {
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
        return decode(bytes, offset, length, ClassAllowList.Limits.LOCAL);
    }

    /** Decodes like {@link #decode(byte[], int, int)}, an array's length under {@code limits}. */
    public Object decode(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
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
            case 5 -> array(0, bytes, p, n, tag, limits);
            case 6 -> { check(n, 1, tag); yield bytes[p] != 0; }
            case 7 -> { check(n, 4, tag); yield Float.intBitsToFloat((int) getLong(bytes, p, 4)); }
            case 8 -> { check(n, 2, tag); yield (short) getLong(bytes, p, 2); }
            case 9 -> { check(n, 1, tag); yield bytes[p]; }
            case 10 -> { check(n, 2, tag); yield (char) getLong(bytes, p, 2); }
            case 11 -> array(3, bytes, p, n, tag, limits);
            case 12 -> array(4, bytes, p, n, tag, limits);
            case 13 -> array(6, bytes, p, n, tag, limits);
            case 14 -> array(5, bytes, p, n, tag, limits);
            case 15 -> array(1, bytes, p, n, tag, limits);
            case 16 -> array(2, bytes, p, n, tag, limits);
            case 17 -> decodeList(bytes, p, n, limits);
            default -> throw new DeserializationException("unknown scalar tag=" + tag, null);
        };
    }

    /** The array of {@code kind} in the {@code n} bytes at {@code p}. */
    private static Object array(int kind, byte[] bytes, int p, int n, int tag, ClassAllowList.Limits limits) {
        checkMultiple(n, 1 << PrimitiveArrays.shift(kind), tag);
        return PrimitiveArrays.read(kind, n >> PrimitiveArrays.shift(kind), bytes, p, p + n, limits);
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
