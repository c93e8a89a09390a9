package org.multiprocessing4j.internal.manager;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.multiprocessing4j.internal.serial.Serialization;

/**
 * The managed objects of one server, and who holds them: an object lives while a live client
 * connection holds it or a live object refers to it; the rest is released by a mark-sweep.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Roots.</b> Each client connection is a {@link Session}. A client process keeps one
 * connection per manager for its whole life, so a session is a process: it ends when the
 * connection closes, which the kernel does when the process dies, however it dies (SIGKILL
 * included). A session's {@code held} set is every object the process has been given: the ones
 * it created, the ones that came back in a reply (a dict read out of a dict), and the ones it
 * registered on reading a proxy that arrived by another route (queue, pipe, process target; see
 * {@link ProxyRef}). The set only grows while the session lives: a process never drops a
 * reference early, it drops all of them when it exits. (CPython drops a reference when the proxy
 * is garbage collected; Java has no timely equivalent, and an early drop would race with copies of
 * the proxy in flight.) The server's own connection to itself, made when a server-side proxy
 * compares itself with another, is not a root: it holds only what the objects it compares hold.
 *
 * <p><b>Edges.</b> A managed map or list refers to every managed object whose proxy is among its
 * keys or values, at any depth of plain values: the marker finds them by serializing the
 * container under its monitor with a tracking sink. A custom object is opaque, so it is taken to
 * refer to every managed object ever passed to one of its methods (conservative: it may keep
 * such an object alive longer than needed, never shorter).
 *
 * <p><b>Collection</b> runs on one background thread after a session with references ends,
 * concurrently with calls. It snapshots the roots and a watermark (the highest id made so far)
 * under {@link #lock}, marks from the roots, then, under {@link #lock} again, either takes the
 * references {@linkplain #shaded shaded} meanwhile and marks on, or, if there are none, removes
 * every unmarked object at or below the watermark. Invariants that make this safe without
 * stopping calls:
 * <ol>
 *   <li>A client only presents references it holds: each is in its session's set before the
 *       client can name it (made, replied, or registered under {@link #lock}).
 *   <li>A session ends only after its connection's last call has finished, so no call of an
 *       ended session is under way.
 *   <li>Every addition to a session's set during a collection is shaded, under {@link #lock}.
 *   <li>A call reads its container, and adds the references of its reply to the caller's
 *       session, under the container's monitor; the marker scans a container under the same
 *       monitor. So a reference moved out of a container by a call is either seen in the
 *       container or shaded in a session, never lost in between.
 *   <li>Objects made after the watermark are never removed by that collection; an object is
 *       made, and given to its creator's session, in one step under {@link #lock}.
 *   <li>Removal happens under {@link #lock} with nothing shaded, and registration checks that
 *       the object still exists under {@link #lock}: a copy that arrives after its object was
 *       removed is refused, never half-used.
 * </ol>
 * An object whose last holder exits while a copy of its proxy is still in flight (put in a queue
 * and not yet read) is released; the reader then gets an exception naming it (invariant 6). The
 * sender pins what it sends only for as long as it lives.
 *
 * <p>Shared-memory objects the server makes ({@code manager.lock()} and the like) are not tracked
 * here: they live as long as the server.
 */
final class ObjectTable {
    /** One client connection: what it holds. */
    static final class Session {
        /** Every object this session was given. Written and read under {@link ObjectTable#lock}. */
        private final Set<Long> held = new HashSet<>();
        /** False for the server's connection to itself. Written once, at hello, before any call. */
        private volatile boolean root = true;
    }

    /** Guards sessions, held sets, shading, making, and removal. Never held while taking a monitor. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Object> objects = new ConcurrentHashMap<>();
    private final Map<Long, String> types = new ConcurrentHashMap<>();
    /** Custom object id to the ids passed to it (conservative edges). Sets are concurrent. */
    private final Map<Long, Set<Long>> passed = new ConcurrentHashMap<>();
    /** The live sessions. Under {@link #lock}. */
    private final Set<Session> sessions = new HashSet<>();
    /** The highest id made. Written under {@link #lock}; volatile for {@link #wasReleased}. */
    private volatile long lastId;
    /** Whether a collection is marking: additions to sessions are then shaded. Under {@link #lock}. */
    private boolean marking;
    /** References given to sessions while marking. Under {@link #lock}. */
    private final Set<Long> shaded = new HashSet<>();
    private final AtomicBoolean collectRequested = new AtomicBoolean();
    private final ExecutorService collector = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("manager-collector").daemon(true).unstarted(r));
    private final Predicate<ProxyRef> own;

    /** @param own whether a reference names an object of this server */
    ObjectTable(Predicate<ProxyRef> own) {
        this.own = own;
    }

    Session open() {
        Session s = new Session();
        lock.lock();
        try {
            sessions.add(s);
        } finally {
            lock.unlock();
        }
        return s;
    }

    /** The server's own connection to itself: it holds nothing alive. */
    void notRoot(Session s) {
        s.root = false;
    }

    /** Ends a session (its connection closed) and, if it held anything, collects. */
    void close(Session s) {
        boolean held;
        lock.lock();
        try {
            sessions.remove(s);
            held = !s.held.isEmpty();
        } finally {
            lock.unlock();
        }
        if (held) {
            requestCollect();
        }
    }

    /** Adds a new object, held by {@code creator}; returns its id. */
    long add(Object o, String type, Session creator) {
        lock.lock();
        try {
            long id = lastId + 1;
            lastId = id;
            objects.put(id, o);
            types.put(id, type);
            give(creator, id);
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** The object, or null if there is none (never made, or released). */
    Object get(long id) {
        return objects.get(id);
    }

    String type(long id) {
        return types.get(id);
    }

    /** Whether {@code id} named an object that has been released. */
    boolean wasReleased(long id) {
        return id > 0 && id <= lastId && !objects.containsKey(id);
    }

    int count() {
        return objects.size();
    }

    /** {@code s} was given these references (in a reply). Call under the container's monitor. */
    void gave(Session s, Set<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (long id : ids) {
                if (objects.containsKey(id)) {
                    give(s, id);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code s} read a copy of a proxy to {@code id}: returns false if the object is gone. */
    boolean register(Session s, long id) {
        lock.lock();
        try {
            if (!objects.containsKey(id)) {
                return false;
            }
            give(s, id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** These references were passed to custom object {@code id}, which may keep them. */
    void passedTo(long id, Set<Long> ids) {
        if (!ids.isEmpty()) {
            passed.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).addAll(ids);
        }
    }

    private void give(Session s, long id) {
        s.held.add(id);
        if (marking) {
            shaded.add(id);
        }
    }

    private void requestCollect() {
        if (collectRequested.compareAndSet(false, true)) {
            collector.execute(() -> {
                collectRequested.set(false);
                try {
                    collect();
                } catch (RuntimeException | Error e) {
                    System.err.println("manager: collection failed, objects kept: " + e);
                }
            });
        }
    }

    /** One mark-sweep; see the class comment. Runs on the collector thread only. */
    private void collect() {
        ArrayDeque<Long> work = new ArrayDeque<>();
        long watermark;
        lock.lock();
        try {
            marking = true;
            shaded.clear();
            watermark = lastId;
            for (Session s : sessions) {
                if (s.root) {
                    work.addAll(s.held);
                }
            }
        } finally {
            lock.unlock();
        }
        Set<Long> marked = new HashSet<>();
        try {
            while (true) {
                mark(work, marked);
                lock.lock();
                try {
                    if (shaded.isEmpty()) {
                        objects.keySet().removeIf(id -> id <= watermark && !marked.contains(id)
                                && forget(id));
                        return;
                    }
                    work.addAll(shaded);
                    shaded.clear();
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            lock.lock();
            try {
                marking = false;
                shaded.clear();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean forget(long id) {
        types.remove(id);
        passed.remove(id);
        return true;
    }

    private void mark(ArrayDeque<Long> work, Set<Long> marked) {
        Predicate<ProxyRef> found = r -> {
            if (own.test(r)) {
                work.add(r.objectId());
            }
            return false; // only observing: serialization goes on as usual
        };
        Long id;
        while ((id = work.poll()) != null) {
            if (!marked.add(id)) {
                continue;
            }
            Object o = objects.get(id);
            String type = types.get(id);
            if (o == null || type == null) {
                continue;
            }
            if (type.startsWith("custom:")) {
                work.addAll(passed.getOrDefault(id, Set.of()));
                continue;
            }
            synchronized (o) {
                try (var scope = ProxyRef.track(found)) {
                    Serialization.toFrame(o);
                }
            }
        }
    }
}
