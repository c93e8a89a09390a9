package org.multiprocessing4j.internal.serial;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import org.multiprocessing4j.DeserializationException;

/**
 * Java serialization, restricted on input by {@link ClassAllowList}'s class policy and limits. Lambdas typed by a
 * serializable functional interface travel as {@code SerializedLambda}; the receiver must have the
 * capturing class on its class path, which children have by construction.
 */
public final class JdkCodec implements Codec {
    public static final byte ID = 1;

    @Override
    public byte id() {
        return ID;
    }

    @Override
    public byte[] encode(Object value) {
        var out = new ByteArrayOutputStream(256);
        out.write(ID);
        try (var oos = new ObjectOutputStream(out)) {
            oos.writeObject(value);
        } catch (NotSerializableException e) {
            throw new NotSerializableValueException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("serialization failed: " + e, e);
        }
        return out.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        return decode(bytes, offset, length, ClassAllowList.Limits.LOCAL);
    }

    /** Decodes like {@link #decode(byte[], int, int)} under {@code limits}. */
    public Object decode(byte[] bytes, int offset, int length, ClassAllowList.Limits limits) {
        try (var ois = new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
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
        } catch (IOException e) {
            throw new DeserializationException("cannot deserialize: " + e, e);
        } catch (StackOverflowError e) {
            throw new DeserializationException("serialized data nested too deeply for this thread's stack; lower"
                    + " -D" + (limits.network() ? "mp4j.serial.net." : "mp4j.serial.") + "maxDepth or send a flatter graph", e);
        }
    }
}
