package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.manager.SyncHost;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Flag;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.Permits;
import org.multiprocessing4j.spi.Rendezvous;
import org.multiprocessing4j.spi.WaitSet;

/**
 * Makes a manager's synchronization objects, queues, values and arrays in its server process
 * (see {@link org.multiprocessing4j.internal.manager.ManagerServer}): the same shared-memory
 * objects as {@code new Lock()} and the like, each part registered with the server as an SPI
 * object over the real one (the target of remote clients' calls) and marked with the {@link
 * ManagedRef} it ships as. The adapters run in the server's connection threads.
 */
final class ManagedSync implements SyncHost {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Object make(String type, Object[] a, Registrar r) {
        return switch (type) {
            case "lock" -> mark(new Lock(), r);
            case "rlock" -> mark(new RLock(), r);
            case "semaphore" -> mark(new Semaphore((Integer) a[0]), r);
            case "boundedSemaphore" -> mark(new BoundedSemaphore((Integer) a[0]), r);
            case "event" -> {
                Event e = new Event();
                e.managed = r.register("flag", new EventFlag(e), e.segment.name(), null, 0);
                yield e;
            }
            case "condition" -> {
                Condition c = new Condition();
                mark((MutexLock) c.lock(), r);
                c.managed = r.register("waitset", new ConditionWaits(c), c.segment.name(), null, 0);
                yield c;
            }
            case "barrier" -> {
                Barrier b = new Barrier((Integer) a[0]);
                b.managed = r.register("rendezvous", new BarrierRendezvous(b), b.segment.name(), null, 0);
                yield b;
            }
            case "queue", "joinableQueue" -> {
                int maxsize = (Integer) a[0];
                Queue<Object> q = "queue".equals(type) ? new Queue<>(maxsize) : new JoinableQueue<>(maxsize);
                q.managed = r.register("framequeue", q.channel, ((Channel) q.channel).name(), null, 0);
                if (q.slots != null) {
                    mark(q.slots, r);
                }
                if (q instanceof JoinableQueue<Object> jq) {
                    jq.counterManaged = r.register("counter", jq.unfinished, (String) jq.unfinished.handle(), null, 0);
                }
                yield q;
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

    private static <L extends MutexLock> L mark(L lock, Registrar r) {
        lock.managed = r.register("mutex", new LockMutex(lock), lock.segment.name(), null, 0);
        return lock;
    }

    private static Semaphore mark(Semaphore s, Registrar r) {
        s.managed = r.register("permits", new SemaphorePermits(s), s.segment.name(), null, 0);
        return s;
    }

    private static void mark(SharedCells cells, Registrar r) {
        ManagedRef lockRef = null;
        if (cells.mode == SharedCells.LockMode.OWN) {
            MutexLock own = (MutexLock) cells.lock; // the RLock at offset 0 of the cells' segment
            mark(own, r);
            lockRef = own.managed;
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

    private static final class LockMutex extends ServerSide implements Mutex {
        private final MutexLock lock;

        LockMutex(MutexLock lock) {
            this.lock = lock;
        }

        @Override
        public boolean acquire(long timeoutNanos) throws InterruptedException {
            Duration d = Duration.ofNanos(timeoutNanos);
            return lock instanceof RLock r ? r.acquire(d) : ((Lock) lock).acquire(d);
        }

        @Override
        public void release() {
            if (lock instanceof RLock r) {
                r.release();
            } else {
                ((Lock) lock).release();
            }
        }

        @Override
        public boolean isLocked() {
            return lock.isLocked();
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return lock.isHeldByCurrentThread();
        }

        @Override
        public int holdCount() {
            return lock instanceof RLock r ? r.holdCount() : lock.isHeldByCurrentThread() ? 1 : 0;
        }

        @Override
        public String toString() {
            return lock.toString();
        }
    }

    private static final class SemaphorePermits extends ServerSide implements Permits {
        private final Semaphore s;

        SemaphorePermits(Semaphore s) {
            this.s = s;
        }

        @Override
        public boolean acquire(long timeoutNanos) throws InterruptedException {
            return s.acquire(Duration.ofNanos(timeoutNanos));
        }

        @Override
        public void release() {
            s.release();
        }

        @Override
        public int bound() {
            return s instanceof BoundedSemaphore b ? b.bound() : -1;
        }

        @Override
        public int value() {
            return s.value();
        }
    }

    private static final class EventFlag extends ServerSide implements Flag {
        private final Event e;

        EventFlag(Event e) {
            this.e = e;
        }

        @Override
        public void set() {
            e.set();
        }

        @Override
        public void clear() {
            e.clear();
        }

        @Override
        public boolean isSet() {
            return e.isSet();
        }

        @Override
        public boolean await(long timeoutNanos) throws InterruptedException {
            return e.await(Duration.ofNanos(timeoutNanos));
        }
    }

    /** A condition's waiters: the lock it awaits with is the condition's own, held by this thread. */
    private static final class ConditionWaits extends ServerSide implements WaitSet {
        private final Condition c;

        ConditionWaits(Condition c) {
            this.c = c;
        }

        @Override
        public boolean await(Mutex ignored, long timeoutNanos) throws InterruptedException {
            return c.await(Duration.ofNanos(timeoutNanos));
        }

        @Override
        public void signal(int n) {
            c.signal(n);
        }

        @Override
        public int waiting() {
            return c.waitingCount();
        }
    }

    private static final class BarrierRendezvous extends ServerSide implements Rendezvous {
        private final Barrier b;

        BarrierRendezvous(Barrier b) {
            this.b = b;
        }

        @Override
        public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
            return b.await(timeoutNanos >= Long.MAX_VALUE / 2 ? null : Duration.ofNanos(timeoutNanos));
        }

        @Override
        public void abort() {
            b.abort();
        }

        @Override
        public void reset() {
            b.reset();
        }

        @Override
        public boolean isBroken() {
            return b.isBroken();
        }

        @Override
        public int waiting() {
            return b.waiting();
        }

        @Override
        public int parties() {
            return b.parties();
        }
    }

    /**
     * The 64-bit cells of the {@link Cells} contract over a value's or array's shared memory:
     * integers sign-extended, floats and doubles as raw bits. The atomic read-modify-writes are
     * those the typed classes use, on {@code 'i'} and {@code 'l'} elements only.
     */
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
