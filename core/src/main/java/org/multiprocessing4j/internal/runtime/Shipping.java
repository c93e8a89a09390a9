package org.multiprocessing4j.internal.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets shared objects learn which child process they are being sent to. While a {@code Process}
 * serializes its target, objects that care (a pipe's end, a barrier) leave a {@link Recipient}
 * here from their {@code writeReplace}; once the child is started, each is told its pid. So the
 * child counts as holding the object from the start, and its death is noticed even if it dies
 * before it received the object.
 *
 * <pre>{@code
 * Shipping.begin();
 * byte[] frame;
 * try { frame = Serialization.toFrame(process); } finally { recipients = Shipping.end(); }
 * // start the child, then: recipients.forEach(r -> r.shippedTo(pid, start));
 * }</pre>
 */
public final class Shipping {
    /** Told the pid and start time of the child the object went to. */
    @FunctionalInterface
    public interface Recipient {
        void shippedTo(long pid, long startTicks);
    }

    private static final ThreadLocal<List<Recipient>> ACTIVE = new ThreadLocal<>();

    private Shipping() {}

    /** Starts collecting on this thread. */
    public static void begin() {
        ACTIVE.set(new ArrayList<>());
    }

    /**
     * Takes what was left so far on this thread (empty when not collecting), to tell the started
     * child: what {@link #end()} returns afterwards is only what is left later.
     */
    public static List<Recipient> drain() {
        List<Recipient> r = ACTIVE.get();
        if (r == null || r.isEmpty()) {
            return List.of();
        }
        ACTIVE.set(new ArrayList<>());
        return r;
    }

    /** Stops collecting and returns what was left. */
    public static List<Recipient> end() {
        List<Recipient> r = ACTIVE.get();
        ACTIVE.remove();
        return r == null ? List.of() : r;
    }

    /** Called from {@code writeReplace}: does nothing unless a Process start is collecting. */
    public static void onShip(Recipient recipient) {
        List<Recipient> r = ACTIVE.get();
        if (r != null) {
            r.add(recipient);
        }
    }
}
