package org.multiprocessing4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;

/**
 * The typecodes of {@link Value} and {@link Array}, as Python's {@code multiprocessing} spells them,
 * with their element layout and the conversion of a boxed value (Python spelling) to the element
 * type. Conversions are strict: an out-of-range or non-integral number for an integer typecode is
 * an {@link IllegalArgumentException}, never a silent truncation.
 */
enum Typecode {
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
    static final String ALL = "'b', 'c', 'h', 'i', 'l', 'f', 'd'";

    final char code;
    final ValueLayout layout;
    final int size;
    final String description;
    private final VarHandle handle;

    Typecode(char code, ValueLayout layout, String description) {
        this.code = code;
        this.layout = layout;
        this.size = (int) layout.byteSize();
        this.description = description;
        this.handle = layout.varHandle();
    }

    /**
     * The typecode {@code c}.
     *
     * @throws IllegalArgumentException if it is not one of {@link #ALL}
     */
    static Typecode of(char c) {
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

    /** The typecode stored in a segment, or null if the int is not one. */
    static Typecode ofStored(int c) {
        for (Typecode t : values()) {
            if (t.code == c) {
                return t;
            }
        }
        return null;
    }

    /** The boxed element type a value of this typecode reads as. */
    Class<?> boxedType() {
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

    /** Reads the element at {@code offset} (volatile), boxed. */
    Object read(MemorySegment memory, long offset) {
        return switch (this) {
            case BYTE -> (byte) handle.getVolatile(memory, offset);
            case CHAR -> (char) ((byte) handle.getVolatile(memory, offset) & 0xFF);
            case SHORT -> (short) handle.getVolatile(memory, offset);
            case INT -> (int) handle.getVolatile(memory, offset);
            case LONG -> (long) handle.getVolatile(memory, offset);
            case FLOAT -> (float) handle.getVolatile(memory, offset);
            case DOUBLE -> (double) handle.getVolatile(memory, offset);
        };
    }

    /**
     * Converts {@code value} and writes it at {@code offset} (volatile).
     *
     * @param what how to name the value in an error message, e.g. {@code "value"}
     * @throws IllegalArgumentException if the value does not convert, see {@link #convert}
     */
    void write(MemorySegment memory, long offset, Object value, String what) {
        Object v = convert(value, what);
        switch (this) {
            case BYTE -> handle.setVolatile(memory, offset, (byte) v);
            case CHAR -> handle.setVolatile(memory, offset, (byte) (char) v);
            case SHORT -> handle.setVolatile(memory, offset, (short) v);
            case INT -> handle.setVolatile(memory, offset, (int) v);
            case LONG -> handle.setVolatile(memory, offset, (long) v);
            case FLOAT -> handle.setVolatile(memory, offset, (float) v);
            case DOUBLE -> handle.setVolatile(memory, offset, (double) v);
        }
    }

    /**
     * The 64-bit cell of a converted value (as {@link #convert} returns it) for a context's {@link
     * org.multiprocessing4j.spi.Cells}: integers sign-extended ({@code 'c'} 0..255), {@code 'f'}
     * and {@code 'd'} as their raw bits.
     */
    long toBits(Object converted) {
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

    /** The boxed element a 64-bit cell holds, the inverse of {@link #toBits}. */
    Object fromBits(long bits) {
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
     * @throws IllegalArgumentException if the value is null, of another type, or out of range
     */
    Object convert(Object value, String what) {
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
