package org.multiprocessing4j.internal.manager;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.multiprocessing4j.internal.serial.RemoteFailure;
import org.multiprocessing4j.internal.shm.ResourceTracker;

/**
 * The manager's server, run in its own process: it holds the managed objects and answers calls.
 *
 * <p>It listens on a Unix socket in a private (0700) folder, and on TCP if asked. Each connection
 * is served by its own thread: the handshake first (nothing is deserialized before it), then
 * calls. Each call on an object runs under that object's monitor, so every operation is atomic.
 * A connection that sends garbage or fails the handshake is closed with a line on stderr; the
 * server keeps serving the others.
 *
 * <p>A connection that has not authenticated within the handshake deadline ({@link
 * Limits#handshakeTimeout}) is closed, and at most {@link Limits#maxPendingHandshakes}
 * connections authenticate at a time on each socket (Unix, TCP): the next one is accepted when
 * one of those ends, so it waits in the kernel's backlog meanwhile, at most a deadline's time for
 * each round, instead of being refused (a burst of legitimate clients all get in). So silent or
 * slow peers hold a bounded number of threads, for a bounded time, while authenticated
 * connections are served as usual, and peers on TCP cannot hold up local ones.
 *
 * <p>Objects live while a live client holds them or a live object refers to them; each
 * connection is a client's session, and its end (the client exited or was killed) lets
 * {@link ObjectTable} release what nothing else holds. A call on a released object fails with
 * {@link java.util.NoSuchElementException} saying so.
 *
 * <p>Managed synchronization objects, queues, values and arrays are shared-memory objects the
 * server makes ({@link SyncHost}) and keeps for its life. Each part is also registered under a
 * negative id as an SPI object over the real one; clients on other machines call those
 * ({@link ManagedObjects}, {@link SyncDispatch}), each client thread over its own connection,
 * which this server serves on its own thread: such calls run with no monitor held, may block
 * that thread (never longer than the client's slice, except a barrier's await), and when the
 * connection ends every lock hold of its thread is released. See {@link SyncConnections} for the
 * invariants.
 */
public final class ManagerServer {
    /**
     * The bounds on connections that have not authenticated yet.
     *
     * @param handshakeTimeout how long a connection may take to authenticate before it is closed
     * @param maxPendingHandshakes how many connections may be authenticating at a time
     */
    public record Limits(java.time.Duration handshakeTimeout, int maxPendingHandshakes)
            implements java.io.Serializable {
        /** The defaults: 5 s, 64 connections. */
        public static final Limits DEFAULT = new Limits(java.time.Duration.ofSeconds(5), 64);
    }

    private final byte[] authkey;
    private final Limits limits;
    /** Closes the connections that outlive the handshake deadline. */
    private final java.util.concurrent.ScheduledThreadPoolExecutor deadlines = newDeadlines();
    private final ObjectTable table;
    private final Map<String, CustomType> customTypes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, java.lang.reflect.Method>> customMethods = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final String socketPath;
    private final String host;
    private final int port;

    /** Makes the managed synchronization objects, queues, values and arrays; null: none can be made. */
    private final SyncHost syncHost;
    /**
     * The parts of those objects, as SPI objects over the real ones, by (negative) id; they live
     * as long as the server. See {@link SyncConnections} for the invariants of their calls.
     */
    private final Map<Long, Object> sync = new ConcurrentHashMap<>();
    /** The mutexes among them: a connection that ends releases its thread's holds on each. */
    private final List<Object> mutexes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong lastSyncId = new java.util.concurrent.atomic.AtomicLong();

    private ManagerServer(byte[] authkey, String socketPath, String host, int port, SyncHost syncHost,
            Limits limits) {
        this.authkey = authkey;
        this.limits = limits;
        this.socketPath = socketPath;
        this.host = host;
        this.port = port;
        this.syncHost = syncHost;
        this.table = new ObjectTable(this::isOwn);
    }

    /** Whether {@code ref} names one of this server's objects (they all carry its socket path). */
    private boolean isOwn(ProxyRef ref) {
        return ref.objectId() != 0 && socketPath.equals(ref.socketPath());
    }

    /** Where a server reports its addresses once it listens: the parent's end of a pipe. */
    @FunctionalInterface
    public interface Ready {
        /**
         * Reports the server's addresses.
         *
         * @param addresses {@code [socketPath, host, port]}
         * @throws Exception if the report cannot be sent
         */
        void send(Object[] addresses) throws Exception;
    }

    /**
     * Runs a server until shut down; reports its addresses on {@code ready} as
     * {@code [socketPath, host, port]}.
     */
    public static void serve(byte[] authkey, String tcpHost, int tcpPort, Ready ready) throws Exception {
        serve(authkey, tcpHost, tcpPort, ready, Map.of(), null);
    }

    /**
     * As above, with custom types (name to registration) and the maker of managed
     * synchronization objects, queues, values and arrays (null: they cannot be made).
     */
    public static void serve(byte[] authkey, String tcpHost, int tcpPort, Ready ready,
            Map<String, CustomType> customTypes, SyncHost syncHost) throws Exception {
        serve(authkey, tcpHost, tcpPort, ready, customTypes, syncHost, Limits.DEFAULT);
    }

    /** As above, with the bounds on connections that have not authenticated yet. */
    public static void serve(byte[] authkey, String tcpHost, int tcpPort, Ready ready,
            Map<String, CustomType> customTypes, SyncHost syncHost, Limits limits) throws Exception {
        Path dir = Files.createTempDirectory("mp4j-manager-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ResourceTracker.trackFolder(dir); // removed even if this server is killed
        Path socket = dir.resolve("socket");
        ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        unix.bind(UnixDomainSocketAddress.of(socket));
        ServerSocketChannel tcp = null;
        int boundPort = 0;
        if (tcpHost != null) {
            tcp = ServerSocketChannel.open();
            tcp.bind(new InetSocketAddress(tcpHost, tcpPort));
            boundPort = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
        }
        ManagerServer server = new ManagerServer(authkey, socket.toString(), tcpHost, boundPort, syncHost,
                limits);
        server.customTypes.putAll(customTypes);
        customTypes.forEach((name, t) -> server.customMethods.put(name, t.methods()));
        server.acceptOn(unix);
        if (tcp != null) {
            server.acceptOn(tcp);
        }
        ready.send(new Object[] {socket.toString(), tcpHost, boundPort});
        try {
            server.stop.await();
        } finally {
            unix.close();
            if (tcp != null) {
                tcp.close();
            }
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private void acceptOn(ServerSocketChannel listener) {
        // Places for connections still authenticating on this socket: each is given back within
        // the handshake deadline, so waiting for one is bounded.
        java.util.concurrent.Semaphore pending = new java.util.concurrent.Semaphore(limits.maxPendingHandshakes());
        Thread.ofPlatform().name("manager-accept").daemon(true).start(() -> {
            while (listener.isOpen()) {
                try {
                    pending.acquire(); // the next connection waits in the backlog meanwhile
                    SocketChannel ch;
                    try {
                        ch = listener.accept();
                    } catch (IOException | RuntimeException e) {
                        pending.release();
                        throw e;
                    }
                    try {
                        Thread.ofPlatform().name("manager-conn").daemon(true)
                                .start(() -> serveConnection(ch, pending));
                    } catch (Throwable t) {
                        pending.release();
                        ch.close();
                        throw t;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    if (!listener.isOpen()) {
                        return; // closed
                    }
                    System.err.println("manager: accept failed (continuing): " + e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // out of descriptors, say
                }
            }
        });
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor newDeadlines() {
        var e = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("manager-handshake-deadline").daemon(true).factory());
        e.setRemoveOnCancelPolicy(true); // a met deadline is forgotten at once
        return e;
    }

    /**
     * Authenticates a connection within the handshake deadline, then gives back its pending
     * permit; the deadline closes the connection if it has not authenticated by then.
     */
    private void authenticate(SocketChannel ch, java.util.concurrent.Semaphore pending) throws IOException {
        // 0: authenticating; 1: authenticated; 2: its deadline passed (it was closed)
        java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        var deadline = deadlines.schedule(() -> {
            if (state.compareAndSet(0, 2)) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed anyway
                }
            }
        }, limits.handshakeTimeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            Wire.serverHandshake(ch, authkey);
        } catch (IOException e) {
            if (state.get() == 2) {
                throw new IOException("no handshake within " + limits.handshakeTimeout() + ": closed", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
            pending.release();
        }
        if (!state.compareAndSet(0, 1)) {
            throw new IOException("no handshake within " + limits.handshakeTimeout() + ": closed");
        }
    }

    /**
     * Serves one client connection, which is that client's session: it ends, and its references
     * with it, only after the connection's last call has been answered.
     */
    private void serveConnection(SocketChannel ch, java.util.concurrent.Semaphore pending) {
        ObjectTable.Session session;
        try {
            session = table.open();
        } catch (RuntimeException | Error e) {
            pending.release(); // the place is given back whatever happens
            try {
                ch.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        try (ch) {
            authenticate(ch, pending);
            FrameSocket frames = new FrameSocket(ch);
            while (true) {
                byte[] frame = frames.read();
                Set<Long> argRefs = new HashSet<>();
                byte[] out;
                Messages.Call call = null;
                try {
                    try (var scope = ProxyRef.track(collectOwn(argRefs))) {
                        call = Messages.Call.decode(frame);
                    }
                } catch (IOException e) {
                    throw e; // a malformed call: drop the connection
                } catch (Throwable t) {
                    call = null; // e.g. a released object's copy: answered as a failure
                    out = failure(t);
                    frames.write(out);
                    continue;
                }
                try {
                    out = answer(call, argRefs, session);
                } catch (Throwable t) {
                    out = failure(t); // what the object threw, EOFException included, goes back
                }
                frames.write(out);
            }
        } catch (EOFException e) {
            // the client went away
        } catch (IOException e) {
            System.err.println("manager: dropped a connection: " + e.getMessage());
        } finally {
            releaseHolds();
            table.close(session);
        }
    }

    /**
     * Releases every lock hold of the calling connection thread: its client thread or process is
     * gone, and with it the owner of those holds.
     */
    private void releaseHolds() {
        for (Object m : mutexes) {
            try {
                SyncDispatch.releaseHolds(m);
            } catch (RuntimeException e) {
                System.err.println("manager: could not release a lock of a closed connection: " + e);
            }
        }
    }

    /** Runs a call on a managed synchronization object, in this connection's thread, with no monitor held. */
    private byte[] syncCall(Messages.Call call) throws Exception {
        Object target = sync.get(call.objectId());
        if (target == null) {
            throw new java.util.NoSuchElementException("no managed synchronization object id=" + call.objectId());
        }
        return new Messages.Reply(SyncDispatch.invoke(target, call.op(), call.args()), null).encode();
    }

    /** A tracking sink that takes this server's references into {@code into}. */
    private Predicate<ProxyRef> collectOwn(Set<Long> into) {
        return r -> {
            if (isOwn(r)) {
                into.add(r.objectId());
                return true;
            }
            return false;
        };
    }

    private static byte[] failure(Throwable t) {
        return new Messages.Reply(null, RemoteFailure.of(t)).encode();
    }

    /**
     * Answers a call with its encoded reply. The references in a reply are given to the caller's
     * session before the object's monitor is released (invariant 4 of {@link ObjectTable}).
     */
    private byte[] answer(Messages.Call call, Set<Long> argRefs, ObjectTable.Session session) throws Exception {
        if (call.objectId() < 0) {
            return syncCall(call);
        }
        if (call.objectId() == 0) {
            return reply(manage(call, session), session);
        }
        long id = call.objectId();
        Object target = table.get(id);
        String type = table.type(id);
        if (target == null || type == null) {
            throw new java.util.NoSuchElementException(table.wasReleased(id)
                    ? "managed object id=" + id + " was released: no live process held it"
                    : "no managed object id=" + id);
        }
        synchronized (target) {
            Object value = switch (type) {
                case "dict", "namespace" -> dictOp(castMap(target), call.op(), call.args());
                case "list" -> listOp(castList(target), call.op(), call.args());
                default -> {
                    table.passedTo(id, argRefs);
                    yield customOp(type, target, call.op(), call.args());
                }
            };
            return reply(value, session);
        }
    }

    /** Encodes {@code value}, giving the references in it to {@code session}. */
    private byte[] reply(Object value, ObjectTable.Session session) {
        Set<Long> refs = new HashSet<>();
        byte[] out;
        try (var scope = ProxyRef.track(collectOwn(refs))) {
            out = new Messages.Reply(value, null).encode();
        } catch (RuntimeException e) {
            return failure(e); // the value cannot travel
        }
        table.gave(session, refs);
        return out;
    }

    private Object manage(Messages.Call call, ObjectTable.Session session) {
        Object[] a = call.args();
        return switch (call.op()) {
            case "hello" -> {
                // the client's first call on a connection: its pid, and what it held before a
                // reconnection (each re-registered if it still exists)
                if ((Long) a[0] == ProcessHandle.current().pid()) {
                    table.notRoot(session);
                }
                for (long id : (long[]) a[1]) {
                    table.register(session, id);
                }
                yield socketPath;
            }
            case "register" -> table.register(session, (Long) a[0]);
            case "create" -> create((String) a[0], session);
            case "make" -> make((String) a[0], a);
            case "createCustom" -> createCustom((String) a[0], session);
            case "objectCount" -> table.count();
            case "shutdown" -> {
                stop.countDown();
                yield null;
            }
            case "ping" -> ProcessHandle.current().pid();
            default -> throw new IllegalArgumentException("unknown manager operation=" + call.op());
        };
    }

    /** Shared-memory objects made and owned by the server, so they live as long as the manager. */
    private final java.util.List<Object> made = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Makes a shared-memory object in this (the server's) process and returns it. Its serialized
     * form carries both its shared memory's names and this server ({@link ManagedRef}): on this
     * machine it attaches the same shared memory; elsewhere its operations are calls to this server.
     */
    private Object make(String type, Object[] a) {
        if (syncHost == null) {
            throw new UnsupportedOperationException("this manager server makes no synchronization objects");
        }
        ProxyRef root = new ProxyRef(socketPath, host, port, authkey, 0, "manager", ProcessHandle.current().pid());
        String machine = MachineId.current();
        Object o = syncHost.make(type, java.util.Arrays.copyOfRange(a, 1, a.length), (kind, target, local, inner, length) -> {
            long id = -lastSyncId.incrementAndGet();
            sync.put(id, target);
            if ("mutex".equals(kind)) {
                mutexes.add(target);
            }
            return new ManagedRef(kind, local, root, id, machine, inner, length);
        });
        made.add(o);
        return o;
    }

    private ProxyRef createCustom(String name, ObjectTable.Session session) {
        CustomType t = customTypes.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no custom type named " + name + " was registered with this manager");
        }
        Object o;
        try {
            o = t.factory().get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the factory of " + name + " failed: " + e, e);
        }
        if (!t.exposed().isInstance(o)) {
            throw new IllegalStateException("the factory of " + name + " made a " + o.getClass().getName()
                    + ", which does not implement " + t.exposed().getName());
        }
        long id = table.add(o, "custom:" + name, session);
        return new ProxyRef(socketPath, host, port, authkey, id, "custom:" + name, ProcessHandle.current().pid());
    }

    private Object customOp(String type, Object target, String op, Object[] args) {
        String name = type.substring("custom:".length());
        CustomType t = customTypes.get(name);
        java.lang.reflect.Method m = customMethods.get(name).get(op);
        if (m == null) {
            throw new IllegalArgumentException("method " + op + " is not exposed by " + t.exposed().getName());
        }
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new java.lang.reflect.UndeclaredThrowableException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + op + ": " + e.getMessage(), e);
        }
    }

    private ProxyRef create(String type, ObjectTable.Session session) {
        Object o = switch (type) {
            case "dict", "namespace" -> new LinkedHashMap<Object, Object>();
            case "list" -> new ArrayList<Object>();
            default -> throw new IllegalArgumentException("unknown managed type=" + type);
        };
        long id = table.add(o, type, session);
        return new ProxyRef(socketPath, host, port, authkey, id, type, ProcessHandle.current().pid());
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> castMap(Object o) {
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    private static Object dictOp(Map<Object, Object> m, String op, Object[] a) {
        return switch (op) {
            case "get" -> m.get(a[0]);
            case "put" -> m.put(a[0], a[1]);
            case "putIfAbsent" -> m.putIfAbsent(a[0], a[1]);
            case "remove" -> m.remove(a[0]);
            case "containsKey" -> m.containsKey(a[0]);
            case "containsValue" -> m.containsValue(a[0]);
            case "size" -> m.size();
            case "clear" -> {
                m.clear();
                yield null;
            }
            case "putAll" -> {
                m.putAll(castMap(a[0]));
                yield null;
            }
            case "snapshot" -> new LinkedHashMap<>(m);
            default -> throw new IllegalArgumentException("unknown dict operation=" + op);
        };
    }

    private static Object listOp(List<Object> l, String op, Object[] a) {
        return switch (op) {
            case "get" -> l.get((Integer) a[0]);
            case "set" -> l.set((Integer) a[0], a[1]);
            case "add" -> l.add(a[0]);
            case "insert" -> {
                l.add((Integer) a[0], a[1]);
                yield null;
            }
            case "removeAt" -> l.remove((int) (Integer) a[0]);
            case "remove" -> l.remove(a[0]);
            case "size" -> l.size();
            case "clear" -> {
                l.clear();
                yield null;
            }
            case "addAll" -> l.addAll(castList(a[0]));
            case "snapshot" -> new ArrayList<>(l);
            default -> throw new IllegalArgumentException("unknown list operation=" + op);
        };
    }
}
