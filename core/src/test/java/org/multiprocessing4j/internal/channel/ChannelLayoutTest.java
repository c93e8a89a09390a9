package org.multiprocessing4j.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The control segment of a channel is a format between processes: each offset derived from the
 * previous one must land where the layout comment says and where earlier versions put it.
 */
class ChannelLayoutTest {
    @Test
    void controlSegmentFieldsAreWhereTheLayoutSays() {
        assertEquals(0, ChannelLayout.WRITE_LOCK);
        assertEquals(64, ChannelLayout.READ_LOCK);
        assertEquals(128, ChannelLayout.TAIL);
        assertEquals(136, ChannelLayout.WRITTEN);
        assertEquals(192, ChannelLayout.HEAD);
        assertEquals(200, ChannelLayout.READ);
        assertEquals(256, ChannelLayout.DATA_SEQ);
        assertEquals(260, ChannelLayout.SLEEPERS);
        assertEquals(264, ChannelLayout.SHIFT);
        assertEquals(268, ChannelLayout.EVER_HELD);
        assertEquals(320, ChannelLayout.WRITERS);
        assertEquals(1344, ChannelLayout.SLOT_LOCK);
        assertEquals(1392, ChannelLayout.SLOT_COUNT);
        assertEquals(1396, ChannelLayout.FREE_TOP);
        assertEquals(1400, ChannelLayout.RETIRE_EPOCH);
        assertEquals(1404, ChannelLayout.PENDING_SLOT);
        assertEquals(1408, ChannelLayout.FREE);
        assertEquals(1664, ChannelLayout.TABLE);
        assertEquals(1664 + 8 * 4096, ChannelLayout.LENGTH);
    }

    @Test
    void aTableEntryNamesItsChunkAndSlot() {
        long entry = ChannelLayout.entry(5, 7);
        assertEquals((6L << 20) | 7, entry);
        assertEquals(5, ChannelLayout.chunkOf(entry));
        assertEquals(7, ChannelLayout.slotOf(entry));
        assertTrue(ChannelLayout.maps(entry, 5));
        assertFalse(ChannelLayout.maps(entry, 5 + ChannelLayout.TABLE_SIZE));
        assertEquals(ChannelLayout.TABLE + 8L * 5, ChannelLayout.tableAt(5 + ChannelLayout.TABLE_SIZE));
    }
}
