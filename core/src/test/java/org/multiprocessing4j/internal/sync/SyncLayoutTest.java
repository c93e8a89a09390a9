package org.multiprocessing4j.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The shared-memory layouts of the primitives are a format between processes (a child of another
 * build may map them): each offset derived from the previous one must land where the layout
 * comments say and where earlier versions put it.
 */
class SyncLayoutTest {
    @Test
    void mutexFieldsAreWhereTheLayoutSays() {
        assertEquals(0, SharedMutex.STATE);
        assertEquals(4, SharedMutex.HOLDS);
        assertEquals(8, SharedMutex.OWNER_THREAD);
        assertEquals(16, SharedMutex.OWNER_START);
        assertEquals(24, SharedMutex.DIED_OWNER);
        assertEquals(32, SharedMutex.RECOVERED);
        assertEquals(48, SharedMutex.LENGTH);
    }

    @Test
    void conditionFieldsAreWhereTheLayoutSays() {
        assertEquals(0, SharedCondition.SEQ);
        assertEquals(4, SharedCondition.WAITING);
        assertEquals(8, SharedCondition.PERMITS);
        assertEquals(16, SharedCondition.WAITERS_BY_PROCESS);
        assertEquals(8, SharedCondition.ENTRY_START);
        assertEquals(16, SharedCondition.ENTRY_COUNT);
        assertEquals(24, SharedCondition.ENTRY_LENGTH);
        assertEquals(16 + 24 * 64, SharedCondition.LENGTH);
    }

    @Test
    void barrierFieldsAreWhereTheLayoutSays() {
        assertEquals(0, SharedBarrier.MUTEX);
        assertEquals(48, SharedBarrier.GENERATION);
        assertEquals(52, SharedBarrier.COUNT);
        assertEquals(56, SharedBarrier.BROKEN);
        assertEquals(60, SharedBarrier.PARTIES);
        assertEquals(68, SharedBarrier.SLEEPERS);
        assertEquals(72, SharedBarrier.OUTCOMES);
        assertEquals(80, SharedBarrier.SLOTS);
        assertEquals(80 + 64 * 16, SharedBarrier.LENGTH);
    }

    @Test
    void semaphoreEventAndCounterFieldsAreWhereTheLayoutSays() {
        assertEquals(0, SharedSemaphore.VALUE);
        assertEquals(4, SharedSemaphore.SLEEPERS);
        assertEquals(8, SharedSemaphore.BOUND);
        assertEquals(16, SharedSemaphore.LENGTH);
        assertEquals(0, SharedEvent.FLAG);
        assertEquals(4, SharedEvent.SLEEPERS);
        assertEquals(8, SharedEvent.LENGTH);
        assertEquals(0, SharedCounter.COUNT);
        assertEquals(4, SharedCounter.SLEEPERS);
        assertEquals(8, SharedCounter.LENGTH);
    }
}
