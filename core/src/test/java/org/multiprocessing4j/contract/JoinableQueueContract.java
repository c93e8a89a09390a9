package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/** The contract of {@link JoinableQueue} across processes. */
public abstract class JoinableQueueContract extends ContextContract {
    @Test
    public void joinWaitsUntilAConsumerInAnotherProcessMarksEveryTaskDone() throws Exception {
        JoinableQueue<Integer> q = context().joinableQueue();
        Queue<Integer> sums = context().queue();
        for (int i = 1; i <= 20; i++) {
            q.put(i);
        }
        assertEquals(20, q.unfinishedTasks());
        assertFalse(q.join(Duration.ofMillis(30)), "nothing done yet");
        Process consumer = start(() -> {
            int sum = 0;
            for (int i = 0; i < 20; i++) {
                sum += q.get();
                q.taskDone();
            }
            sums.put(sum);
        });
        assertTrue(q.join(HANG));
        assertEquals(0, q.unfinishedTasks());
        assertEquals(210, sums.get(HANG));
        joinOk(consumer);
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(e.getMessage().contains("taskDone()"), e.getMessage());
    }

    @Test
    public void aTaskPutByAnotherProcessIsUnfinishedUntilDone() throws Exception {
        JoinableQueue<Integer> q = context().joinableQueue();
        Queue<String> results = context().queue();
        Process worker = start(() -> {
            for (int i = 0; i < 10; i++) {
                results.put("doubled " + q.get() * 2);
                q.taskDone();
            }
        });
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        assertTrue(q.join(HANG));
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += Integer.parseInt(results.get(HANG).substring("doubled ".length()));
        }
        assertEquals(90, sum);
        joinOk(worker);
        Process producer = start(() -> q.put(1));
        joinOk(producer);
        assertEquals(1, q.unfinishedTasks());
        assertFalse(q.join(Duration.ofMillis(30)));
        assertEquals(1, q.get(HANG));
        q.taskDone();
        q.join();
        assertEquals(0, q.unfinishedTasks());
    }
}
