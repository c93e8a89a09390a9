package org.multiprocessing4j.internal.serial;

import org.multiprocessing4j.DeserializationException;

/**
 * Turns objects into bytes and back. Each codec has a one-byte id written at the start of every
 * frame, so frames made by different codecs can share a channel.
 */
public interface Codec {
    /** The id written as the first byte of each frame; unique among codecs. */
    byte id();

    /**
     * Encodes {@code value} into a frame: the byte {@link #id()} followed by the codec's bytes.
     *
     * @throws NotSerializableValueException if some object in the graph cannot be serialized; its
     *     message names the class
     */
    byte[] encode(Object value);

    /**
     * Decodes the codec's bytes of a frame made by {@link #encode} (the frame without its id byte),
     * from {@code offset} for {@code length} bytes.
     *
     * @throws DeserializationException if the bytes are malformed or name a class the deserialization policy
     *     rejects
     */
    Object decode(byte[] bytes, int offset, int length);
}
