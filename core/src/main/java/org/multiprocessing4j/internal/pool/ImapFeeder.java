package org.multiprocessing4j.internal.pool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The thread that reads an imap's input: at most {@link ImapJob#READ_AHEAD_PER_WORKER} chunks per
 * worker ahead of what the caller consumed, handing each chunk to its {@link ImapJob}.
 *
 * <p>Hand-offs between the threads are batched, since with tiny chunks they are most of the cost:
 * the feeder sleeps until half the read-ahead is free again (not until one chunk is).
 */
final class ImapFeeder implements Runnable {
    private final ImapJob<?> job;
    private final Iterator<?> input;
    private final int chunksize;
    /** Chunks the feeder may read ahead; it takes them {@link #refill} at a time. */
    private final Semaphore credits;
    /**
     * At most half the read-ahead, so the feeder never waits for credits that only chunks it has
     * not submitted could free: if fewer than refill are free, more than refill are out.
     */
    private final int refill;
    /** Null until {@link #start} ran. */
    private volatile Thread thread;

    ImapFeeder(ImapJob<?> job, Iterator<?> input, int chunksize, int readAhead) {
        this.job = job;
        this.input = input;
        this.chunksize = chunksize;
        this.credits = new Semaphore(readAhead);
        this.refill = Math.max(1, readAhead / 2);
    }

    void start(String name) {
        thread = Thread.ofPlatform().name(name).daemon(true).start(this);
    }

    /**
     * Wakes the feeder to stop (the job was cut short, which it finds under the lock). Before
     * {@link #start}, nothing to do: the feeder finds that when it first takes the lock.
     */
    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The caller consumed {@code chunks} chunks: the feeder may read as many more. */
    void release(int chunks) {
        credits.release(chunks);
    }

    @Override
    public void run() {
        int held = 0; // credits taken and not yet spent on a chunk
        try {
            while (true) {
                if (held == 0) {
                    credits.acquire(refill);
                    held = refill + credits.drainPermits();
                }
                held--;
                List<Object> chunk = new ArrayList<>(chunksize);
                while (chunk.size() < chunksize && input.hasNext()) {
                    chunk.add(input.next());
                }
                if (!job.chunkRead(chunk)) {
                    break;
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            if (!job.inputFailed(e)) {
                return; // the job was cut short
            }
        }
        job.inputEnded();
    }
}
