package org.multiprocessing4j.internal.local;

import java.io.InvalidObjectException;
import java.util.List;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.launch.ChildProcess;
import org.multiprocessing4j.internal.launch.JvmCommand;
import org.multiprocessing4j.internal.launch.SpareJvms;
import org.multiprocessing4j.internal.runtime.Bootstrap;
import org.multiprocessing4j.internal.runtime.Shipping;
import org.multiprocessing4j.internal.serial.ClassAllowList;
import org.multiprocessing4j.internal.shm.OwnedSegmentRef;
import org.multiprocessing4j.internal.shm.ProcessIdentity;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Flag;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.Invocable;
import org.multiprocessing4j.spi.MessageStream;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.Permits;
import org.multiprocessing4j.spi.ProcessLaunch;
import org.multiprocessing4j.spi.Rendezvous;
import org.multiprocessing4j.spi.TaskCounter;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The local context ({@code spawn}): every object lives in a shared-memory segment of this machine
 * ({@code /dev/shm}) and every process is a child JVM. It is the backend the public classes use when
 * no other context is selected; the cluster and threads contexts are the others.
 *
 * <p>A handle of a local object is the name of its segment, or, for an object a manager owns, the
 * manager's {@link OwnedSegmentRef}; the {@code resolve} methods turn a handle (or an object of another
 * backend, whose handles resolve to themselves) back into the backend object.
 */
public final class LocalBackend implements Backend {
    /** The one local backend of this JVM. */
    public static final LocalBackend INSTANCE = new LocalBackend();

    private LocalBackend() {}

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * {@inheritDoc} Locally: a child JVM with this program's class path and the launch's JVM
     * options (a spare JVM if one is ready and the process has no options of its own), told the
     * objects shipped to it (see {@link Shipping}) before it is handed the task.
     */
    @Override
    public ChildProcess start(ProcessLaunch launch) {
        List<String> command = JvmCommand.build(launch.globalJvmOptions(), launch.jvmOptions());
        ChildProcess child = launch.jvmOptions().isEmpty() ? SpareJvms.take(command) : null;
        if (child == null) {
            child = ChildProcess.launch(command);
        }
        List<Shipping.Recipient> recipients = Shipping.drain();
        if (!recipients.isEmpty()) {
            long start = ProcessIdentity.startTicks(child.pid());
            for (Shipping.Recipient r : recipients) {
                r.shippedTo(child.pid(), start);
            }
        }
        child.sendBootstrap(new Bootstrap(launch.name(), launch.identity(), launch.daemon(), ProcessHandle.current().pid(),
                launch.parentName(), ClassAllowList.patterns(), launch.globalJvmOptions(), launch.frame()));
        return child;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException unless chunkSize is a power of two from 4096 to 2^30
     */
    @Override
    public Channel frameQueue(int chunkSize) {
        return Channel.create(chunkSize);
    }

    /**
     * {@inheritDoc} Its end of file is the close or death of the last process that held the
     * sending end.
     *
     * @throws IllegalArgumentException unless chunkSize is a power of two from 4096 to 2^30
     */
    @Override
    public LocalMessageStream messageStream(int chunkSize) {
        return LocalMessageStream.create(chunkSize);
    }

    @Override
    public LocalTaskCounter taskCounter() {
        return LocalTaskCounter.create();
    }

    @Override
    public LocalMutex mutex(boolean reentrant) {
        return LocalMutex.create(reentrant);
    }

    @Override
    public LocalPermits permits(int initial, int bound) {
        return LocalPermits.create(initial, bound);
    }

    @Override
    public LocalFlag flag() {
        return LocalFlag.create();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code lock} is not a mutex of this backend
     */
    @Override
    public LocalWaitSet waitSet(Mutex lock) {
        if (!(lock instanceof LocalMutex m)) {
            throw new IllegalArgumentException("a condition of the local context cannot use a lock of another context ("
                    + lock + "); make it in the lock's context (context.make(() -> new Condition(lock)))");
        }
        return LocalWaitSet.create(m);
    }

    @Override
    public LocalRendezvous rendezvous(int parties, SerializableRunnable action, long timeoutNanos) {
        return LocalRendezvous.create(parties, action); // the timeout is Barrier's, passed to each await
    }

    /** 64-bit cells ({@code 'l'}), without a lock. */
    @Override
    public LocalCells cells(int length) {
        return LocalCells.create(CellsLayout.ARRAY_KIND, Typecode.LONG, length, LocalCells.LockMode.NONE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: the elements of an array of {@code typecode} in CPython's sizes, with the own lock
     * at offset 0 of the same segment if {@code ownLock} is true (see {@link CellsLayout}).
     *
     * @throws IllegalArgumentException if the typecode is unknown or {@code length} is negative
     */
    @Override
    public LocalCells cells(char typecode, int length, boolean ownLock) {
        return cells(CellsLayout.ARRAY_KIND, Typecode.of(typecode), length,
                ownLock ? LocalCells.LockMode.OWN : LocalCells.LockMode.NONE);
    }

    /**
     * New cells of a value or an array: what {@code Value} and {@code Array} make in the local
     * context, whose layout records the kind and the lock mode as well (see {@link CellsLayout}).
     *
     * @param kind {@link CellsLayout#VALUE_KIND} or {@link CellsLayout#ARRAY_KIND}
     * @param typecode the element type
     * @param length the number of elements, 0 or more
     * @param mode how the value or array is guarded
     * @return the new cells
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public LocalCells cells(int kind, Typecode typecode, int length, LocalCells.LockMode mode) {
        return LocalCells.create(kind, typecode, length, mode);
    }

    /** False: a manager of the local context is a server process, whose objects its proxies call. */
    @Override
    public boolean sharesObjects() {
        return false;
    }

        @Override
    public Invocable sharedObject(String kind) {
        throw new UnsupportedOperationException("shared " + kind + "s of the local context live in a manager process:"
                + " use Multiprocessing.manager()");
    }

    @Override
    public void close() {
        // the local context is never closed: its objects' segments go with their last holder
    }

    /** The mutex {@code handle} stands for: a segment name, a manager's reference or a mutex of another backend. */
    public static Mutex resolveMutex(Object handle, boolean reentrant) {
        return switch (handle) {
            case Mutex m -> m;
            case OwnedSegmentRef m -> LocalMutex.attach(m.local(), reentrant, m);
            case String name -> LocalMutex.attach(name, reentrant, null);
            default -> throw unknown(handle);
        };
    }

    /** The frame queue {@code handle} stands for; see {@link #resolveMutex}. */
    public static FrameQueue resolveFrameQueue(Object handle) {
        return switch (handle) {
            case FrameQueue q -> q;
            case OwnedSegmentRef m -> {
                Channel c = Channel.attach(m.local());
                c.managedBy(m);
                yield c;
            }
            case String name -> Channel.attach(name);
            default -> throw unknown(handle);
        };
    }

    /** The message stream {@code handle} stands for: a channel's name or a stream of another backend. */
    public static MessageStream resolveMessageStream(Object handle) {
        return switch (handle) {
            case MessageStream s -> s;
            case String name -> LocalMessageStream.attach(name);
            default -> throw unknown(handle);
        };
    }

    /** The task counter {@code handle} stands for; see {@link #resolveMutex}. */
    public static TaskCounter resolveTaskCounter(Object handle) {
        return switch (handle) {
            case TaskCounter c -> c;
            case OwnedSegmentRef m -> LocalTaskCounter.attach(m.local(), m);
            case String name -> LocalTaskCounter.attach(name, null);
            default -> throw unknown(handle);
        };
    }

    /** The permits {@code handle} stands for; see {@link #resolveMutex}. */
    public static Permits resolvePermits(Object handle) {
        return switch (handle) {
            case Permits p -> p;
            case OwnedSegmentRef m -> LocalPermits.attach(m.local(), m);
            case String name -> LocalPermits.attach(name, null);
            default -> throw unknown(handle);
        };
    }

    /** The flag {@code handle} stands for; see {@link #resolveMutex}. */
    public static Flag resolveFlag(Object handle) {
        return switch (handle) {
            case Flag f -> f;
            case OwnedSegmentRef m -> LocalFlag.attach(m.local(), m);
            case String name -> LocalFlag.attach(name, null);
            default -> throw unknown(handle);
        };
    }

    /** The wait set {@code handle} stands for, bound to {@code lock} when it is local; see {@link #resolveMutex}. */
    public static WaitSet resolveWaitSet(Object handle, Mutex lock) {
        return switch (handle) {
            case WaitSet w -> w;
            case OwnedSegmentRef m -> LocalWaitSet.attach(m.local(), localLock(lock), m);
            case String name -> LocalWaitSet.attach(name, localLock(lock), null);
            default -> throw unknown(handle);
        };
    }

    /** The barrier {@code handle} stands for; see {@link #resolveMutex}. */
    public static Rendezvous resolveRendezvous(Object handle, SerializableRunnable action) {
        return switch (handle) {
            case Rendezvous r -> r;
            case OwnedSegmentRef m -> LocalRendezvous.attach(m.local(), action, m);
            case String name -> LocalRendezvous.attach(name, action, null);
            default -> throw unknown(handle);
        };
    }

    /**
     * The cells {@code handle} stands for: a segment name, a manager's reference (attached on the
     * manager's machine, with the own mutex marked as the manager's too), or cells of another
     * backend. The descriptor of a local segment must match the other arguments.
     *
     * @param handle what the cells' {@link Cells#handle()} was
     * @param kind {@link CellsLayout#VALUE_KIND} or {@link CellsLayout#ARRAY_KIND}
     * @param typecode the element type
     * @param length the number of elements
     * @param mode how the value or array is guarded
     * @return the cells
     * @throws InvalidObjectException if a local segment does not hold such cells, or the handle is
     *     of no known form
     */
    public static Cells resolveCells(Object handle, int kind, Typecode typecode, int length, LocalCells.LockMode mode)
            throws InvalidObjectException {
        return switch (handle) {
            case Cells c -> c;
            case OwnedSegmentRef m -> LocalCells.attach(m.local(), kind, typecode, length, mode, m);
            case String name -> LocalCells.attach(name, kind, typecode, length, mode, null);
            case null, default -> throw new InvalidObjectException("not a handle of shared cells: "
                    + (handle == null ? "null" : handle.getClass().getName()));
        };
    }

    private static LocalMutex localLock(Mutex lock) {
        if (lock instanceof LocalMutex m) {
            return m;
        }
        throw new IllegalArgumentException("a local condition over a lock of another context: " + lock);
    }

    private static IllegalArgumentException unknown(Object handle) {
        return new IllegalArgumentException("not a handle of a shared object: "
                + (handle == null ? "null" : handle.getClass().getName()));
    }
}
