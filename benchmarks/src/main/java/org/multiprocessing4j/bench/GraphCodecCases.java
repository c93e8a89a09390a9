package org.multiprocessing4j.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.Pool;

/**
 * Large object graphs through a long-lived {@code Pool(2)}, with Java serialization ({@code jdk})
 * and with Apache Fory ({@code Pool.builder().codec("fory")}): each task gets one graph and
 * returns one of the same size, a {@code List} of 10,000 records ({@code pool2_map_list10k_records_*})
 * or a {@code HashMap} of 100,000 entries ({@code pool2_map_map100k_*}); graphs per second, results
 * checked. Java only: the two codecs side by side are the comparison (issue #15's item 3).
 *
 * <pre>{@code
 * ./mp4j bench --java-only pool2_map_list10k_records_jdk pool2_map_list10k_records_fory
 * }</pre>
 */
final class GraphCodecCases {
    private GraphCodecCases() {}

    /** A record of the list case. */
    record Rec(int id, String name, double value, List<String> tags) implements Serializable {}

    static List<Rec> list(int seed) {
        List<Rec> l = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            l.add(new Rec(i, "rec-" + seed + "-" + i, i * 0.5, List.of("a", "b")));
        }
        return l;
    }

    static HashMap<String, Integer> map(int seed) {
        HashMap<String, Integer> m = new HashMap<>(200_000);
        for (int i = 0; i < 100_000; i++) {
            m.put("k" + seed + "-" + i, i);
        }
        return m;
    }

    /** One codec's case over one kind of graph. */
    static final class Case extends PoolCases.WithPool {
        private static final int GRAPHS = 8;
        private final String codec;
        private final boolean maps;
        private List<Object> input;

        Case(String codec, boolean maps) {
            super((maps ? "pool2_map_map100k_" : "pool2_map_list10k_records_") + codec, "graphs/s", true,
                    codec.equals("fory") ? "much faster than the jdk twin" : "reference for the fory twin", List.of());
            this.codec = codec;
            this.maps = maps;
        }

        @Override
        public void setUp() throws Exception {
            pool = Pool.builder().processes(2).codec(codec).build();
            pool.apply(() -> null);
            input = new ArrayList<>();
            for (int i = 0; i < GRAPHS; i++) {
                input.add(maps ? map(i) : list(i));
            }
        }

        @Override
        public void tearDown() {
            super.tearDown();
            input = null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public double runOnce() throws Exception {
            long t0 = System.nanoTime();
            List<Object> out = pool.map(g -> g instanceof Map<?, ?> m ? transform((Map<String, Integer>) m)
                    : transform((List<Rec>) g), input, 1);
            double s = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < GRAPHS; i++) {
                Object o = out.get(i);
                int size = o instanceof Map<?, ?> m ? m.size() : ((List<?>) o).size();
                if (size != (maps ? 100_000 : 10_000)) {
                    throw new IllegalStateException("graph " + i + " came back with " + size + " entries");
                }
            }
            return GRAPHS / s;
        }
    }

    static Map<String, Integer> transform(Map<String, Integer> m) {
        HashMap<String, Integer> r = new HashMap<>(m.size() * 2);
        m.forEach((k, v) -> r.put(k, v + 1));
        return r;
    }

    static List<Rec> transform(List<Rec> l) {
        List<Rec> r = new ArrayList<>(l.size());
        for (Rec x : l) {
            r.add(new Rec(x.id(), x.name(), x.value() * 2, x.tags()));
        }
        return r;
    }
}
