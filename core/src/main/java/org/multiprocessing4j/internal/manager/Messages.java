package org.multiprocessing4j.internal.manager;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.multiprocessing4j.internal.serial.RemoteFailure;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * The messages of the manager protocol, in a binary form whose values are ordinary frames
 * ({@link Serialization}): no Java-serialization stream per call, which would cost more than
 * the round trip itself.
 *
 * <pre>
 *   call:  long objectId, UTF op, int n, n x (int length, frame)
 *   reply: byte kind (0 value, 1 failure), int length, frame (the value, or a RemoteFailure)
 * </pre>
 */
public final class Messages {
    private Messages() {}

    /**
     * A call on a managed object.
     *
     * @param objectId the object (0 for the manager itself)
     * @param op the operation name
     * @param args the arguments
     */
    public record Call(long objectId, String op, Object[] args) {
        /**
         * Encodes the call.
         *
         * @throws IllegalArgumentException if an argument cannot be serialized
         */
        public byte[] encode() {
            int n = op.length();
            for (int i = 0; i < n; i++) {
                char c = op.charAt(i);
                if (c == 0 || c > 127) {
                    return encodeAnyOp();
                }
            }
            // the ops are ASCII names, whose modified UTF-8 is their bytes: no stream to fill
            byte[][] frames = new byte[args.length][];
            int size = 8 + 2 + n + 4;
            for (int i = 0; i < frames.length; i++) {
                frames[i] = Serialization.toFrame(args[i]);
                size += 4 + frames[i].length;
            }
            byte[] out = new byte[size];
            putLong(out, 0, objectId);
            out[8] = (byte) (n >>> 8);
            out[9] = (byte) n;
            for (int i = 0; i < n; i++) {
                out[10 + i] = (byte) op.charAt(i);
            }
            int at = putInt(out, 10 + n, frames.length);
            for (byte[] f : frames) {
                at = putInt(out, at, f.length);
                System.arraycopy(f, 0, out, at, f.length);
                at += f.length;
            }
            return out;
        }

        private static void putLong(byte[] b, int at, long v) {
            putInt(b, at, (int) (v >>> 32));
            putInt(b, at + 4, (int) v);
        }

        private static int putInt(byte[] b, int at, int v) {
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
            return at + 4;
        }

        private byte[] encodeAnyOp() {
            var bytes = new ByteArrayOutputStream(64);
            try (var out = new DataOutputStream(bytes)) {
                out.writeLong(objectId);
                out.writeUTF(op);
                out.writeInt(args.length);
                for (Object a : args) {
                    byte[] f = Serialization.toFrame(a);
                    out.writeInt(f.length);
                    out.write(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** Decodes a call made by {@link #encode()}. */
        public static Call decode(byte[] bytes) throws IOException {
            var in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            long id = in.readLong();
            String op = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > 16) {
                throw new IOException("call with " + n + " arguments");
            }
            Object[] args = new Object[n];
            for (int i = 0; i < n; i++) {
                byte[] f = new byte[in.readInt()];
                in.readFully(f);
                args[i] = Serialization.fromNetworkFrame(f);
            }
            return new Call(id, op, args);
        }
    }

    /**
     * The answer to a call: a value, or a failure.
     *
     * @param value the result
     * @param failure the exception the object threw, or null
     */
    public record Reply(Object value, RemoteFailure failure) {
        /**
         * Encodes the reply.
         *
         * @throws IllegalArgumentException if the value cannot be serialized
         */
        public byte[] encode() {
            byte[] f = Serialization.toFrame(failure != null ? failure : value);
            byte[] out = new byte[5 + f.length];
            out[0] = (byte) (failure != null ? 1 : 0);
            out[1] = (byte) (f.length >>> 24);
            out[2] = (byte) (f.length >>> 16);
            out[3] = (byte) (f.length >>> 8);
            out[4] = (byte) f.length;
            System.arraycopy(f, 0, out, 5, f.length);
            return out;
        }

        /** Decodes a reply made by {@link #encode()}. */
        public static Reply decode(byte[] bytes) throws IOException {
            if (bytes.length < 5) {
                throw new IOException("reply of " + bytes.length + " bytes");
            }
            int length = ((bytes[1] & 0xFF) << 24) | ((bytes[2] & 0xFF) << 16) | ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF);
            if (length != bytes.length - 5) {
                throw new IOException("reply length=" + length + " but " + (bytes.length - 5) + " bytes follow");
            }
            Object o = Serialization.fromNetworkFrame(bytes, 5, length);
            return bytes[0] == 1 ? new Reply(null, (RemoteFailure) o) : new Reply(o, null);
        }
    }
}
