package org.multiprocessing4j.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Tuple2;

/**
 * The default chunk size of {@code map}: CPython's {@code ceil(n / (4 * workers))}, capped so
 * that a chunk of large arguments holds about {@link ListJob#CHUNK_BYTES}.
 */
class DefaultChunksizeTest {
    record Sample(String name, double[] values) implements Serializable {}

    @Test
    void smallItemsKeepCPythonsRuleAndLargeOnesMakeChunksOfAboutTwoMebibytes() {
        List<Integer> ints = IntStream.range(0, 200).boxed().toList();
        assertEquals(25, ListJob.defaultChunksize(ints, 2), "CPython: ceil(200 / 8)");
        assertEquals(1, ListJob.defaultChunksize(List.of(1), 2));

        List<double[]> mib = Collections.nCopies(200, new double[1 << 17]);
        assertEquals(2, ListJob.defaultChunksize(mib, 2), "1 MiB arrays: two per chunk");
        List<double[]> tenMib = Collections.nCopies(20, new double[10 << 17]);
        assertEquals(1, ListJob.defaultChunksize(tenMib, 2), "10 MiB arrays: one per chunk");

        // inside records, lists and tuples too
        List<Sample> records = Collections.nCopies(200, new Sample("s", new double[1 << 16])); // 512 KiB each
        assertEquals(3, ListJob.defaultChunksize(records, 2), "512 KiB and a name each: three fit in 2 MiB");
        List<List<int[]>> lists = Collections.nCopies(100, List.of(new int[1 << 18], new int[1 << 18])); // 2 MiB
        assertEquals(1, ListJob.defaultChunksize(lists, 2));
        List<Tuple2<long[], Integer>> pairs = Collections.nCopies(400, new Tuple2<>(new long[1 << 15], 1)); // 256 KiB
        assertEquals(8, ListJob.defaultChunksize(pairs, 2));

        // the estimate samples the first, middle and last items: a large one among them counts
        List<Object> mixed = new ArrayList<>(Collections.nCopies(199, (Object) 7));
        mixed.add(new byte[4 << 20]);
        assertEquals(1, ListJob.defaultChunksize(mixed, 2));
        assertEquals(1 << 20, ItemBytes.of(new double[1 << 17]));
    }
}
