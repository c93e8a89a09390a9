package org.multiprocessing4j.internal.serial;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.DeserializationException;

/**
 * Java serialization, restricted on input by {@link ClassAllowList}'s class policy and limits. Lambdas typed by a
 * serializable functional interface travel as {@code SerializedLambda}; the receiver must have the
 * capturing class on its class path, which children have by construction.
 *
 * <p>Large primitive arrays anywhere in the graph (in records, lists, {@code Tuple2}s, object
 * arrays; {@value #RAW_MIN_BYTES} bytes or more) do not go through the object stream, which
 * writes them element by element: the stream holds a small placeholder for each, and the arrays'
 * bytes follow the stream, copied in bulk ({@link PrimitiveArrays}). Such a frame has its own id:
 *
 * <pre>
 *   frame  = [ID] object stream                                   no large primitive array
 *          | [ID_RAW] int streamLength, object stream, raw bytes   with placeholders
 *   placeholder = RawArray(kind, length, offset into the raw bytes)
 * </pre>
 * Decoding swaps each placeholder back for a new array read from the raw bytes, under the same
 * limits (array length, stream bytes) as the object stream's filter; an array referenced twice
 * in the graph is one array again after decoding.
 */
public final class JdkCodec implements Codec {
    /** The id of a frame that is one object stream. */
    public static final byte ID = 1;
    /** The id of a frame whose large primitive arrays follow its object stream. */
    public static final byte ID_RAW = 3;
    /** The smallest primitive array, in bytes, that travels outside the object stream. */
    public static final int RAW_MIN_BYTES = 512;

    @Override
    public byte id() {
        return ID;
    }

    @Override
    public byte[] encode(Object value) {
        return encode(value, 0);
    }

    /**
     * Encodes {@code value} into a frame that starts at index {@code headroom} of the returned array
     * (the bytes before it are zero, for the caller's header).
     *
     * @throws NotSerializableValueException if some object in the graph cannot be serialized
     */
    public byte[] encode(Object value, int headroom) {
        var out = new Buffer(256 + headroom);
        for (int i = 0; i < headroom; i++) {
            out.write(0);
        }
        out.write(ID);
        out.write(0); // room for the stream length of an ID_RAW frame
        out.write(0);
        out.write(0);
        out.write(0);
        List<Object> arrays;
        try (var oos = new RawArrayOutput(out)) {
            oos.writeObject(value);
            oos.flush();
            arrays = oos.arrays;
        } catch (NotSerializableException e) {
            throw new NotSerializableValueException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("serialization failed: " + e, e);
        }
        int streamStart = headroom + 5;
        if (arrays == null) { // the plain form: [ID] stream
            byte[] frame = new byte[out.size() - 4];
            System.arraycopy(out.array(), 0, frame, 0, headroom + 1);
            System.arraycopy(out.array(), streamStart, frame, headroom + 1, out.size() - streamStart);
            return frame;
        }
        int streamLength = out.size() - streamStart;
        long raw = 0;
        for (Object a : arrays) {
            raw += PrimitiveArrays.byteSize(a, PrimitiveArrays.kind(a.getClass()));
        }
        long total = out.size() + raw;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("cannot serialize a graph of " + total + " bytes: one message holds at"
                    + " most 2 GiB; send the data in parts, or place it in a SharedMemory block and send that");
        }
        byte[] frame = new byte[(int) total];
        System.arraycopy(out.array(), 0, frame, 0, out.size());
        frame[headroom] = ID_RAW;
        frame[headroom + 1] = (byte) (streamLength >>> 24);
        frame[headroom + 2] = (byte) (streamLength >>> 16);
        frame[headroom + 3] = (byte) (streamLength >>> 8);
        frame[headroom + 4] = (byte) streamLength;
        int at = out.size();
        for (Object a : arrays) {
            int kind = PrimitiveArrays.kind(a.getClass());
            PrimitiveArrays.write(a, kind, frame, at);
            at += (int) PrimitiveArrays.byteSize(a, kind);
        }
        return frame;
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        return decode(bytes, offset, length, ClassAllowList.Limits.LOCAL);
    }

    /** Decodes like {@link #decode(byte[], int, int)} under {@code limits}. */
    public Object decode(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        return decode(bytes, offset, length, -1, -1, limits);
    }

    /**
     * Decodes the codec's bytes of an {@link #ID_RAW} frame (the frame without its id byte): the
     * stream length, the stream, the raw arrays.
     */
    Object decodeRaw(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        if (length < 4) {
            throw new DeserializationException("frame with raw arrays too short: length=" + length, null);
        }
        int streamLength = ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
        if (streamLength < 0 || streamLength > length - 4) {
            throw new DeserializationException("frame with raw arrays names a stream of " + streamLength
                    + " bytes in " + (length - 4), null);
        }
        limits.checkBytes(length);
        return decode(bytes, offset + 4, streamLength, offset + 4 + streamLength, offset + length, limits);
    }

    /**
     * Decodes the object stream at {@code offset}; its raw arrays are in {@code [rawStart, rawEnd)},
     * {@code rawStart} -1 for none.
     */
    private Object decode(byte[] bytes, int offset, int length, int rawStart, int rawEnd, ClassAllowList.Limits limits) {
        try (var ois = rawStart < 0 ? new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))
                : new RawArrayInput(new ByteArrayInputStream(bytes, offset, length), bytes, rawStart, rawEnd, limits)) {
            ois.setObjectInputFilter(ClassAllowList.filter(limits));
            return ois.readObject();
        } catch (DeserializationException e) {
            throw e;
        } catch (InvalidClassException e) {
            if (e.getCause() instanceof DeserializationException rejected) {
                throw rejected; // the policy's own message names the class, the rule and the setting
            }
            throw new DeserializationException("cannot deserialize: " + e.getMessage(), e);
        } catch (ObjectStreamException e) {
            throw new DeserializationException("malformed serialized data: " + e, e);
        } catch (ClassNotFoundException e) {
            throw new DeserializationException("class " + e.getMessage()
                    + " is not on this process's class path", e);
        } catch (ClassCastException e) {
            throw new DeserializationException("malformed serialized data: " + e, e);
        } catch (IOException e) {
            throw new DeserializationException("cannot deserialize: " + e, e);
        } catch (StackOverflowError e) {
            throw new DeserializationException("serialized data nested too deeply for this thread's stack; lower"
                    + " -D" + (limits.network() ? "mp4j.serial.net." : "mp4j.serial.") + "maxDepth or send a flatter graph", e);
        }
    }

    /** A {@code ByteArrayOutputStream} whose array can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }

    /**
     * The placeholder of a large primitive array in the object stream.
     *
     * @param kind the array's kind ({@link PrimitiveArrays})
     * @param length its number of elements
     * @param offset where its bytes start, counted from the end of the object stream
     */
    record RawArray(int kind, int length, long offset) implements Serializable {}

    /** Swaps each large primitive array for a {@link RawArray} and remembers it, in order. */
    private static final class RawArrayOutput extends ObjectOutputStream {
        List<Object> arrays; // null until the first
        private long offset;

        RawArrayOutput(ByteArrayOutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            Class<?> c = obj.getClass();
            if (!c.isArray()) {
                return obj;
            }
            int kind = PrimitiveArrays.kind(c);
            if (kind < 0) {
                return obj;
            }
            long size = PrimitiveArrays.byteSize(obj, kind);
            if (size < RAW_MIN_BYTES) {
                return obj;
            }
            if (arrays == null) {
                arrays = new ArrayList<>();
            }
            arrays.add(obj);
            RawArray placeholder = new RawArray(kind, PrimitiveArrays.length(obj, kind), offset);
            offset += size;
            return placeholder;
        }
    }

    /** Swaps each {@link RawArray} back for a new array read from the frame's raw bytes. */
    private static final class RawArrayInput extends ObjectInputStream {
        private final byte[] frame;
        private final int rawStart;
        private final int rawEnd;
        private final ClassAllowList.Limits limits;

        RawArrayInput(ByteArrayInputStream in, byte[] frame, int rawStart, int rawEnd, ClassAllowList.Limits limits)
                throws IOException {
            super(in);
            this.frame = frame;
            this.rawStart = rawStart;
            this.rawEnd = rawEnd;
            this.limits = limits;
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) {
            if (obj instanceof RawArray r) {
                if (r.offset() < 0 || r.offset() > rawEnd - rawStart) {
                    throw new DeserializationException("malformed raw array placeholder: offset=" + r.offset()
                            + " outside the frame's " + (rawEnd - rawStart) + " raw bytes", null);
                }
                return PrimitiveArrays.read(r.kind(), r.length(), frame, rawStart + (int) r.offset(), rawEnd, limits);
            }
            return obj;
        }
    }
}
