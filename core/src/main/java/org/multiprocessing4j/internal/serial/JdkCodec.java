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
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.DeserializationException;

/**
 * Java serialization, restricted on input by {@link ClassAllowList}'s class policy and limits. Lambdas typed by a
 * serializable functional interface travel as a {@link LambdaRef} (their {@code SerializedLambda}'s
 * fields, resolved without reflection); the receiver must have the capturing class on its class
 * path, which children have by construction.
 *
 * <p>Large primitive arrays anywhere in the graph (in records, lists, {@code Tuple2}s, object
 * arrays; {@value #RAW_MIN_BYTES} bytes or more) do not go through the object stream, which
 * writes them element by element: the stream holds a small placeholder for each, and the arrays
 * follow the stream, after a directory of their kinds and lengths, as raw bytes. Such a frame
 * has its own id:
 *
 * <pre>
 *   frame     = [ID] object stream                                   no large primitive array
 *             | [ID_RAW] int streamLength, object stream, directory, raw bytes
 *   directory = int count, count x (byte kind, int length)           kinds of {@link PrimitiveArrays}
 *   placeholder = RawArray(index into the directory)
 * </pre>
 * The directory before the raw bytes lets a reader of shared memory copy each array straight
 * into an array of its own before it decodes the stream ({@link Serialization#copyOut}); the
 * stream's placeholders then resolve to those arrays. Decoding checks the directory under the
 * same limits (array length, frame bytes) as the object stream's filter; an array referenced
 * twice in the graph is one array again after decoding.
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
        return encodeMessage(value, headroom).toBytes();
    }

    /**
     * Encodes {@code value} into a message whose bytes start with {@code headroom} zero bytes for
     * the caller's header, then the frame; the frame's large primitive arrays are not copied but
     * follow as the message's arrays ({@link WireMessage}).
     *
     * @throws NotSerializableValueException if some object in the graph cannot be serialized
     * @throws IllegalArgumentException if the frame would be larger than 2 GiB
     */
    public WireMessage encodeMessage(Object value, int headroom) {
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
            return WireMessage.of(frame);
        }
        int streamLength = out.size() - streamStart;
        long raw = 0;
        writeInt(out, arrays.size());
        for (Object a : arrays) {
            int kind = PrimitiveArrays.kind(a.getClass());
            out.write(kind);
            writeInt(out, PrimitiveArrays.length(a, kind));
            raw += PrimitiveArrays.byteSize(a, kind);
        }
        long total = out.size() + raw;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("cannot serialize a graph of " + total + " bytes: one message holds at"
                    + " most 2 GiB; send the data in parts, or place it in a SharedMemory block and send that");
        }
        byte[] head = out.array();
        head[headroom] = ID_RAW;
        head[headroom + 1] = (byte) (streamLength >>> 24);
        head[headroom + 2] = (byte) (streamLength >>> 16);
        head[headroom + 3] = (byte) (streamLength >>> 8);
        head[headroom + 4] = (byte) streamLength;
        return new WireMessage(head, out.size(), arrays.toArray());
    }

    private static void writeInt(Buffer out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        return decode(bytes, offset, length, ClassAllowList.Limits.LOCAL);
    }

    /** Decodes like {@link #decode(byte[], int, int)} under {@code limits}. */
    public Object decode(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        return decode(bytes, offset, length, null, limits);
    }

    /**
     * Decodes the codec's bytes of an {@link #ID_RAW} frame (the frame without its id byte): the
     * stream length, the stream, the directory, the raw arrays.
     */
    Object decodeRaw(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        limits.checkBytes(length);
        Directory d = Directory.read(Pieces.of(bytes, offset, length), 0, length, limits);
        Object[] arrays = new Object[d.count()];
        long at = d.rawStart();
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = PrimitiveArrays.read(d.kinds()[i], d.lengths()[i], bytes, offset + (int) at, offset + length, limits);
            at += (long) d.lengths()[i] << PrimitiveArrays.shift(d.kinds()[i]);
        }
        return decode(bytes, offset + 4, d.streamLength(), arrays, limits);
    }

    /**
     * Decodes the codec's bytes of an {@link #ID_RAW} frame whose arrays were copied out already
     * ({@link Serialization#copyOut}): {@code bytes} hold the stream length, the stream and the
     * directory, {@code arrays} the arrays the directory names, in its order.
     */
    Object decodeRaw(byte[] bytes, int offset, int length, Object[] arrays, ClassAllowList.Limits limits) {
        Directory d = Directory.read(Pieces.of(bytes, offset, length), 0, length + rawBytes(arrays), limits);
        if (d.count() != arrays.length) {
            throw new DeserializationException("frame with raw arrays names " + d.count() + " arrays, "
                    + arrays.length + " came", null);
        }
        return decode(bytes, offset + 4, d.streamLength(), arrays, limits);
    }

    private static long rawBytes(Object[] arrays) {
        long n = 0;
        for (Object a : arrays) {
            n += PrimitiveArrays.byteSize(a, PrimitiveArrays.kind(a.getClass()));
        }
        return n;
    }

    /**
     * The directory of an {@link #ID_RAW} frame: where its stream ends, and the kind and length of
     * each raw array after it.
     *
     * @param streamLength the object stream's length
     * @param kinds each array's kind
     * @param lengths each array's number of elements
     * @param rawStart where the raw bytes start, counted from the frame's stream length field
     */
    record Directory(int streamLength, int[] kinds, int[] lengths, long rawStart) {
        int count() {
            return kinds.length;
        }

        /**
         * Reads the directory of the frame whose stream length field is at {@code at} of
         * {@code pieces}, the frame (from that field) being {@code frameLength} bytes long.
         *
         * @throws DeserializationException if it does not fit the frame, or names an array over
         *     the limits
         */
        static Directory read(MemorySegment[] pieces, long at, long frameLength, ClassAllowList.Limits limits) {
            long available = Pieces.length(pieces) - at;
            if (frameLength < 8 || available < 8) {
                throw new DeserializationException("frame with raw arrays too short: length=" + frameLength, null);
            }
            int streamLength = Pieces.getIntBigEndian(pieces, at);
            if (streamLength < 0 || streamLength > frameLength - 8 || 4L + streamLength + 4 > available) {
                throw new DeserializationException("frame with raw arrays names a stream of " + streamLength
                        + " bytes in " + frameLength, null);
            }
            long dir = at + 4 + streamLength;
            int count = Pieces.getIntBigEndian(pieces, dir);
            long rawStart = 4L + streamLength + 4 + 5L * count;
            if (count < 0 || rawStart > frameLength || rawStart > available) {
                throw new DeserializationException("frame with raw arrays names " + count + " arrays in "
                        + frameLength + " bytes", null);
            }
            int[] kinds = new int[count];
            int[] lengths = new int[count];
            long raw = 0;
            for (int i = 0; i < count; i++) {
                long e = dir + 4 + 5L * i;
                kinds[i] = Pieces.getByte(pieces, e);
                lengths[i] = Pieces.getIntBigEndian(pieces, e + 1);
                if (kinds[i] < 0 || kinds[i] > 6 || lengths[i] < 0) {
                    throw new DeserializationException("malformed raw array directory: kind=" + kinds[i]
                            + " length=" + lengths[i], null);
                }
                limits.checkArrayLength(lengths[i]);
                raw += (long) lengths[i] << PrimitiveArrays.shift(kinds[i]);
            }
            if (rawStart + raw != frameLength) {
                throw new DeserializationException("frame with raw arrays of " + frameLength + " bytes holds "
                        + (rawStart + raw) + " by its directory", null);
            }
            return new Directory(streamLength, kinds, lengths, rawStart);
        }
    }

    /**
     * Decodes the object stream at {@code offset}; its placeholders resolve to {@code arrays}
     * (null for a frame without raw arrays).
     */
    private Object decode(byte[] bytes, int offset, int length, Object[] arrays, ClassAllowList.Limits limits) {
        try (var ois = new FrameInput(new ByteArrayInputStream(bytes, offset, length), arrays)) {
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
     * @param index the array's place in the frame's directory
     */
    record RawArray(int index) implements Serializable {}

    /**
     * Swaps each large primitive array for a {@link RawArray} and remembers it, in order, and each
     * serializable lambda's {@code SerializedLambda} for a {@link LambdaRef}.
     */
    private static final class RawArrayOutput extends ObjectOutputStream {
        List<Object> arrays; // null until the first

        RawArrayOutput(ByteArrayOutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            Class<?> c = obj.getClass();
            if (!c.isArray()) {
                return c == java.lang.invoke.SerializedLambda.class
                        ? LambdaRef.of((java.lang.invoke.SerializedLambda) obj) : obj;
            }
            int kind = PrimitiveArrays.kind(c);
            if (kind < 0) {
                return obj;
            }
            if (PrimitiveArrays.byteSize(obj, kind) < RAW_MIN_BYTES) {
                return obj;
            }
            if (arrays == null) {
                arrays = new ArrayList<>();
            }
            arrays.add(obj);
            return new RawArray(arrays.size() - 1);
        }
    }

    /** Swaps each {@link RawArray} back for its array (none when {@code arrays} is null), and each {@link LambdaRef} for its lambda. */
    private static final class FrameInput extends ObjectInputStream {
        private final Object[] arrays;

        FrameInput(ByteArrayInputStream in, Object[] arrays) throws IOException {
            super(in);
            this.arrays = arrays;
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) {
            if (obj instanceof LambdaRef l) {
                return l.resolve(getObjectInputFilter());
            }
            if (obj instanceof RawArray r) {
                if (arrays == null || r.index() < 0 || r.index() >= arrays.length) {
                    throw new DeserializationException("malformed raw array placeholder: index=" + r.index()
                            + " with " + (arrays == null ? 0 : arrays.length) + " arrays in the frame", null);
                }
                return arrays[r.index()];
            }
            return obj;
        }
    }
}
