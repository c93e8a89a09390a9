package org.multiprocessing4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/** The contract of {@link Event} across processes. */
public abstract class EventContract extends ContextContract {
    @Test
    public void setReleasesEveryWaiterAndAWaitTimesOutWhileClear() throws Exception {
        Event event = context().event();
        Queue<String> events = context().queue();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            ps.add(start(() -> {
                events.put("waiting " + id);
                event.await();
                events.put("woke " + id);
            }));
        }
        ps.add(start(() -> events.put("timed out " + !event.await(Duration.ofMillis(100)))));
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            got.add(events.get(HANG));
        }
        assertEquals(Set.of("waiting 0", "waiting 1", "waiting 2", "timed out true"), got);
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        assertNothingMore(events);
        event.set();
        assertTrue(event.isSet());
        got.clear();
        for (int i = 0; i < 3; i++) {
            got.add(events.get(HANG));
        }
        assertEquals(Set.of("woke 0", "woke 1", "woke 2"), got);
        joinAllOk(ps);
        assertTrue(event.await(Duration.ZERO), "a set event does not wait");
        event.set();
        assertTrue(event.isSet(), "setting twice is harmless");
    }

    @Test
    public void clearMakesWaitersWaitAgainAndASetFromAnotherProcessReleasesThisOne() throws Exception {
        Event event = context().event();
        event.set();
        event.clear();
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        Process setter = start(event::set);
        assertTrue(event.await(HANG), "set by another process");
        joinOk(setter);
        Queue<String> events = context().queue();
        event.clear();
        Process waiter = start(() -> {
            events.put("waiting, set " + event.isSet());
            events.put("waited " + event.await(HANG));
        });
        assertEquals("waiting, set false", events.get(HANG));
        assertNothingMore(events);
        event.set();
        assertEquals("waited true", events.get(HANG));
        joinOk(waiter);
    }
}
