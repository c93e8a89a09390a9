package org.multiprocessing4j.internal.serial;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads a message that lies in several memory segments one after the other (a channel's chunks),
 * as if it were one: the position of a byte counts from the start of the first piece.
 */
public final class Pieces {
    private Pieces() {}

    /** The {@code length} bytes of {@code bytes} from {@code offset}, as one piece. */
    static MemorySegment[] of(byte[] bytes, int offset, int length) {
        return new MemorySegment[] {MemorySegment.ofArray(bytes).asSlice(offset, length)};
    }

    /** The message's length: the pieces' sizes summed. */
    public static long length(MemorySegment[] pieces) {
        long n = 0;
        for (MemorySegment p : pieces) {
            n += p.byteSize();
        }
        return n;
    }

    /** The byte at {@code pos}. */
    public static byte getByte(MemorySegment[] pieces, long pos) {
        for (MemorySegment p : pieces) {
            if (pos < p.byteSize()) {
                return p.get(ValueLayout.JAVA_BYTE, pos);
            }
            pos -= p.byteSize();
        }
        throw new IndexOutOfBoundsException("position past the message's end");
    }

    /** The big-endian int at {@code pos}. */
    public static int getIntBigEndian(MemorySegment[] pieces, long pos) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (getByte(pieces, pos + i) & 0xFF);
        }
        return v;
    }

    /** Copies {@code n} bytes from {@code pos} to {@code dst} at {@code dstOffset}, piece by piece. */
    static void copy(MemorySegment[] pieces, long pos, MemorySegment dst, long dstOffset, long n) {
        for (MemorySegment p : pieces) {
            if (n == 0) {
                return;
            }
            long size = p.byteSize();
            if (pos >= size) {
                pos -= size;
                continue;
            }
            long k = Math.min(n, size - pos);
            MemorySegment.copy(p, pos, dst, dstOffset, k);
            dstOffset += k;
            n -= k;
            pos = 0;
        }
        if (n != 0) {
            throw new IndexOutOfBoundsException("copy past the message's end");
        }
    }

    /** The {@code n} bytes at {@code pos} as a new array. */
    static byte[] bytes(MemorySegment[] pieces, long pos, int n) {
        byte[] b = new byte[n];
        copy(pieces, pos, MemorySegment.ofArray(b), 0, n);
        return b;
    }
}
