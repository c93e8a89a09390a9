package org.multiprocessing4j.spi;

import org.multiprocessing4j.DeserializationException;

/**
 * A codec a process pool can carry its arguments and results with instead of Java serialization
 * ({@code Pool.builder().codec(name)}); found on the class path with {@link java.util.ServiceLoader}
 * by its {@link #name()}. The library's own paths stay: scalars, strings and primitive arrays
 * travel by their fast path whatever the codec, and a task's exception by Java serialization.
 *
 * <p>A frame made with a codec is its {@link #id()} byte followed by the codec's bytes; the
 * receiving JVM finds the codec by that byte, so every JVM that decodes it needs the codec on its
 * class path (a pool's workers have the pool's class path). Frames of a plug-in codec are accepted
 * only where frames are decoded under the local channels' limits (queues and pipes in shared
 * memory, pool chunks and results); manager calls and replies and {@code Listener}/{@code Client}
 * connections refuse them.
 *
 * <pre>{@code
 * // META-INF/services/org.multiprocessing4j.spi.ObjectCodec lists the implementation
 * public final class ForyCodec implements ObjectCodec {
 *     public String name() { return "fory"; }
 *     public byte id() { return 64; }
 *     public void init(ClassPolicy policy) { this.policy = policy; }
 *     public byte[] encode(Object value) { ... }
 *     public Object decode(byte[] bytes, int offset, int length) { ... } // calls policy.check(type)
 * }
 * }</pre>
 */
public interface ObjectCodec {
    /** The first id a plug-in codec may use; the library's own codecs use the ids below it. */
    byte FIRST_PLUGIN_ID = 64;

    /**
     * The name a pool's builder selects this codec by.
     *
     * @return the name, such as {@code "fory"}
     */
    String name();

    /**
     * The byte written before the codec's bytes in each frame: from {@link #FIRST_PLUGIN_ID} to
     * 127, unique among the codecs on the class path.
     *
     * @return the frame id
     */
    byte id();

    /**
     * Called once, when the library loads the codec and before it encodes or decodes anything,
     * with the policy every decode must apply.
     *
     * @param policy the library's deserialization policy and the local channels' limits: the codec
     *     calls {@link ClassPolicy#check} for every class before it makes an object of it, and
     *     keeps within {@link ClassPolicy#maxDepth()}
     */
    void init(ClassPolicy policy);

    /**
     * Encodes {@code value} (never a scalar, a string or a primitive array alone: the library
     * carries those itself).
     *
     * @param value the object graph; may be null
     * @return the codec's bytes, without the id byte
     * @throws IllegalArgumentException if the graph holds an object the codec cannot encode; the
     *     message names its class
     */
    byte[] encode(Object value);

    /**
     * Decodes bytes made by {@link #encode}, under the policy given to {@link #init}.
     *
     * @param bytes holds the codec's bytes
     * @param offset where they start
     * @param length how many there are
     * @return the object graph
     * @throws DeserializationException if the bytes are malformed, name a missing class, or a class
     *     the policy refuses
     */
    Object decode(byte[] bytes, int offset, int length);

    /**
     * The library's deserialization policy (its deny rules and the user's
     * {@code Multiprocessing.allowClasses}/{@code denyClasses}), and the limits of the channel,
     * for a codec to apply as Java serialization's filter does.
     */
    interface ClassPolicy {
        /**
         * Checks that objects of {@code type} may be made.
         *
         * @param type a class named by the bytes
         * @throws DeserializationException naming the class, the rule that refuses it and the
         *     setting to change, if the policy refuses it
         */
        void check(Class<?> type);

        /**
         * The deepest nesting of objects the channel accepts.
         *
         * @return the depth limit
         */
        int maxDepth();
    }
}
