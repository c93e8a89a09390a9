package org.multiprocessing4j.internal.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.internal.child.ChildMain;

/**
 * What a parent tells a new child before it runs: who the child is and the serialized
 * {@code Process} object to run. Written once on the child's standard input, which then stays
 * open as the child's lifeline (see {@link ChildMain}).
 *
 * <pre>
 *   int     MAGIC ("MP4J")
 *   int     VERSION
 *   UTF     name                      the child's process name, e.g. "Process-1:2"
 *   int n,  n x int identity          e.g. [1, 2]
 *   boolean daemon
 *   long    parentPid
 *   UTF     parentName
 *   int n,  n x UTF allowPatterns     the parent's deserialization patterns (allows; denies as !pattern)
 *   int n,  n x UTF jvmOptions        the parent's global options for children, inherited
 *   int n,  n x byte frame            the serialized Process, made by Serialization.toFrame
 * </pre>
 *
 * @param name the child's name
 * @param identity the child's identity path
 * @param daemon whether the child is daemonic
 * @param parentPid the parent's pid
 * @param parentName the parent's process name
 * @param allowPatterns the parent's deserialization patterns: allows, and denies prefixed with !
 * @param jvmOptions the global child JVM options, inherited by grandchildren
 * @param frame the serialized process object
 */
public record Bootstrap(String name, int[] identity, boolean daemon, long parentPid, String parentName,
        List<String> allowPatterns, List<String> jvmOptions, byte[] frame) {

    static final int MAGIC = 0x4D50344A;
    static final int VERSION = 1;

    /** Writes this bootstrap to {@code out} and flushes it. */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(name);
        out.writeInt(identity.length);
        for (int i : identity) {
            out.writeInt(i);
        }
        out.writeBoolean(daemon);
        out.writeLong(parentPid);
        out.writeUTF(parentName);
        writeStrings(out, allowPatterns);
        writeStrings(out, jvmOptions);
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Reads a bootstrap written by {@link #writeTo}. */
    public static Bootstrap readFrom(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a multiprocessing4j bootstrap: magic=0x" + Integer.toHexString(magic));
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("bootstrap version=" + version + " but this runtime reads version=" + VERSION);
        }
        String name = in.readUTF();
        int[] identity = new int[in.readInt()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = in.readInt();
        }
        boolean daemon = in.readBoolean();
        long parentPid = in.readLong();
        String parentName = in.readUTF();
        List<String> allow = readStrings(in);
        List<String> options = readStrings(in);
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return new Bootstrap(name, identity, daemon, parentPid, parentName, allow, options, frame);
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.readUTF());
        }
        return list;
    }
}
