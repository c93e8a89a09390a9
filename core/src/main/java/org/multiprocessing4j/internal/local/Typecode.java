package org.multiprocessing4j.internal.local;

import java.lang.foreign.ValueLayout;
import java.math.BigInteger;

/**
 * The typecodes of {@link org.multiprocessing4j.Value} and {@link org.multiprocessing4j.Array}, as Python's {@code multiprocessing} spells them,
 * with their element layout and the conversion of a boxed value (Python spelling) to the element
 * type. Conversions are strict: an out-of-range or non-integral number for an integer typecode is
 * an {@link IllegalArgumentException}, never a silent truncation.
 */
public enum Typecode {
    /** {@code 'b'}: signed char, a Java {@code byte}. */
    BYTE('b', ValueLayout.JAVA_BYTE, "signed char: byte"),
    /** {@code 'c'}: char, a single byte read as a Java {@code char} 0..255 (Latin-1). */
    CHAR('c', ValueLayout.JAVA_BYTE, "char: a single byte 0..255"),
    /** {@code 'h'}: short. */
    SHORT('h', ValueLayout.JAVA_SHORT, "short"),
    /** {@code 'i'}: int. */
    INT('i', ValueLayout.JAVA_INT, "int"),
    /** {@code 'l'}: long, 64 bits as C's long on Linux x86_64 and aarch64. */
    LONG('l', ValueLayout.JAVA_LONG, "long"),
    /** {@code 'f'}: float. */
    FLOAT('f', ValueLayout.JAVA_FLOAT, "float"),
    /** {@code 'd'}: double. */
    DOUBLE('d', ValueLayout.JAVA_DOUBLE, "double");

    /** The typecodes accepted, for error messages. */
    public static final String ALL = "'b', 'c', 'h', 'i', 'l', 'f', 'd'";

    /** The typecode's character, e.g. {@code 'i'}. */
    public final char code;
    /** The layout of one element in shared memory (CPython's C type on Linux). */
    public final ValueLayout layout;
    /** The size of one element in bytes. */
    public final int size;
    /** The C type, for messages. */
    public final String description;

    Typecode(char code, ValueLayout layout, String description) {
        this.code = code;
        this.layout = layout;
        this.size = (int) layout.byteSize();
        this.description = description;
    }

    /**
     * The typecode {@code c}.
     *
     * @param c the typecode's character
     * @return the typecode
     * @throws IllegalArgumentException if it is not one of {@link #ALL}
     */
    public static Typecode of(char c) {
        return switch (c) {
            case 'b' -> BYTE;
            case 'c' -> CHAR;
            case 'h' -> SHORT;
            case 'i' -> INT;
            case 'l' -> LONG;
            case 'f' -> FLOAT;
            case 'd' -> DOUBLE;
            default -> throw new IllegalArgumentException("typecode='" + c + "' is not one of " + ALL
                    + " (Python's multiprocessing typecodes supported here)");
        };
    }

    /**
     * The typecode stored in a segment or a handle, or null if the int is not one.
     *
     * @param c the stored character
     * @return the typecode, or null
     */
    public static Typecode ofStored(int c) {
        for (Typecode t : values()) {
            if (t.code == c) {
                return t;
            }
        }
        return null;
    }

    /**
     * The boxed element type a value of this typecode reads as.
     *
     * @return the boxed element type, e.g. {@code Integer.class} for {@code 'i'}
     */
    public Class<?> boxedType() {
        return switch (this) {
            case BYTE -> Byte.class;
            case CHAR -> Character.class;
            case SHORT -> Short.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
        };
    }

    /**
     * The 64-bit cell of a converted value (as {@link #convert} returns it) for a context's {@link
     * org.multiprocessing4j.spi.Cells}: integers sign-extended ({@code 'c'} 0..255), {@code 'f'}
     * and {@code 'd'} as their raw bits.
     *
     * @param converted the value, as {@link #convert} returns it
     * @return the cell's 64 bits
     */
    public long toBits(Object converted) {
        return switch (this) {
            case BYTE -> (byte) converted;
            case CHAR -> (char) converted;
            case SHORT -> (short) converted;
            case INT -> (int) converted;
            case LONG -> (long) converted;
            case FLOAT -> Float.floatToRawIntBits((float) converted);
            case DOUBLE -> Double.doubleToRawLongBits((double) converted);
        };
    }

    /**
     * The boxed element a 64-bit cell holds, the inverse of {@link #toBits}.
     *
     * @param bits the cell's 64 bits
     * @return the element, boxed as {@link #boxedType()}
     */
    public Object fromBits(long bits) {
        return switch (this) {
            case BYTE -> (byte) bits;
            case CHAR -> (char) (bits & 0xFF);
            case SHORT -> (short) bits;
            case INT -> (int) bits;
            case LONG -> bits;
            case FLOAT -> Float.intBitsToFloat((int) bits);
            case DOUBLE -> Double.longBitsToDouble(bits);
        };
    }

    /**
     * Converts a boxed value to this typecode's boxed element type ({@link #boxedType()}).
     *
     * <p>Integer typecodes take integral numbers ({@code Byte}, {@code Short}, {@code Integer},
     * {@code Long}, {@code BigInteger}, atomics) in range; {@code 'f'} and {@code 'd'} take any
     * {@code Number}; {@code 'c'} takes a {@code Character} 0..255, an integral number 0..255, a
     * {@code Byte} (its unsigned value), or a {@code String} or {@code byte[]} of length 1.
     *
     * @param value the boxed value
     * @param what how to name the value in an error message, e.g. {@code "value"}
     * @return the value as {@link #boxedType()}
     * @throws IllegalArgumentException if the value is null, of another type, or out of range
     */
    public Object convert(Object value, String what) {
        if (this == CHAR) {
            return toChar(value, what);
        }
        if (this == FLOAT || this == DOUBLE) {
            if (!(value instanceof Number n)) {
                throw wrongType(value, what, "a number");
            }
            return this == FLOAT ? (Object) n.floatValue() : (Object) n.doubleValue();
        }
        long v = integral(value, what);
        return switch (this) {
            case BYTE -> (byte) inRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, value, what);
            case SHORT -> (short) inRange(v, Short.MIN_VALUE, Short.MAX_VALUE, value, what);
            case INT -> (int) inRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, value, what);
            default -> v;
        };
    }

    private long integral(Object value, String what) {
        return switch (value) {
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case java.util.concurrent.atomic.AtomicInteger a -> a.get();
            case java.util.concurrent.atomic.AtomicLong a -> a.get();
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case BigInteger b -> throw new IllegalArgumentException(what + "=" + b + " is out of range for typecode '"
                    + code + "' (" + description + ")");
            case Number n -> throw new IllegalArgumentException(what + "=" + n + " (" + n.getClass().getSimpleName()
                    + ") is not an integer, as typecode '" + code + "' (" + description + ") needs");
            case null, default -> throw wrongType(value, what, "an integer");
        };
    }

    private long inRange(long v, long min, long max, Object value, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + "=" + value + " is out of range for typecode '" + code + "' ("
                    + description + "): " + min + ".." + max);
        }
        return v;
    }

    private Character toChar(Object value, String what) {
        long v = switch (value) {
            case Character c -> c;
            case Byte b -> b & 0xFF;
            case String s when s.length() == 1 -> s.charAt(0);
            case byte[] b when b.length == 1 -> b[0] & 0xFF;
            case Number n -> integral(n, what);
            case null, default -> throw wrongType(value, what, "a Character, a number 0..255, or a String or byte[] of length 1");
        };
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(what + "=" + describe(value) + " does not fit typecode 'c' (" + description
                    + "): it must be 0..255");
        }
        return (char) v;
    }

    private IllegalArgumentException wrongType(Object value, String what, String needed) {
        return new IllegalArgumentException(what + "=" + describe(value) + (value == null ? "" : " ("
                + value.getClass().getSimpleName() + ")") + ": typecode '" + code + "' (" + description + ") needs "
                + needed);
    }

    private static String describe(Object value) {
        return switch (value) {
            case Character c -> "'" + c + "' (" + (int) c + ")";
            case String s -> "\"" + s + "\"";
            case byte[] b -> java.util.Arrays.toString(b);
            case null, default -> String.valueOf(value);
        };
    }

    @Override
    public String toString() {
        return "'" + code + "' (" + description + ")";
    }
}
