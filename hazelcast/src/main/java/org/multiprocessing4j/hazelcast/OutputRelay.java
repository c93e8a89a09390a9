package org.multiprocessing4j.hazelcast;

import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;

/**
 * Prints here what the cluster processes this JVM started print: they publish their lines on
 * this JVM's topic, and this relay prints each on {@code System.out} or {@code System.err} and
 * counts them, so that joining a process can wait until all its lines are printed.
 */
final class OutputRelay {
    private final ITopic<OutputLine> topic;
    private final UUID registration;
    /** Lines printed per process key; guarded by its own monitor for {@link #awaitLines}. */
    private final ConcurrentHashMap<String, int[]> printed = new ConcurrentHashMap<>();

    OutputRelay(HazelcastInstance hazelcast) {
        this.topic = hazelcast.getTopic("mp4j-out-" + UUID.randomUUID());
        this.registration = topic.addMessageListener(m -> print(m.getMessageObject()));
    }

    /** The topic cluster processes publish this JVM's lines to. */
    String topicName() {
        return topic.getName();
    }

    private void print(OutputLine line) {
        PrintStream stream = line.stderr() ? System.err : System.out;
        stream.println(line.text());
        stream.flush();
        int[] count = printed.computeIfAbsent(line.process(), k -> new int[1]);
        synchronized (count) {
            count[0]++;
            count.notifyAll();
        }
    }

    /** Waits at most {@code timeout} until {@code lines} lines of process {@code key} were printed. */
    boolean awaitLines(String key, int lines, Duration timeout) throws InterruptedException {
        if (lines <= 0) {
            return true;
        }
        int[] count = printed.computeIfAbsent(key, k -> new int[1]);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (count) {
            while (count[0] < lines) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                count.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Forgets the count of an ended process. */
    void forget(String key) {
        printed.remove(key);
    }

    void close() {
        try {
            topic.removeMessageListener(registration);
        } catch (RuntimeException e) {
            // the instance is already shutting down
        }
    }
}
