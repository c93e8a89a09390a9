package org.multiprocessing4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;

/**
 * The footprint cases: the mean proportional set size (PSS, from {@code /proc/<pid>/smaps_rollup})
 * of the two workers of a fresh {@code Pool(2)} with default settings, after one
 * {@code apply} of a no-op and 7 s idle ({@code worker_pss_idle_kb}: a worker gives memory
 * back 0.5 s and 6 s after its last task), or 2 s after a
 * {@code map(x -> x * x)} over 2,000,000 ints ({@code worker_pss_after_map_kb}). The CPython twins
 * (forkserver and spawn workers) do the same; PSS splits the pages a worker shares (the JDK's
 * files, the AOT cache, a forkserver's pages) among the processes that map them.
 */
final class WorkerPss {
    /** How long the pool stays idle before the idle case reads its workers' PSS. */
    static final long IDLE_MILLIS = 7_000;
    /** How long after the map the after-map case reads them. */
    static final long AFTER_MAP_MILLIS = 2_000;

    private WorkerPss() {}

    /** The PSS of process {@code pid} in kB. */
    static long pssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no Pss line in /proc/" + pid + "/smaps_rollup");
    }

    private static Set<Long> childPids() {
        Set<Long> pids = new HashSet<>();
        for (Process p : Multiprocessing.activeChildren()) {
            pids.add(p.pid());
        }
        return pids;
    }

    /** A fresh Pool(2) after one apply(noop), with the pids of its two workers. */
    private record Fresh(Pool pool, Set<Long> workers) {
        static Fresh start() throws Exception {
            Set<Long> before = childPids();
            Pool pool = new Pool(2);
            pool.apply(() -> null);
            Set<Long> workers = childPids();
            workers.removeAll(before);
            if (workers.size() != 2) {
                pool.close();
                throw new IllegalStateException("the pool has " + workers.size() + " new worker processes, not 2");
            }
            return new Fresh(pool, workers);
        }

        double meanPssKb() throws IOException {
            long sum = 0;
            for (long pid : workers) {
                sum += pssKb(pid);
            }
            return (double) sum / workers.size();
        }
    }

    /** {@code worker_pss_idle_kb}. */
    static final class Idle extends Described {
        Idle() {
            super("worker_pss_idle_kb", "kB", false, "<= 2x CPython spawn (vs spawn >= 0.5x)",
                    List.of("forkserver", "spawn"));
        }

        @Override
        public double runOnce() throws Exception {
            Fresh f = Fresh.start();
            try {
                Thread.sleep(IDLE_MILLIS);
                return f.meanPssKb();
            } finally {
                f.pool().close();
            }
        }
    }

    /** {@code worker_pss_after_map_kb}. */
    static final class AfterMap extends Described {
        private final List<Integer> input = IntStream.range(0, 2_000_000).boxed().toList();

        AfterMap() {
            super("worker_pss_after_map_kb", "kB", false, "<= 1.5x worker_pss_idle_kb (java)",
                    List.of("forkserver", "spawn"));
        }

        @Override
        public double runOnce() throws Exception {
            Fresh f = Fresh.start();
            try {
                List<Integer> r = f.pool().map(x -> x * x, input);
                if (r.size() != input.size()) {
                    throw new IllegalStateException("wrong result size " + r.size());
                }
                Thread.sleep(AFTER_MAP_MILLIS);
                return f.meanPssKb();
            } finally {
                f.pool().close();
            }
        }
    }
}
