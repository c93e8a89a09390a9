package org.multiprocessing4j.internal.manager;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Flag;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.Permits;
import org.multiprocessing4j.spi.Rendezvous;
import org.multiprocessing4j.spi.TaskCounter;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The manager-backed implementations of the SPI interfaces: each operation is a call, over the
 * calling thread's own connection ({@link SyncConnections}), that the server runs on the real
 * object it owns ({@link SyncDispatch}). The public classes (Lock, Queue, Value, ...) use them
 * where they use a cluster's objects, when a managed object is read on a machine other than the
 * server's. Each serializes as its {@link ManagedRef}, so it can be passed on.
 */
public final class ManagedObjects {
    private ManagedObjects() {}

    /** What every manager-backed object shares: its reference and the calls. */
    abstract static class Base implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final ManagedRef ref;

        Base(ManagedRef ref) {
            this.ref = ref;
        }

        /** A call whose checked exceptions cannot happen (the server's objects throw none there). */
        final Object call(String op, Object... args) {
            try {
                return SyncConnections.invoke(ref, op, args);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(ref + ": " + op + " failed: " + e, e);
            }
        }

        /** A blocking operation in slices: true as soon as one slice succeeds, false at the deadline. */
        final boolean sliced(long timeoutNanos, String op) throws InterruptedException {
            long deadline = timeoutNanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeoutNanos);
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(ref + ": interrupted in " + op);
                }
                long left = deadline == Long.MAX_VALUE ? SyncConnections.SLICE_NANOS : deadline - System.nanoTime();
                long slice = Math.max(0, Math.min(left, SyncConnections.SLICE_NANOS));
                if ((Boolean) call(op, slice)) {
                    return true;
                }
                if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                    return false;
                }
            }
        }

        public final String name() {
            return ref.toString();
        }

        public final Serializable handle() {
            return ref;
        }

        @Serial
        final Object writeReplace() {
            return ref;
        }

        @Override
        public String toString() {
            return ref.toString();
        }
    }

    /** A managed Lock's or RLock's mutex; holds belong to the calling thread's connection. */
    public static final class RemoteMutex extends Base implements Mutex {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteMutex(ManagedRef ref) {
            super(ref);
        }

        @Override
        public boolean acquire(long timeoutNanos) throws InterruptedException {
            return sliced(timeoutNanos, "acquire");
        }

        @Override
        public void release() {
            call("release");
        }

        @Override
        public boolean isLocked() {
            return (Boolean) call("isLocked");
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return (Boolean) call("isHeldByCurrentThread");
        }

        @Override
        public int holdCount() {
            return (Integer) call("holdCount");
        }
    }

    /** A managed semaphore's permits. */
    public static final class RemotePermits extends Base implements Permits {
        @Serial
        private static final long serialVersionUID = 1L;

        RemotePermits(ManagedRef ref) {
            super(ref);
        }

        @Override
        public boolean acquire(long timeoutNanos) throws InterruptedException {
            return sliced(timeoutNanos, "acquire");
        }

        @Override
        public void release() {
            call("release");
        }

        @Override
        public int bound() {
            return (Integer) call("bound");
        }

        @Override
        public int value() {
            return (Integer) call("value");
        }
    }

    /** A managed event's flag. */
    public static final class RemoteFlag extends Base implements Flag {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteFlag(ManagedRef ref) {
            super(ref);
        }

        @Override
        public void set() {
            call("set");
        }

        @Override
        public void clear() {
            call("clear");
        }

        @Override
        public boolean isSet() {
            return (Boolean) call("isSet");
        }

        @Override
        public boolean await(long timeoutNanos) throws InterruptedException {
            return sliced(timeoutNanos, "await");
        }
    }

    /**
     * A managed condition's waiters. The lock given to {@link #await} is the condition's own
     * (managed) lock, which the calling thread holds through its connection; the server's thread
     * for that connection awaits on the real condition.
     */
    public static final class RemoteWaitSet extends Base implements WaitSet {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteWaitSet(ManagedRef ref) {
            super(ref);
        }

        @Override
        public boolean await(Mutex lock, long timeoutNanos) throws InterruptedException {
            return sliced(timeoutNanos, "await");
        }

        @Override
        public void signal(Mutex ignored, int n) { // the server checks that this caller holds the lock
            call("signal", n);
        }

        @Override
        public int waiting() {
            return (Integer) call("waiting");
        }
    }

    /** A managed barrier. Its await is one call, as long as the wait (see {@link SyncConnections}). */
    public static final class RemoteRendezvous extends Base implements Rendezvous {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteRendezvous(ManagedRef ref) {
            super(ref);
        }

        @Override
        public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
            try {
                return (Integer) SyncConnections.invoke(ref, "await", timeoutNanos);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(ref + ": await failed: " + e, e);
            }
        }

        @Override
        public void abort() {
            call("abort");
        }

        @Override
        public void reset() {
            call("reset");
        }

        @Override
        public boolean isBroken() {
            return (Boolean) call("isBroken");
        }

        @Override
        public int waiting() {
            return (Integer) call("waiting");
        }

        @Override
        public int parties() {
            return (Integer) call("parties");
        }
    }

    /** A managed queue's channel: frames travel in the calls. */
    public static final class RemoteFrameQueue extends Base implements FrameQueue {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteFrameQueue(ManagedRef ref) {
            super(ref);
        }

        @Override
        public void send(byte[] frame, int offset, int length) {
            byte[] f = offset == 0 && length == frame.length ? frame : java.util.Arrays.copyOfRange(frame, offset, offset + length);
            call("send", (Object) f);
        }

        @Override
        public byte[] receive(long timeoutNanos, boolean endOfFile, long spinNanos) throws InterruptedException {
            long deadline = timeoutNanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeoutNanos);
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(ref + ": interrupted in receive");
                }
                long left = deadline == Long.MAX_VALUE ? SyncConnections.SLICE_NANOS : deadline - System.nanoTime();
                byte[] frame = (byte[]) call("receive", Math.max(0, Math.min(left, SyncConnections.SLICE_NANOS)));
                if (frame != null) {
                    return frame;
                }
                if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                    return null;
                }
            }
        }

        @Override
        public int messages() {
            return (Integer) call("messages");
        }

        @Override
        public boolean isEmpty() {
            return (Boolean) call("isEmpty");
        }
    }

    /** A managed joinable queue's count of unfinished tasks. */
    public static final class RemoteTaskCounter extends Base implements TaskCounter {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteTaskCounter(ManagedRef ref) {
            super(ref);
        }

        @Override
        public int get() {
            return (Integer) call("get");
        }

        @Override
        public void increment() {
            call("increment");
        }

        @Override
        public void decrement(String what) {
            call("decrement", what);
        }

        @Override
        public boolean awaitZero(long timeoutNanos) throws InterruptedException {
            return sliced(timeoutNanos, "awaitZero");
        }
    }

    /** A managed value's or array's cells; its own lock, if any, is {@link #ownLock()}. */
    public static final class RemoteCells extends Base implements Cells {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteCells(ManagedRef ref) {
            super(ref);
        }

        /** The value's or array's own lock (resolved with this reference), or null. */
        @Override
        public Mutex ownLock() {
            return ref.inner() instanceof Mutex m ? m : null;
        }

        @Override
        public int length() {
            return ref.length();
        }

        /** Checks {@code index} here, so that a bad one fails as for local cells, without a round trip. */
        private int check(int index) {
            if (Integer.compareUnsigned(index, ref.length()) >= 0) {
                throw new IndexOutOfBoundsException("index=" + index + ", length=" + ref.length());
            }
            return index;
        }

        @Override
        public long get(int index) {
            return (Long) call("get", check(index));
        }

        @Override
        public void set(int index, long bits) {
            call("set", check(index), bits);
        }

        @Override
        public long getAndAdd(int index, long delta) {
            return (Long) call("getAndAdd", check(index), delta);
        }

        @Override
        public long getAndSet(int index, long bits) {
            return (Long) call("getAndSet", check(index), bits);
        }

        @Override
        public boolean compareAndSet(int index, long expected, long bits) {
            return (Boolean) call("compareAndSet", check(index), expected, bits);
        }

        @Override
        public void setRange(int index, long[] bits, int offset, int n) {
            call("setRange", index, java.util.Arrays.copyOfRange(bits, offset, offset + n));
        }

        @Override
        public long[] snapshot() {
            return (long[]) call("snapshot");
        }
    }
}
