package org.multiprocessing4j.internal.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.multiprocessing4j.DeserializationException;
import org.multiprocessing4j.spi.ObjectCodec;

/**
 * The plug-in codecs on the class path ({@link ObjectCodec}, found with {@link ServiceLoader} once,
 * when a pool first names one or a frame of one first arrives), and the policy they decode under.
 * A JVM that never meets a plug-in frame never loads one.
 */
public final class PluginCodecs {
    private PluginCodecs() {}

    /** The codecs found, by id (index {@code id - FIRST_PLUGIN_ID}), and why others were left out; loaded once. */
    private static final class Found {
        static final List<String> PROBLEMS = new ArrayList<>();
        static final ObjectCodec[] BY_ID = load();

        private static ObjectCodec[] load() {
            ObjectCodec[] byId = new ObjectCodec[128 - ObjectCodec.FIRST_PLUGIN_ID];
            var providers = ServiceLoader.load(ObjectCodec.class, PluginCodecs.class.getClassLoader()).iterator();
            while (true) {
                ObjectCodec c;
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    c = providers.next();
                } catch (java.util.ServiceConfigurationError | LinkageError e) {
                    PROBLEMS.add("a codec provider could not be loaded: " + e); // e.g. fory-core missing
                    continue;
                }
                int id = c.id();
                if (id < ObjectCodec.FIRST_PLUGIN_ID) {
                    PROBLEMS.add("codec " + c.name() + " (" + c.getClass().getName() + ") has id " + id
                            + ": plug-in codecs use " + ObjectCodec.FIRST_PLUGIN_ID + " to 127");
                    continue;
                }
                ObjectCodec other = byId[id - ObjectCodec.FIRST_PLUGIN_ID];
                if (other != null) {
                    PROBLEMS.add("codecs " + other.name() + " and " + c.name() + " both have id " + id + "; "
                            + c.name() + " is left out");
                    continue;
                }
                c.init(LOCAL_POLICY);
                byId[id - ObjectCodec.FIRST_PLUGIN_ID] = c;
            }
            return byId;
        }
    }

    /** The policy plug-in frames decode under: local channels' limits (see {@link ObjectCodec}). */
    static final ObjectCodec.ClassPolicy LOCAL_POLICY = new ObjectCodec.ClassPolicy() {
        @Override
        public void check(Class<?> type) {
            String refusal = ClassAllowList.refusal(type);
            if (!refusal.isEmpty()) {
                throw new DeserializationException(ClassAllowList.rejectionMessage(type, refusal), null);
            }
        }

        @Override
        public int maxDepth() {
            return (int) Math.min(Integer.MAX_VALUE, ClassAllowList.Limits.LOCAL.maxDepth());
        }
    };

    /**
     * The codec named {@code name}.
     *
     * @throws IllegalArgumentException if no codec on the class path has that name; the message
     *     lists those there are
     */
    public static ObjectCodec named(String name) {
        List<String> names = new ArrayList<>(List.of("jdk"));
        for (ObjectCodec c : Found.BY_ID) {
            if (c != null) {
                if (c.name().equals(name)) {
                    return c;
                }
                names.add(c.name());
            }
        }
        throw new IllegalArgumentException("no codec named \"" + name + "\" on the class path (codecs here: "
                + String.join(", ", names) + "); for \"fory\" add the dependency"
                + " org.multiprocessing4j:multiprocessing4j-fory"
                + (Found.PROBLEMS.isEmpty() ? "" : "; left out: " + String.join("; ", Found.PROBLEMS)));
    }

    /** Whether {@code id} is a plug-in codec's frame id. */
    static boolean isPluginId(byte id) {
        return id >= ObjectCodec.FIRST_PLUGIN_ID;
    }

    /**
     * Decodes a plug-in frame's bytes (after its id byte).
     *
     * @throws DeserializationException if no codec on the class path has that id, or the frame
     *     comes from a network channel
     */
    static Object decode(byte id, byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        if (limits.network()) {
            throw new DeserializationException("a frame of plug-in codec id " + id + " came from a network channel;"
                    + " plug-in codecs are accepted only from local channels (shared-memory queues, pool chunks)", null);
        }
        ObjectCodec c = Found.BY_ID[id - ObjectCodec.FIRST_PLUGIN_ID];
        if (c == null) {
            throw new DeserializationException("a frame of codec id " + id + " arrived, and no codec on this JVM's"
                    + " class path has that id: put the sender's codec (e.g. multiprocessing4j-fory) on the class path",
                    null);
        }
        try {
            return c.decode(bytes, offset, length);
        } catch (DeserializationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new DeserializationException("codec " + c.name() + " cannot decode a frame of " + length
                    + " bytes: " + e, e);
        }
    }

    /**
     * Encodes {@code value} with {@code codec} as a message whose first {@code headroom} bytes are
     * left zero for the caller's header, then the codec's id and bytes.
     *
     * @throws IllegalArgumentException if the codec cannot encode the graph
     */
    static WireMessage encode(ObjectCodec codec, Object value, int headroom) {
        byte[] body;
        try {
            body = codec.encode(value);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("codec " + codec.name() + " cannot encode "
                    + (value == null ? "null" : value.getClass().getName()) + ": " + e, e);
        }
        byte[] frame = new byte[headroom + 1 + body.length];
        frame[headroom] = codec.id();
        System.arraycopy(body, 0, frame, headroom + 1, body.length);
        return WireMessage.of(frame);
    }
}
