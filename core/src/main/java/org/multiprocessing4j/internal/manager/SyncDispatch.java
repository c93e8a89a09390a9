package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.spi.Flag;
import org.multiprocessing4j.spi.FrameQueue;
import org.multiprocessing4j.spi.Mutex;
import org.multiprocessing4j.spi.Permits;
import org.multiprocessing4j.spi.Rendezvous;
import org.multiprocessing4j.spi.TaskCounter;
import org.multiprocessing4j.spi.WaitSet;

/**
 * The server's side of {@link ManagedObjects}: runs an SPI operation, named as there, on the
 * server's object over the real one, in the thread serving the caller's connection.
 */
final class SyncDispatch {
    private SyncDispatch() {}

    static Object invoke(Object target, String op, Object[] a) throws Exception {
        return switch (target) {
            case Mutex m -> switch (op) {
                case "acquire" -> m.acquire((Long) a[0]);
                case "release" -> {
                    m.release();
                    yield null;
                }
                case "isLocked" -> m.isLocked();
                case "isHeldByCurrentThread" -> m.isHeldByCurrentThread();
                case "holdCount" -> m.holdCount();
                default -> throw unknown(op, "mutex");
            };
            case Permits p -> switch (op) {
                case "acquire" -> p.acquire((Long) a[0]);
                case "release" -> {
                    p.release();
                    yield null;
                }
                case "bound" -> p.bound();
                case "value" -> p.value();
                default -> throw unknown(op, "permits");
            };
            case Flag f -> switch (op) {
                case "set" -> {
                    f.set();
                    yield null;
                }
                case "clear" -> {
                    f.clear();
                    yield null;
                }
                case "isSet" -> f.isSet();
                case "await" -> f.await((Long) a[0]);
                default -> throw unknown(op, "flag");
            };
            case WaitSet w -> switch (op) {
                case "await" -> w.await(null, (Long) a[0]);
                case "signal" -> {
                    w.signal(null, (Integer) a[0]); // a server-side wait set checks the holder itself
                    yield null;
                }
                case "waiting" -> w.waiting();
                default -> throw unknown(op, "waitset");
            };
            case Rendezvous r -> switch (op) {
                case "await" -> r.await((Long) a[0]);
                case "abort" -> {
                    r.abort();
                    yield null;
                }
                case "reset" -> {
                    r.reset();
                    yield null;
                }
                case "isBroken" -> r.isBroken();
                case "waiting" -> r.waiting();
                case "parties" -> r.parties();
                default -> throw unknown(op, "rendezvous");
            };
            case FrameQueue q -> switch (op) {
                case "send" -> {
                    byte[] f = (byte[]) a[0];
                    q.send(f, 0, f.length);
                    yield null;
                }
                case "receive" -> q.receive((Long) a[0], false, 0);
                case "messages" -> q.messages();
                case "isEmpty" -> q.isEmpty();
                default -> throw unknown(op, "framequeue");
            };
            case TaskCounter t -> switch (op) {
                case "get" -> t.get();
                case "increment" -> {
                    t.increment();
                    yield null;
                }
                case "decrement" -> {
                    t.decrement((String) a[0]);
                    yield null;
                }
                case "awaitZero" -> t.awaitZero((Long) a[0]);
                default -> throw unknown(op, "counter");
            };
            case Cells c -> switch (op) {
                case "get" -> c.get((Integer) a[0]);
                case "set" -> {
                    c.set((Integer) a[0], (Long) a[1]);
                    yield null;
                }
                case "getAndAdd" -> c.getAndAdd((Integer) a[0], (Long) a[1]);
                case "getAndSet" -> c.getAndSet((Integer) a[0], (Long) a[1]);
                case "compareAndSet" -> c.compareAndSet((Integer) a[0], (Long) a[1], (Long) a[2]);
                case "setRange" -> {
                    long[] bits = (long[]) a[1];
                    c.setRange((Integer) a[0], bits, 0, bits.length);
                    yield null;
                }
                case "snapshot" -> c.snapshot();
                default -> throw unknown(op, "cells");
            };
            default -> throw new IllegalArgumentException("not a managed synchronization object: " + target);
        };
    }

    /** Releases every hold the calling (connection) thread has on {@code target}, if it is a mutex. */
    static void releaseHolds(Object target) {
        if (target instanceof Mutex m) {
            int guard = 0;
            while (m.isHeldByCurrentThread() && guard++ < 1_000_000) {
                m.release();
            }
        }
    }

    private static IllegalArgumentException unknown(String op, String kind) {
        return new IllegalArgumentException("unknown " + kind + " operation=" + op);
    }
}
