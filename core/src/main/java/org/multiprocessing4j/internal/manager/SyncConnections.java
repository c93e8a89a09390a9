package org.multiprocessing4j.internal.manager;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections that carry calls of manager-backed synchronization objects ({@link
 * ManagedObjects}): one per client thread and manager, as CPython's thread-local proxy connections.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>Every call a thread makes on any managed synchronization object of a manager goes over that
 *       thread's own connection, and the server serves each connection on its own thread. So what
 *       a client thread holds (a lock, an RLock's holds, a condition's lock) is held by that server
 *       thread, the same client thread's later calls release it, and another client thread, on
 *       another connection, gets {@link IllegalMonitorStateException} as with a local lock.
 *   <li>A blocking call (acquire, get, await) blocks only its own thread's connection: the
 *       thread's other managers, and the process's dict and list calls (on {@link ManagerClient}'s
 *       connection), go on.
 *   <li>When a connection closes (its thread ended, its process died or was killed, or the
 *       connection broke), the server releases every lock hold of that connection's server thread.
 *       A thread that ends is noticed by a reaper within about a second; a process that dies, by
 *       the kernel closing its sockets. So no managed lock leaks with its holder.
 *   <li>Blocking calls are made in slices of at most {@link #SLICE_NANOS}: between slices the
 *       client checks for an interrupt (so a blocked acquire is interruptible, with the reads of a
 *       plain TCP socket, which an interrupt does not close) and the server learns of a dead peer.
 *       A condition's await re-acquires the lock at the end of each slice, in the server thread,
 *       so no signal can be sent, and lost, between two slices. A barrier's await is one call (a
 *       timed-out slice would break the barrier).
 * </ol>
 *
 * <p>TCP connections are plain {@link Socket}s. A manager without a TCP address is reached over
 * its Unix socket (only possible on its machine, with {@link MachineId#FORCE_REMOTE}); those
 * reads are interruptible channels, and an interrupt there closes the connection, and so releases
 * the thread's holds.
 */
final class SyncConnections {
    /** The longest single blocking call. */
    static final long SLICE_NANOS = 250_000_000L;

    /** The TCP address this process reached a manager at, by manager pid (from {@code Manager.connect}). */
    private static final Map<Long, InetSocketAddress> CONNECTED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Map<String, Conn>> MINE = ThreadLocal.withInitial(HashMap::new);
    private static final Set<Conn> ALL = ConcurrentHashMap.newKeySet();
    private static volatile Thread reaper;

    private SyncConnections() {}

    /** One thread's connection to one manager. */
    private static final class Conn {
        final Thread owner;
        final String endpoint;
        final Closeable socket;
        final CpythonAuth.Frames io;

        Conn(Thread owner, String endpoint, Closeable socket, CpythonAuth.Frames io) {
            this.owner = owner;
            this.endpoint = endpoint;
            this.socket = socket;
            this.io = io;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    /** Remembers that this process reached the manager with pid {@code managerPid} at {@code address}. */
    static void connectedTo(long managerPid, InetSocketAddress address) {
        CONNECTED.put(managerPid, address);
    }

    /**
     * Calls {@code op} on synchronization object {@code ref.id()} over the calling thread's
     * connection.
     *
     * @throws IllegalStateException if the manager cannot be reached or died (the thread's holds
     *     there are released)
     * @throws Exception the exception the real object threw, with its type
     */
    static Object invoke(ManagedRef ref, String op, Object... args) throws Exception {
        Conn c = connection(ref.manager());
        byte[] request = new Messages.Call(ref.id(), op, args).encode();
        Messages.Reply reply;
        try {
            c.io.send(request);
            reply = Messages.Reply.decode(c.io.receive(Wire.MAX_FRAME));
        } catch (IOException e) {
            drop(c);
            throw new IllegalStateException("manager at " + c.endpoint + " (pid=" + ref.manager().managerPid()
                    + ") is gone or dropped this thread's connection: " + e.getMessage()
                    + "; what this thread held there was released", e);
        }
        if (reply.failure() != null) {
            Throwable t = reply.failure().toThrowable(true);
            if (t instanceof Exception e) {
                throw e;
            }
            throw (Error) t;
        }
        return reply.value();
    }

    private static Conn connection(ProxyRef manager) {
        Map<String, Conn> mine = MINE.get();
        String key = manager.managerPid() + "@" + manager.endpoint();
        Conn c = mine.get(key);
        if (c != null) {
            return c;
        }
        c = open(manager);
        mine.put(key, c);
        ALL.add(c);
        startReaper();
        return c;
    }

    private static Conn open(ProxyRef m) {
        InetSocketAddress address = CONNECTED.get(m.managerPid());
        if (address == null && m.port() != 0) {
            address = new InetSocketAddress(m.host(), m.port());
        }
        String endpoint = address != null ? address.getHostString() + ":" + address.getPort() : m.endpoint();
        try {
            Conn c;
            if (address != null) {
                Socket s = new Socket();
                try {
                    s.setTcpNoDelay(true);
                    s.connect(address, 30_000);
                    OutputStream out = s.getOutputStream();
                    DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                    c = new Conn(Thread.currentThread(), endpoint, s, Wire.io(in, out));
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            } else if (m.socketPath() != null) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(m.socketPath()));
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                c = new Conn(Thread.currentThread(), endpoint, ch, Wire.io(
                        new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch))),
                        Channels.newOutputStream(ch)));
            } else {
                throw new IllegalStateException("manager pid=" + m.managerPid() + " has no address to reach");
            }
            try {
                Wire.clientHandshake(c.io, m.authkey());
            } catch (IOException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (Wire.AuthenticationException e) {
            throw new org.multiprocessing4j.AuthenticationException("manager at " + endpoint + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("manager at " + endpoint + " (pid=" + m.managerPid() + ") is unreachable: "
                    + e.getMessage(), e);
        }
    }

    private static void drop(Conn c) {
        c.close();
        ALL.remove(c);
        if (c.owner == Thread.currentThread()) {
            MINE.get().values().remove(c);
        }
    }

    /** Closes the connections of threads that ended: the server then releases their holds. */
    private static void startReaper() {
        if (reaper != null) {
            return;
        }
        synchronized (SyncConnections.class) {
            if (reaper != null) {
                return;
            }
            reaper = Thread.ofPlatform().name("mp4j-manager-sync-reaper").daemon(true).start(() -> {
                while (true) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (Conn c : ALL) {
                        if (!c.owner.isAlive()) {
                            c.close();
                            ALL.remove(c);
                        }
                    }
                }
            });
        }
    }
}
