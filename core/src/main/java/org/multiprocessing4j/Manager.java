package org.multiprocessing4j;

import java.io.EOFException;
import java.io.Serial;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.multiprocessing4j.function.SerializableSupplier;
import org.multiprocessing4j.internal.channel.Channel;
import org.multiprocessing4j.internal.local.LocalBackend;
import org.multiprocessing4j.internal.local.LocalCells;
import org.multiprocessing4j.internal.local.LocalFlag;
import org.multiprocessing4j.internal.local.LocalMutex;
import org.multiprocessing4j.internal.local.LocalPermits;
import org.multiprocessing4j.internal.local.LocalRendezvous;
import org.multiprocessing4j.internal.local.LocalTaskCounter;
import org.multiprocessing4j.internal.local.LocalWaitSet;
import org.multiprocessing4j.internal.manager.CustomProxyHandler;
import org.multiprocessing4j.internal.manager.CustomType;
import org.multiprocessing4j.internal.manager.ManagedRef;
import org.multiprocessing4j.internal.manager.ManagerClient;
import org.multiprocessing4j.internal.manager.ManagerServer;
import org.multiprocessing4j.internal.manager.ProxyRef;
import org.multiprocessing4j.internal.manager.ServerObject;
import org.multiprocessing4j.internal.manager.SyncHost;
import org.multiprocessing4j.internal.manager.Wire;
import org.multiprocessing4j.spi.Invocable;

/**
 * A server process holding shared maps, lists and namespaces, reached through proxies, as Python's
 * {@code multiprocessing.Manager()}.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     Map<String, Map<String, Integer>> d = manager.dict();
 *     d.put("dict1", manager.dict());
 *     Process p = new Process(() -> d.get("dict1").put("key1", 12));
 *     p.start();
 *     p.join();
 *     System.out.println(d.get("dict1"));   // {key1=12}
 * }
 * }</pre>
 *
 * <p>Proxies are serializable: passed to a {@link Process}, a pool task, or through a queue, they
 * reach the same object. The server listens on a Unix socket in a private folder, and on TCP if
 * started with {@link #start(InetSocketAddress, byte[])}; every connection proves it has the
 * authkey (HMAC-SHA256 challenge, both ways, in CPython 3.12's {@code {sha256}} form) before
 * anything is deserialized. A connection that
 * has not done so within 5 s is closed, and at most 64 connections authenticate at a time on each
 * socket (the next one waits to be accepted until one of those ends); {@link Builder#handshakeTimeout} and {@link
 * Builder#maxPendingHandshakes} change those bounds. Authenticated connections are served
 * meanwhile. Another JVM, on
 * this or another machine, uses a TCP manager with {@link #connect(InetSocketAddress, byte[])}.
 *
 * <p>A managed map, list, namespace or custom object lives while a live process holds a proxy to
 * it or a live managed object refers to it (a proxy stored in a managed map keeps its target,
 * as in CPython). A process holds every proxy it made, read back from a managed object, or
 * received (through a queue, a pipe, its target), until it exits or is killed; then the server
 * releases what nothing else holds. A proxy in flight is kept only by its sender: if every
 * holder exits before the receiver reads it, reading it fails with an exception naming the
 * released object. Managed synchronization objects, queues, values and arrays live as long as
 * the server; they work from any machine, through shared memory on the server's and through calls
 * to the server elsewhere (see {@link #lock()}).
 *
 * <p>When the server dies, every proxy call fails at once with {@link IllegalStateException}
 * naming it. {@link #close()} shuts the server down; it also dies with this process.
 *
 * <h2>In the cluster context</h2>
 * {@code Manager.start()} in a context with a backend (the Hazelcast cluster) starts no server: it
 * returns a manager whose {@link #dict()} and {@link #namespace()} are cluster {@code IMap}s and
 * whose {@link #list()} is a cluster {@code IList}, through the same proxies; nested proxies work
 * as above. Its {@link #lock()}, {@link #queue()}, {@link #value}, {@link #array}, {@link
 * #semaphore}, ... make the context's own objects (a cluster lock, queue, value, ...), which are
 * already shared by every process of the cluster. Those objects are not reference counted: they
 * live as long as the cluster, and {@link #close()} destroys nothing (it only ends this
 * manager's use). Custom types ({@link #builder()}), listening addresses and {@link #connect} are
 * for a manager server, not the cluster. See {@link DictProxy} and {@link ListProxy} for what an
 * {@code IMap} and {@code IList} change (key equality by serialized form, no null keys, a
 * cluster dict prints its entries sorted by key).
 */
public final class Manager implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final Process server;   // null unless this process started the server
    /** Where the objects live: the server, or the context whose backend shares them itself. */
    private final Home home;

    private Manager(Process server, ProxyRef root) {
        this.server = server;
        this.home = new ServerHome(root);
    }

    private Manager(Context context) {
        this.server = null;
        this.home = new ContextHome(context);
    }

    /**
     * Starts a manager server process reachable from this machine's processes.
     *
     * @return the started manager; {@code close()} shuts its server down
     */
    public static Manager start() {
        return start(null, Wire.newAuthkey());
    }

    /**
     * Starts a manager server that also listens on TCP at {@code address} (port 0: any free port)
     * for clients that know {@code authkey}.
     *
     * @param address the address to listen at for TCP clients; port 0 picks a free port
     * @param authkey the shared secret (HMAC challenge as CPython's), not empty: clients must hold
     *     the same bytes
     * @return the started manager; {@code close()} shuts its server down
     * @throws IllegalArgumentException if the authkey is empty
     * @throws IllegalStateException if the server did not start
     */
    public static Manager start(InetSocketAddress address, byte[] authkey) {
        return start(address, authkey, Map.of(), ManagerServer.Limits.DEFAULT);
    }

    private static Manager start(InetSocketAddress address, byte[] authkey, Map<String, CustomType> customTypes,
            ManagerServer.Limits limits) {
        if (authkey == null || authkey.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty");
        }
        Context current = Context.Current.current();
        if (current.engine().sharesObjects()) {
            if (address != null || !customTypes.isEmpty()) {
                throw new UnsupportedOperationException("the " + current.name() + " context has no manager server:"
                        + " custom types and listening addresses are not supported there");
            }
            return new Manager(current);
        }
        byte[] key = authkey.clone();
        String host = address == null ? null : address.getHostString();
        int port = address == null ? 0 : address.getPort();
        Pipe pipe = Pipe.open(false);
        Connection readyIn = pipe.left();
        Connection readyOut = pipe.right();
        HashMap<String, CustomType> types = new HashMap<>(customTypes);
        Process server = new Process("Manager", () -> ManagerServer.serve(key, host, port, readyOut::send, types,
                new SyncObjects(), limits));
        server.setDaemon(true);
        server.start();
        Object[] ready;
        try {
            if (!readyIn.poll(START_LIMIT)) {
                server.kill();
                throw new IllegalStateException("manager server did not start within " + START_LIMIT);
            }
            ready = (Object[]) readyIn.recv();
        } catch (EOFException e) {
            throw new IllegalStateException("manager server process died while starting (exit code "
                    + server.exitCode() + "); see its stderr", e);
        } catch (InterruptedException e) {
            server.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the manager", e);
        }
        ProxyRef root = new ProxyRef((String) ready[0], (String) ready[1], (Integer) ready[2], key, 0, "manager",
                server.pid());
        return new Manager(server, root);
    }

    /**
     * Connects to a manager listening on TCP, started by another program.
     *
     * <p>The manager verifies {@code authkey} on a connection of its own, even if this process is
     * connected to that manager already with another key: a wrong key fails here, every time.
     *
     * @param address the host and port the manager listens at
     * @param authkey the secret the manager was started with
     * @return a client of that manager; closing it leaves the server running
     * @throws AuthenticationException if the manager refused the authkey
     * @throws IllegalStateException if it cannot be reached
     */
    public static Manager connect(InetSocketAddress address, byte[] authkey) {
        ProxyRef probe = new ProxyRef(null, address.getHostString(), address.getPort(), authkey.clone(), 0,
                "manager", 0);
        long pid = (Long) ManagerClient.of(probe).call(probe, 0, "ping");
        ManagerClient.connectedTo(pid, address);
        return new Manager(null, new ProxyRef(null, address.getHostString(), address.getPort(), authkey.clone(), 0,
                "manager", pid));
    }

    /**
     * A manager with custom types, as CPython's {@code BaseManager.register}.
     *
     * <pre>{@code
     * interface Counter { int increment(); }
     * try (Manager m = Manager.builder().register("Counter", Counter.class, CounterImpl::new).start()) {
     *     Counter c = m.create("Counter", Counter.class);   // a proxy: calls run in the server
     * }
     * }</pre>
     *
     * @return a manager with custom types, as CPython's {@code BaseManager.register}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Registers custom types, then starts a manager. */
    public static final class Builder {
        private final Map<String, CustomType> types = new HashMap<>();
        private InetSocketAddress address;
        private byte[] authkey = Wire.newAuthkey();
        private Duration handshakeTimeout = ManagerServer.Limits.DEFAULT.handshakeTimeout();
        private int maxPendingHandshakes = ManagerServer.Limits.DEFAULT.maxPendingHandshakes();

        Builder() {}

        /**
         * How long a new connection may take to prove it has the authkey before the server closes
         * it (default 5 s), so a silent or slow peer holds nothing for long.
         *
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * How many connections may be authenticating at a time on each of the server's sockets
         * (default 64); the next one is accepted when one of those authenticated, failed, or
         * reached its {@linkplain #handshakeTimeout deadline}, so it waits, at most a deadline's
         * time for each round, rather than being refused. Connections that have authenticated do
         * not count.
         *
         * @throws IllegalArgumentException if {@code max} is less than 1
         */
        public Builder maxPendingHandshakes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingHandshakes must be at least 1, got " + max);
            }
            this.maxPendingHandshakes = max;
            return this;
        }

        /**
         * Registers a type: clients get proxies implementing {@code exposed} (every method of that
         * interface is exposed), and {@code factory} makes each object in the server. Exceptions
         * the object throws reach the caller with their type and message.
         *
         * @param <T> the interface type of the objects
         * @param name the type's name, as {@link Manager#create} takes it
         * @param exposed the interface the proxy implements; its methods are the calls sent to the
         *     server
         * @param factory makes each object of the type, in the manager's server
         * @return this builder
         * @throws IllegalArgumentException if exposed is not an interface or the name is taken
         */
        public <T> Builder register(String name, Class<T> exposed, SerializableSupplier<? extends T> factory) {
            if (types.containsKey(name)) {
                throw new IllegalArgumentException("a type named " + name + " is registered already");
            }
            types.put(name, new CustomType(exposed, factory));
            return this;
        }

        /**
         * Also listen on TCP at {@code address} for clients with {@code authkey}.
         *
         * @param address the address to listen at for TCP clients; port 0 picks a free port
         * @param authkey the shared secret (HMAC challenge as CPython's), not empty: clients must
         *     hold the same bytes
         * @return this builder
         */
        public Builder listen(InetSocketAddress address, byte[] authkey) {
            this.address = address;
            this.authkey = authkey.clone();
            return this;
        }

        /**
         * Starts the manager's server.
         *
         * @return the started manager; {@code close()} shuts its server down
         */
        public Manager start() {
            return Manager.start(address, authkey, types,
                    new ManagerServer.Limits(handshakeTimeout, maxPendingHandshakes));
        }
    }

    /**
     * A new object of a registered custom type, as a proxy implementing {@code exposed}.
     *
     * @param <T> the interface type of the proxy
     * @param typeName the name the type was registered under
     * @param exposed the interface the type was registered with
     * @return a new object of a registered custom type, as a proxy implementing {@code exposed}
     * @throws IllegalArgumentException if no such type was registered
     */
    public <T> T create(String typeName, Class<T> exposed) {
        ProxyRef ref = home.createCustom(typeName);
        return exposed.cast(java.lang.reflect.Proxy.newProxyInstance(exposed.getClassLoader(),
                new Class<?>[] {exposed}, new CustomProxyHandler(ref)));
    }

    /**
     * A new managed map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new managed map
     */
    public <K, V> DictProxy<K, V> dict() {
        return new DictProxy<>(home.sharedObject("dict"));
    }

    /**
     * A new managed list.
     *
     * @param <E> the element type
     * @return a new managed list
     */
    public <E> ListProxy<E> list() {
        return new ListProxy<>(home.sharedObject("list"));
    }

    /**
     * A new managed namespace.
     *
     * @return a new managed namespace
     */
    public Namespace namespace() {
        return new Namespace(home.sharedObject("namespace"));
    }

    @SuppressWarnings("unchecked")
    private <T> T make(String type, Object... args) {
        return (T) home.make(type, args);
    }

    /**
     * A {@link Lock} owned by the manager's server, living as long as the manager; like every
     * managed synchronization object, queue, value and array, it works from any machine.
     *
     * <p>On the server's machine it is the same shared-memory lock as {@code new Lock()}, at the
     * same speed; if a client process dies holding it, the next waiter recovers it. Read on another
     * machine (a client of {@link #connect}, or a copy passed there), each operation is a call to
     * the server, which runs it on the real lock: every client thread has its own connection for
     * those calls (so a blocked acquire blocks nothing else), the lock is owned by that thread as
     * usual, and when the thread or its process ends, what it held is released. The copy a process
     * reads decides: the server's machine identity (boot id, host name, namespaces) against its
     * own; the system property {@code mp4j.manager.forceRemote=true} makes a process take the
     * remote path anyway (a test hook).
     *
     * @return a {@link Lock} owned by the manager's server, living as long as the manager; like
     *     every managed synchronization object, queue, value and array, it works from any machine
     */
    public Lock lock() {
        return make("lock");
    }

    /**
     * An {@link RLock} owned by the manager's server; see {@link #lock()}.
     *
     * @return an {@link RLock} owned by the manager's server; see {@link #lock()}
     */
    public RLock rlock() {
        return make("rlock");
    }

    /**
     * A {@link Semaphore} owned by the manager's server; see {@link #lock()}.
     *
     * @param value the initial number of permits, 0 or more
     * @return a {@link Semaphore} owned by the manager's server; see {@link #lock()}
     */
    public Semaphore semaphore(int value) {
        return make("semaphore", value);
    }

    /**
     * A {@link BoundedSemaphore} owned by the manager's server; see {@link #lock()}.
     *
     * @param value the initial number of permits, 0 or more
     * @return a {@link BoundedSemaphore} owned by the manager's server; see {@link #lock()}
     */
    public BoundedSemaphore boundedSemaphore(int value) {
        return make("boundedSemaphore", value);
    }

    /**
     * An {@link Event} owned by the manager's server; see {@link #lock()}.
     *
     * @return an {@link Event} owned by the manager's server; see {@link #lock()}
     */
    public Event event() {
        return make("event");
    }

    /**
     * A {@link Condition} (over its own {@link RLock}) owned by the manager's server; see {@link #lock()}.
     *
     * @return a {@link Condition} (over its own {@link RLock}) owned by the manager's server; see
     *     {@link #lock()}
     */
    public Condition condition() {
        return make("condition");
    }

    /**
     * A {@link Barrier} for {@code parties} owned by the manager's server; see {@link #lock()}.
     *
     * @param parties the number of processes (or threads) that must call {@code await} before all
     *     are released, 1 or more
     * @return a {@link Barrier} for {@code parties} owned by the manager's server; see {@link
     *     #lock()}
     */
    public Barrier barrier(int parties) {
        return make("barrier", parties);
    }

    /**
     * A {@link Queue} (0: unbounded) owned by the manager's server; see {@link #lock()}.
     *
     * @param <T> the type of the queue's items
     * @param maxsize the most items the queue holds before {@code put} waits; 0 (or negative) for
     *     no bound
     * @return a {@link Queue} (0
     */
    public <T> Queue<T> queue(int maxsize) {
        return make("queue", maxsize);
    }

    /**
     * An unbounded {@link Queue} owned by the manager's server.
     *
     * @param <T> the type of the queue's items
     * @return an unbounded {@link Queue} owned by the manager's server
     */
    public <T> Queue<T> queue() {
        return queue(0);
    }

    /**
     * A {@link JoinableQueue} owned by the manager's server; see {@link #lock()}.
     *
     * @param <T> the type of the queue's items
     * @return a {@link JoinableQueue} owned by the manager's server; see {@link #lock()}
     */
    public <T> JoinableQueue<T> joinableQueue() {
        return make("joinableQueue", 0);
    }

    /**
     * A synchronized {@link Value} of typecode {@code typecode} owned by the manager's server.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param initial the initial value, boxed ({@code Integer} for {@code 'i'}, ...)
     * @return a synchronized {@link Value} of typecode {@code typecode} owned by the manager's
     *     server
     */
    public Value value(char typecode, Object initial) {
        return make("value", typecode, initial);
    }

    /**
     * A synchronized {@link Array} of typecode {@code typecode} owned by the manager's server.
     *
     * @param typecode the element type as in Python's {@code array} module: {@code 'i'} int, {@code
     *     'l'} long, {@code 'd'} double, {@code 'f'} float, {@code 'h'} short, {@code 'b'} byte,
     *     {@code 'c'} single-byte char
     * @param initializer an {@code Integer} length (that many zeros), or the initial elements
     * @return a synchronized {@link Array} of typecode {@code typecode} owned by the manager's
     *     server
     */
    public Array array(char typecode, Object initializer) {
        return make("array", typecode, initializer);
    }

    /** How many maps, lists, namespaces and custom objects the server holds now; for tests and diagnostics. */
    int objectCount() {
        return home.objectCount();
    }

    /** The reference to the server itself, which a child can {@link #attach} to; for tests. */
    ProxyRef root() {
        return home instanceof ServerHome h ? h.root() : null;
    }

    /** A manager this process did not start, reached through {@code root}; closing it does nothing. For tests. */
    static Manager attach(ProxyRef root) {
        return new Manager(null, root);
    }

    /**
     * The TCP port the server listens on, or 0.
     *
     * @return the TCP port the server listens on, or 0
     */
    public int port() {
        return home.port();
    }

    /**
     * The server's pid; 0 in the cluster context, which has no server.
     *
     * @return the server's pid; 0 in the cluster context, which has no server
     */
    public long pid() {
        return home.pid();
    }

    /** Shuts the server down (for a manager this process started) and waits for it. Idempotent. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            if (server.isAlive()) {
                ((ServerHome) home).call("shutdown");
            }
        } catch (IllegalStateException e) {
            // already gone
        }
        try {
            if (!server.join(Duration.ofSeconds(30))) {
                server.kill();
                server.join();
            }
        } catch (InterruptedException e) {
            server.kill();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Manager[" + home + "]";
    }

    /** Where a manager's objects live; its two kinds are the manager's two forms. */
    private sealed interface Home permits ServerHome, ContextHome {
        /** A new dict, list or namespace. */
        Invocable sharedObject(String kind);

        /** A new synchronization object, queue, value or array of {@code type}. */
        Object make(String type, Object[] args);

        /** A new object of a registered custom type. */
        ProxyRef createCustom(String typeName);

        /** How many objects the home holds. */
        int objectCount();

        /** The TCP port the home listens on, or 0. */
        int port();

        /** The server's pid, or 0. */
        long pid();
    }

    /** A manager server process, reached at {@code root}: every operation is a call to it. */
    private record ServerHome(ProxyRef root) implements Home {
        Object call(String op, Object... args) {
            return ManagerClient.of(root).call(root, 0, op, args);
        }

        @Override
        public Invocable sharedObject(String kind) {
            return new ServerObject((ProxyRef) call("create", kind));
        }

        @Override
        public Object make(String type, Object[] args) {
            Object[] all = new Object[args.length + 1];
            all[0] = type;
            System.arraycopy(args, 0, all, 1, args.length);
            return call("make", all);
        }

        @Override
        public ProxyRef createCustom(String typeName) {
            return (ProxyRef) call("createCustom", typeName);
        }

        @Override
        public int objectCount() {
            return (Integer) call("objectCount");
        }

        @Override
        public int port() {
            return root.port();
        }

        @Override
        public long pid() {
            return root.managerPid();
        }

        @Override
        public String toString() {
            return root.endpoint() + ", pid=" + root.managerPid();
        }
    }

    /**
     * A context whose backend shares every object itself (the cluster): the manager's objects are
     * the context's own, and there is no server.
     */
    private record ContextHome(Context context) implements Home {
        @Override
        public Invocable sharedObject(String kind) {
            return context.engine().sharedObject(kind);
        }

        @Override
        public Object make(String type, Object[] args) {
            return context.make(() -> switch (type) {
                case "lock" -> new Lock();
                case "rlock" -> new RLock();
                case "semaphore" -> new Semaphore((Integer) args[0]);
                case "boundedSemaphore" -> new BoundedSemaphore((Integer) args[0]);
                case "event" -> new Event();
                case "condition" -> new Condition();
                case "barrier" -> new Barrier((Integer) args[0]);
                case "queue" -> new Queue<>((Integer) args[0]);
                case "joinableQueue" -> new JoinableQueue<>();
                case "value" -> Value.of((Character) args[0], args[1]);
                case "array" -> Array.of((Character) args[0], args[1]);
                default -> throw new IllegalArgumentException("unknown managed type " + type);
            });
        }

        @Override
        public ProxyRef createCustom(String typeName) {
            throw new UnsupportedOperationException("the " + context.name() + " context has no custom manager types");
        }

        @Override
        public int objectCount() {
            throw new UnsupportedOperationException("the " + context.name() + " context does not count managed objects");
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public long pid() {
            return 0;
        }

        @Override
        public String toString() {
            return context.name();
        }
    }

    /**
     * Makes a manager's synchronization objects, queues, values and arrays in its server process
     * (see {@link org.multiprocessing4j.internal.manager.ManagerServer}): the same shared-memory
     * objects as {@code new Lock()} and the like, each part registered with the server as an SPI
     * object over the real one (the target of remote clients' calls) and marked with the {@link
     * ManagedRef} it ships as. The server's connection threads call the backend objects directly.
     */
    static final class SyncObjects implements SyncHost {
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
}
