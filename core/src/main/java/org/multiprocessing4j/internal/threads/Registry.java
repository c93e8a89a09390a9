package org.multiprocessing4j.internal.threads;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects of the threads context that can be serialized, by id, so that a handle read back in
 * this JVM resolves to the very object that was written (a thread shares the heap: a "process" of
 * the threads context sees the same lock, not a copy).
 *
 * <h2>Ids and lifetime</h2>
 * Each object gets an id at construction; the registry holds it weakly, so an object nobody
 * references any more is collected as usual and its entry dropped. A frame in flight (a queued
 * message, a process's task) references its objects only by id, so the writer's thread pins the
 * objects whose handles it wrote ({@link #pin}, from {@code handle()}), a {@link ThreadsFrameQueue}
 * takes those pins with the frame it sends ({@link #takePins}) and gives them to the thread that
 * receives it ({@link #holdReceived}), which keeps them until it receives another frame with pins,
 * so until after it deserialized the frame. A process started by {@link ThreadsBackend#start}
 * holds the pins of its task until it read it. Pins follow threads, not frames: a frame
 * serialized on one thread and sent later from another (a pool task that waits in the pool's
 * backlog: its pins went with the job's first chunk, to that chunk's worker) travels without
 * them, and is safe while that worker keeps them or something else references its objects (the
 * task's submitter usually does); else reading it fails with an {@link InvalidObjectException}
 * that says the object was collected.
 *
 * <h2>Another JVM</h2>
 * A handle carries this JVM's random id; read in another JVM (a child of the spawn context, a
 * cluster member) it fails with {@link InvalidObjectException} saying that objects of the threads
 * context live in the JVM that made them.
 */
final class Registry {
    /** This JVM, as handles name it. */
    static final String JVM = UUID.randomUUID().toString();
    /** The most pins a thread collects without sending them: a bound for handles written to other transports. */
    static final int MAX_PENDING_PINS = 4096;

    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final ConcurrentHashMap<Long, Entry> OBJECTS = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    /** Objects whose handles this thread wrote since it last sent a frame. */
    private static final ThreadLocal<ArrayDeque<Object>> PENDING = ThreadLocal.withInitial(ArrayDeque::new);
    /** The objects of the frame this thread received last, kept until it deserialized it. */
    private static final ThreadLocal<List<Object>> RECEIVED = new ThreadLocal<>();

    private Registry() {}

    /** A weak entry that knows its id, to be dropped once collected. */
    private static final class Entry extends WeakReference<Object> {
        final long id;

        Entry(Object referent, long id) {
            super(referent, COLLECTED);
            this.id = id;
        }
    }

    /** Registers {@code object} and returns its handle. */
    static Ref register(String kind, Object object) {
        expunge();
        long id = NEXT_ID.incrementAndGet();
        OBJECTS.put(id, new Entry(object, id));
        return new Ref(JVM, id, kind);
    }

    /** Records that the calling thread wrote {@code object}'s handle: see the class comment. */
    static void pin(Object object) {
        ArrayDeque<Object> pending = PENDING.get();
        if (pending.size() >= MAX_PENDING_PINS) {
            pending.pollFirst();
        }
        pending.addLast(object);
    }

    /** The calling thread's pins, which it gives up: for the frame it sends now. Empty if none. */
    static List<Object> takePins() {
        ArrayDeque<Object> pending = PENDING.get();
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Object> pins = List.copyOf(pending);
        pending.clear();
        return pins;
    }

    /**
     * Keeps {@code pins} (a received frame's) on the calling thread until it receives the next
     * frame that has pins: frames without (a pool's later chunks, sent from the pool's thread) keep
     * the ones before, which are usually theirs.
     */
    static void holdReceived(List<Object> pins) {
        if (!pins.isEmpty()) {
            RECEIVED.set(pins);
        }
    }

    /** Drops the pins the calling thread holds (a process once its task was read). */
    static void releaseReceived() {
        RECEIVED.remove();
    }

    /** Drops the entries of collected objects. */
    private static void expunge() {
        Reference<?> r;
        while ((r = COLLECTED.poll()) != null) {
            OBJECTS.remove(((Entry) r).id, r);
        }
    }

    /**
     * The serialized form of an object of the threads context.
     *
     * @param jvm the id of the JVM that made the object
     * @param id the object's id in that JVM's registry
     * @param kind what the object is ("lock", "queue", ...), for messages
     */
    record Ref(String jvm, long id, String kind) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            if (!JVM.equals(jvm)) {
                throw new InvalidObjectException(article(kind) + " of the threads context reached another JVM (pid="
                        + ProcessHandle.current().pid() + "): objects of the threads context live in the JVM that"
                        + " made them and are shared by its threads only; make the object in the spawn or cluster"
                        + " context to share it between JVMs");
            }
            Entry e = OBJECTS.get(id);
            Object o = e == null ? null : e.get();
            if (o == null) {
                throw new InvalidObjectException(article(kind) + " of the threads context (id=" + id
                        + ") was garbage-collected before this copy of it was read: keep a reference to it"
                        + " until every reader has its copy");
            }
            return o;
        }

        private static String article(String kind) {
            return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
        }
    }
}
