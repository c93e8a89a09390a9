package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.lang.foreign.ValueLayout;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.local.LocalFlag;
import org.multiprocessing4j.internal.local.LocalMutex;
import org.multiprocessing4j.internal.local.LocalPermits;
import org.multiprocessing4j.internal.local.LocalRendezvous;
import org.multiprocessing4j.internal.local.LocalTaskCounter;
import org.multiprocessing4j.internal.local.LocalWaitSet;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.manager.SyncHost;
import org.multiprocessing4j.spi.Cells;

/**
 * Makes a manager's synchronization objects, queues, values and arrays in its server process
 * (see {@link org.multiprocessing4j.internal.manager.ManagerServer}): the same shared-memory
 * objects as {@code new Lock()} and the like, each part registered with the server as an SPI
 * object over the real one (the target of remote clients' calls) and marked with the {@link
 * ManagedRef} it ships as. The adapters run in the server's connection threads.
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
                mark(v.cells, r);
                yield v;
            }
            case "array" -> {
                Array arr = Array.of((Character) a[0], a[1]);
                mark(arr.cells, r);
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

    private static void mark(SharedCells cells, Registrar r) {
        ManagedRef lockRef = null;
        if (cells.mode == SharedCells.LockMode.OWN) {
            LocalMutex own = (LocalMutex) ((RLock) cells.lock).mutex; // the RLock at offset 0 of the cells' segment
            lockRef = r.register("mutex", own, own.name(), null, 0);
            own.managedBy(lockRef);
        }
        cells.managed = r.register("cells", new LocalCells(cells), cells.segment.name(), lockRef, cells.length);
    }

    /** Adapters are server-side only: they are never shipped. */
    private abstract static class ServerSide {
        public final String name() {
            return toString();
        }

        public final Serializable handle() {
            throw new UnsupportedOperationException("a manager's server-side object is not shipped");
        }
    }

    private static final class LocalCells extends ServerSide implements Cells {
        private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
        private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
        private final SharedCells c;

        LocalCells(SharedCells c) {
            this.c = c;
        }

        private long offset(int index) {
            java.util.Objects.checkIndex(index, c.length);
            return SharedCells.DATA_OFFSET + (long) index * c.typecode.size;
        }

        @Override
        public int length() {
            return c.length;
        }

        @Override
        public long get(int index) {
            return c.typecode.toBits(c.typecode.read(c.memory, offset(index)));
        }

        @Override
        public void set(int index, long bits) {
            c.typecode.write(c.memory, offset(index), c.typecode.fromBits(bits), "cell");
        }

        @Override
        public long getAndAdd(int index, long delta) {
            long o = offset(index);
            return switch (c.typecode) {
                case INT -> (int) INT.getAndAdd(c.memory, o, (int) delta);
                case LONG -> (long) LONG.getAndAdd(c.memory, o, delta);
                default -> throw new UnsupportedOperationException("getAndAdd on typecode " + c.typecode);
            };
        }

        @Override
        public long getAndSet(int index, long bits) {
            long o = offset(index);
            return switch (c.typecode) {
                case INT -> (int) INT.getAndSet(c.memory, o, (int) bits);
                case LONG -> (long) LONG.getAndSet(c.memory, o, bits);
                default -> throw new UnsupportedOperationException("getAndSet on typecode " + c.typecode);
            };
        }

        @Override
        public boolean compareAndSet(int index, long expected, long bits) {
            long o = offset(index);
            return switch (c.typecode) {
                case INT -> expected == (int) expected && INT.compareAndSet(c.memory, o, (int) expected, (int) bits);
                case LONG -> LONG.compareAndSet(c.memory, o, expected, bits);
                default -> throw new UnsupportedOperationException("compareAndSet on typecode " + c.typecode);
            };
        }

        @Override
        public long[] snapshot() {
            long[] out = new long[c.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = get(i);
            }
            return out;
        }
    }
}
