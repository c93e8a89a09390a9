package org.multiprocessing4j.internal.pool;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;

/**
 * One word per chunk in flight, in shared memory, deciding who runs a prefetched chunk: its worker
 * (which CASes the word from FREE to STARTED before running it) or the pool (which CASes it from
 * FREE to REVOKED to give the chunk to an idle worker instead). Exactly one CAS wins, so a chunk
 * runs once even when the pool moves it.
 *
 * <pre>
 *   int word[SIZE]: 0 free, 1 started, 2 revoked
 * </pre>
 * The pool hands out word indexes and takes them back when the chunk's result (or loss) is in.
 */
public final class ClaimTable {
    public static final int SIZE = 4096;
    static final int FREE = 0;
    static final int STARTED = 1;
    static final int REVOKED = 2;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final SharedSegment segment;
    private final MemorySegment words;
    private final String name;

    private ClaimTable(SharedSegment segment) {
        this.segment = segment;
        this.words = segment.data();
        this.name = segment.name();
    }

    /** Unlinks and unmaps the table, once no worker uses it any more; it is unusable afterwards. */
    public void destroy() {
        segment.unlink();
        SharedSegments.close(segment);
    }

    /** The segment's name, for workers to attach. */
    public String name() {
        return name;
    }

    public static ClaimTable create() {
        return new ClaimTable(SharedSegments.create(4L * SIZE));
    }

    static ClaimTable attach(String name) {
        return new ClaimTable(SharedSegments.attach(name));
    }

    /** The worker's claim: true if it may run the chunk. */
    boolean start(int claim) {
        return INT.compareAndSet(words, 4L * claim, FREE, STARTED);
    }

    /** The pool's claim: true if the chunk had not started and now never will where it was sent. */
    public boolean revoke(int claim) {
        return INT.compareAndSet(words, 4L * claim, FREE, REVOKED);
    }

    /** Makes a word free for the next chunk. */
    public void reset(int claim) {
        INT.setVolatile(words, 4L * claim, FREE);
    }
}
