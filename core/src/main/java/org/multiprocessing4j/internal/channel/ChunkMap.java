package org.multiprocessing4j.internal.channel;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.multiprocessing4j.internal.shm.SharedSegment;
import org.multiprocessing4j.internal.shm.SharedSegments;

/**
 * One side's mappings of a channel's chunks in this process. Not thread-safe: each side uses it
 * only while holding that side's lock.
 */
final class ChunkMap {
    private final Map<Long, SharedSegment> mapped = new HashMap<>();

    SharedSegment get(long index) {
        return mapped.get(index);
    }

    void put(long index, SharedSegment segment) {
        mapped.put(index, segment);
    }

    /** Unmaps every chunk with an index below {@code index}: they were consumed. */
    void dropBelow(long index) {
        for (Iterator<Map.Entry<Long, SharedSegment>> it = mapped.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getKey() < index) {
                SharedSegments.unmap(e.getValue());
                it.remove();
            }
        }
    }
}
