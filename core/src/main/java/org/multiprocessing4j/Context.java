package org.multiprocessing4j;

import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.multiprocessing4j.function.SerializableRunnable;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.BackendProvider;

/**
 * Where processes run and shared objects live, as CPython's {@code get_context()}: {@code
 * "spawn"} (the default: child JVMs and shared memory on this machine), {@code "threads"} (threads
 * of this JVM, as CPython's {@code multiprocessing.dummy}: no isolation, and {@code terminate()}
 * only interrupts a process's thread, which cannot be forced to stop), or a provider's context,
 * such as {@code "cluster"} from the {@code multiprocessing4j-hazelcast} module.
 *
 * <p>Two ways to use one, as in CPython: make objects through it, or make it the default so that
 * the plain constructors ({@code new Queue<>()}, {@code new Process(...)}, {@code new Pool(4)})
 * use it and code written for the local context runs unchanged.
 *
 * <pre>{@code
 * Context ctx = Multiprocessing.getContext("cluster");   // reads -Dmp4j.cluster.members
 * Queue<String> q = ctx.queue();
 *
 * Multiprocessing.setContext(ctx);                        // or: java -Dmp4j.context=cluster ...
 * Queue<String> same = new Queue<>();                     // also on the cluster
 * }</pre>
 *
 * <p>Objects keep the context they were made in: a queue made in the cluster context stays a
 * cluster queue when passed to a process, whatever that process's default is.
 */
public final class Context {
    static final Context SPAWN = new Context("spawn", LocalBackend.INSTANCE);

    private final String name;
    private final Backend backend;

    private Context(String name, Backend backend) {
        this.name = name;
        this.backend = backend;
    }

    /**
     * The context of {@code backend}: for context providers.
     *
     * @param backend the backend that implements the context's objects
     * @return the context of {@code backend}
     */
    public static Context of(Backend backend) {
        return new Context(Objects.requireNonNull(backend, "backend").name(), backend);
    }

    /**
     * The context's name: {@code "spawn"}, {@code "cluster"}, ...
     *
     * @return the context's name
     */
    public String name() {
        return name;
    }

    /** The backend that makes this context's objects: {@link LocalBackend} for the local context. */
    Backend engine() {
        return backend;
    }

    /**
     * A new unbounded queue of this context.
     *
     * @param <T> the type of the queue's items
     * @return a new unbounded queue of this context
     */
    public <T> Queue<T> queue() {
        return make(() -> new Queue<T>());
    }

    /**
     * A new queue of this context holding at most {@code maxsize} items (0: unbounded).
     *
     * @param <T> the type of the queue's items
     * @param maxsize the most items the queue holds before {@code put} waits; 0 (or negative) for
     *     no bound
     * @return a new queue of this context holding at most {@code maxsize} items (0
     */
    public <T> Queue<T> queue(int maxsize) {
        return make(() -> new Queue<T>(maxsize));
    }

    /**
     * A new joinable queue of this context.
     *
     * @param <T> the type of the queue's items
     * @return a new joinable queue of this context
     */
    public <T> JoinableQueue<T> joinableQueue() {
        return make(() -> new JoinableQueue<T>());
    }

    /**
     * A new simple queue of this context.
     *
     * @param <T> the type of the queue's items
     * @return a new simple queue of this context
     */
    public <T> SimpleQueue<T> simpleQueue() {
        return make(() -> new SimpleQueue<T>());
    }

    /**
     * A new lock of this context.
     *
     * @return a new lock of this context
     */
    public Lock lock() {
        return make(Lock::new);
    }

    /**
     * A new reentrant lock of this context.
     *
     * @return a new reentrant lock of this context
     */
    public RLock rlock() {
        return make(RLock::new);
    }

    /**
     * A new semaphore of this context with {@code value} permits.
     *
     * @param value the initial number of permits, 0 or more
     * @return a new semaphore of this context with {@code value} permits
     */
    public Semaphore semaphore(int value) {
        return make(() -> new Semaphore(value));
    }

    /**
     * A new bounded semaphore of this context with {@code value} permits, also its bound.
     *
     * @param value the initial number of permits, 0 or more (also the bound)
     * @return a new bounded semaphore of this context with {@code value} permits, also its bound
     */
    public BoundedSemaphore boundedSemaphore(int value) {
        return make(() -> new BoundedSemaphore(value));
    }

    /**
     * A new, clear event of this context.
     *
     * @return a new, clear event of this context
     */
    public Event event() {
        return make(Event::new);
    }

    /**
     * A new condition of this context over its own reentrant lock of this context.
     *
     * @return a new condition of this context over its own reentrant lock of this context
     */
    public Condition condition() {
        return make(() -> new Condition());
    }

    /**
     * A new condition of this context over {@code lock}, which must be a lock of this context.
     *
     * @param lock the lock the condition waits with, a lock of this context
     * @return a new condition of this context over {@code lock}, which must be a lock of this
     *     context
     */
    public Condition condition(SharedLock lock) {
        return make(() -> new Condition(lock));
    }

    /**
     * A new barrier of this context for {@code parties}.
     *
     * @param parties the number of processes (or threads) that must call {@code await} before all
     *     are released, 1 or more
     * @return a new barrier of this context for {@code parties}
     */
    public Barrier barrier(int parties) {
        return make(() -> new Barrier(parties));
    }

    /**
     * A new barrier of this context for {@code parties}, with an action run by the last party to
     * arrive and a default timeout ({@code null}: none), as {@link Barrier#Barrier(int,
     * SerializableRunnable, java.time.Duration)}.
     *
     * @param parties the number of processes (or threads) that must call {@code await} before all
     *     are released, 1 or more
     * @param action run by the last party to arrive, before the others are released, once per
     *     round; null for none
     * @param timeout the default timeout of {@code await()}; {@code null} for none
     * @return a new barrier of this context for {@code parties}, with an action run by the last
     *     party to arrive and a default timeout ({@code null}
     */
    public Barrier barrier(int parties, SerializableRunnable action, java.time.Duration timeout) {
        return make(() -> new Barrier(parties, action, timeout));
    }

    /**
     * A new, unstarted process of this context that runs {@code target}.
     *
     * @param target the code the child runs; it and what it captures must be serializable
     * @return a new, unstarted process of this context that runs {@code target}
     */
    public Process process(SerializableRunnable target) {
        return make(() -> new Process(target));
    }

    /**
     * A new pool of this context with {@code processes} workers.
     *
     * @param processes the number of worker processes, 1 or more
     * @return a new pool of this context with {@code processes} workers
     */
    public Pool pool(int processes) {
        return make(() -> new Pool(processes));
    }

    /**
     * Runs {@code maker} with this context as the calling thread's default, so that what it
     * constructs belongs to this context.
     *
     * @param <T> the type of what {@code maker} returns
     * @param maker the code that constructs the objects; what it returns is returned
     * @return what {@code maker} returned
     */
    public <T> T make(Callable<T> maker) {
        try {
            return Current.callWith(this, maker);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases what this context holds in this JVM (for the cluster: the client connection). */
    public void close() {
        if (backend != LocalBackend.INSTANCE) { // the local context is never closed
            backend.close();
        }
    }

    @Override
    public String toString() {
        return "Context[" + name + "]";
    }

    // Values, arrays, pipes and managers of this context (Python's ctx.Value, ctx.Array, ctx.Pipe, ctx.Manager)

    /**
     * A synchronized value of this context: {@link Value#of(char, Object)} made here.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param value the initial value, boxed ({@code Integer} for {@code 'i'}, ...)
     * @return a synchronized value of this context
     */
    public Value value(char typecode, Object value) {
        return make(() -> Value.of(typecode, value));
    }

    /**
     * A synchronized array of this context: {@link Array#of(char, Object)} made here.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param sizeOrInitializer an {@code Integer} length (that many zeros), or the initial
     *     elements: a primitive array of the typecode's type, or a {@code Collection}/{@code
     *     Object[]} of boxed values
     * @return a synchronized array of this context
     */
    public Array array(char typecode, Object sizeOrInitializer) {
        return make(() -> Array.of(typecode, sizeOrInitializer));
    }

    /**
     * A duplex pipe of this context: {@link Pipe#open()} made here.
     *
     * @return a duplex pipe of this context
     */
    public Pipe pipe() {
        return make(Pipe::open);
    }

    /**
     * A pipe of this context, one-way unless {@code duplex}: {@link Pipe#open(boolean)} made here.
     *
     * @param duplex true for two ends that both send and receive; false for a one-way pipe ({@code
     *     left()} receives, {@code right()} sends)
     * @return a pipe of this context, one-way unless {@code duplex}
     */
    public Pipe pipe(boolean duplex) {
        return make(() -> Pipe.open(duplex));
    }

    /**
     * A manager of this context: {@link Manager#start()} made here (in the cluster, a manager of cluster objects).
     *
     * @return a manager of this context
     */
    public Manager manager() {
        return make(Manager::start);
    }

    /**
     * The default context: a thread's override (set while {@link Context#make} runs), else the
     * process-wide default ({@link Multiprocessing#setContext}, else {@code -Dmp4j.context}, else
     * spawn).
     */
    static final class Current {
        private static final ThreadLocal<Context> OVERRIDE = new ThreadLocal<>();
        private static volatile Context global;

        private Current() {}

        /** The backend of the current context: the local one unless another context is current. */
        static Backend engine() {
            return current().engine();
        }

        static Context current() {
            Context c = OVERRIDE.get();
            if (c != null) {
                return c;
            }
            c = global;
            if (c == null) {
                synchronized (Current.class) {
                    if (global == null) {
                        String name = System.getProperty("mp4j.context", "spawn");
                        global = byName(name, System.getProperties());
                    }
                    c = global;
                }
            }
            return c;
        }

        static void setGlobal(Context context) {
            synchronized (Current.class) {
                global = context;
            }
        }

        static <T> T callWith(Context context, Callable<T> maker) throws Exception {
            Context before = OVERRIDE.get();
            OVERRIDE.set(context);
            try {
                return maker.call();
            } finally {
                if (before == null) {
                    OVERRIDE.remove();
                } else {
                    OVERRIDE.set(before);
                }
            }
        }

        static Context byName(String name, java.util.Properties settings) {
            if (name == null || name.isBlank() || name.equals("spawn")) {
                return Context.SPAWN;
            }
            StringBuilder known = new StringBuilder("spawn");
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
                if (p.name().equals(name)) {
                    return Context.of(p.open(settings));
                }
                known.append(", ").append(p.name());
            }
            throw new IllegalArgumentException("unknown context '" + name + "': known are " + known
                    + (name.equals("cluster") ? " (the cluster context needs multiprocessing4j-hazelcast on the class path)" : ""));
        }
    }
}
