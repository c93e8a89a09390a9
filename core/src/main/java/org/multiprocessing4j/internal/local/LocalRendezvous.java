package org.multiprocessing4j.internal.local;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.runtime.ExitSequence;
import org.multiprocessing4j.internal.runtime.Shipping;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;
import org.multiprocessing4j.internal.sync.SharedBarrier;
import org.multiprocessing4j.spi.Rendezvous;

/**
 * The local context's {@link Rendezvous}: a {@link SharedBarrier} alone in a shared segment. Each
 * process that holds it takes a slot in the barrier's process table (so that a party that dies
 * while others wait breaks the barrier instead of hanging it), from the moment its handle is
 * shipped to it ({@link #handle}) until this process exits.
 */
public final class LocalRendezvous extends SegmentObject implements Rendezvous {
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private final SharedBarrier barrier;
    private final Runnable action;

    private LocalRendezvous(SharedSegment segment, SerializableRunnable action) {
        super(segment);
        this.barrier = new SharedBarrier(segment.data());
        this.action = action == null ? null : () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("barrier action failed: " + e, e);
            }
        };
    }

    static LocalRendezvous create(int parties, SerializableRunnable action) {
        LocalRendezvous r = new LocalRendezvous(SharedSegments.create(SharedBarrier.LENGTH), action);
        r.barrier.init(parties);
        r.register();
        return r;
    }

    static LocalRendezvous attach(String name, SerializableRunnable action, OwnedSegmentRef managed) {
        LocalRendezvous r = new LocalRendezvous(SharedSegments.attach(name), action);
        r.managedBy(managed);
        r.register();
        return r;
    }

    private void register() {
        barrier.slots().register();
        if (REGISTERED.add(segment.name())) {
            SlotsAtExit.add(barrier);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here a timeout breaks the barrier and throws {@link BrokenBarrierException}, as CPython does.
     */
    @Override
    public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        return barrier.await(action, timeoutNanos);
    }

    @Override
    public void abort() {
        barrier.abort();
    }

    @Override
    public void reset() {
        barrier.reset();
    }

    @Override
    public boolean isBroken() {
        return barrier.isBroken();
    }

    @Override
    public int waiting() {
        return barrier.waiting();
    }

    @Override
    public int parties() {
        return barrier.parties();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Shipping the handle reserves the receiving process's slot first, so that a child that dies
     * before it attaches still counts as a party that died.
     */
    @Override
    public Serializable handle() {
        SharedBarrier b = barrier;
        Shipping.onShip((pid, start) -> b.slots().register(pid, start));
        return super.handle();
    }

    /** Leaves the process tables of every barrier this process joined, once, at exit. */
    private static final class SlotsAtExit {
        private static final List<SharedBarrier> BARRIERS = new CopyOnWriteArrayList<>();

        static {
            ExitSequence.register(ExitSequence.RELEASE_SHARED_MEMORY - 1,
                    () -> BARRIERS.forEach(b -> b.slots().unregister()));
        }

        static void add(SharedBarrier b) {
            BARRIERS.add(b);
        }
    }
}
