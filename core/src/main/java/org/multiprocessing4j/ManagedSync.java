package org.multiprocessing4j;

import java.io.Serial;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.local.LocalCells;
import org.multiprocessing4j.internal.local.LocalFlag;
import org.multiprocessing4j.internal.local.LocalMutex;
import org.multiprocessing4j.internal.local.LocalPermits;
import org.multiprocessing4j.internal.local.LocalRendezvous;
import org.multiprocessing4j.internal.local.LocalTaskCounter;
import org.multiprocessing4j.internal.local.LocalWaitSet;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.manager.SyncHost;

/**
 * Makes a manager's synchronization objects, queues, values and arrays in its server process
 * (see {@link org.multiprocessing4j.internal.manager.ManagerServer}): the same shared-memory
 * objects as {@code new Lock()} and the like, each part registered with the server as an SPI
 * object over the real one (the target of remote clients' calls) and marked with the {@link
 * ManagedRef} it ships as. The server's connection threads call the backend objects directly.
 */
final class ManagedSync implements SyncHost {
    private static final LocalBackend LOCAL = LocalBackend.INSTANCE;

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Object make(String type, Object[] a, Registrar r) {
        return switch (type) {
            case "lock" -> new Lock(mutex(false, r));
            case "rlock" -> new RLock(mutex(true, r));
            case "semaphore" -> new Semaphore(permits((Integer) a[0], -1, r));
            case "boundedSemaphore" -> new BoundedSemaphore(permits((Integer) a[0], (Integer) a[0], r));
            case "event" -> {
                LocalFlag f = LOCAL.flag();
                f.managedBy(r.register("flag", f, f.name(), null, 0));
                yield new Event(f);
            }
            case "condition" -> {
                LocalMutex m = mutex(true, r);
                LocalWaitSet w = LOCAL.waitSet(m);
                w.managedBy(r.register("waitset", w, w.name(), null, 0));
                yield new Condition(new RLock(m), w);
            }
            case "barrier" -> {
                LocalRendezvous b = LOCAL.rendezvous((Integer) a[0], null, Long.MAX_VALUE);
                b.managedBy(r.register("rendezvous", b, b.name(), null, 0));
                yield new Barrier((Integer) a[0], null, null, b);
            }
            case "queue", "joinableQueue" -> {
                int maxsize = Math.max(0, (Integer) a[0]);
                Channel frames = LOCAL.frameQueue(Channel.DEFAULT_CHUNK_SIZE);
                frames.managedBy(r.register("framequeue", frames, frames.name(), null, 0));
                Semaphore slots = maxsize > 0 ? new Semaphore(permits(maxsize, -1, r)) : null;
                if ("queue".equals(type)) {
                    yield new Queue<>(maxsize, frames, slots);
                }
                LocalTaskCounter unfinished = LOCAL.taskCounter();
                unfinished.managedBy(r.register("counter", unfinished, unfinished.name(), null, 0));
                yield new JoinableQueue<>(maxsize, frames, slots, unfinished);
            }
            case "value" -> {
                Value v = Value.of((Character) a[0], a[1]);
                cells((LocalCells) v.cells, r);
                yield v;
            }
            case "array" -> {
                Array arr = Array.of((Character) a[0], a[1]);
                cells((LocalCells) arr.cells, r);
                yield arr;
            }
            default -> throw new IllegalArgumentException("unknown managed type=" + type);
        };
    }

    /** A new mutex of the local backend, owned by the server. */
    private static LocalMutex mutex(boolean reentrant, Registrar r) {
        LocalMutex m = LOCAL.mutex(reentrant);
        m.managedBy(r.register("mutex", m, m.name(), null, 0));
        return m;
    }

    /** New permits of the local backend, owned by the server. */
    private static LocalPermits permits(int value, int bound, Registrar r) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore value=" + value + " must be >= 0");
        }
        LocalPermits p = LOCAL.permits(value, bound);
        p.managedBy(r.register("permits", p, p.name(), null, 0));
        return p;
    }

    /** Marks the local backend's cells of a value or array, and its own mutex if any, as owned by the server. */
    private static void cells(LocalCells cells, Registrar r) {
        ManagedRef lockRef = null;
        LocalMutex own = cells.ownLock(); // at offset 0 of the cells' segment
        if (own != null) {
            lockRef = r.register("mutex", own, own.name(), null, 0);
            own.managedBy(lockRef);
        }
        cells.managedBy(r.register("cells", cells, cells.name(), lockRef, cells.length()));
    }
}
