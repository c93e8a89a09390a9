package org.multiprocessing4j.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of benchmark cases, in the order they run and are printed. To add a case, write a
 * {@link BenchCase} class and add an instance to {@link #ALL}.
 *
 * <pre>{@code
 * for (BenchCase c : Cases.select(List.of("process_start_join"))) {
 *     System.out.println(c.name() + " " + c.unit());
 * }
 * }</pre>
 */
public final class Cases {
    private static final List<BenchCase> ALL = List.of(
            new ProcessStartJoin(),
            new ProcessStartJoinSpare(),
            new ProcessStartJoinDefault(),
            new PoolCases.StartFirstResultClose(),
            new PoolCases.StartFirstResultCloseSpare(),
            new PoolCases.StartFirstResultCloseDefault(),
            new PoolCases.MapSquare(),
            new ProductionPoolCases.ObservedMapSquare(),
            new ProductionPoolCases.TimeoutLatency(false),
            new ProductionPoolCases.TimeoutLatency(true),
            new PoolCases.StarmapAdd(),
            new PoolCases.ApplyRoundTrip(),
            new PoolCases.ImapChunk1(),
            new PoolCases.CpuSpeedup(),
            new PoolCases.MapPayload("pool2_map_1KiB_args_20k", 1024, 20_000),
            new PoolCases.MapPayload("pool2_map_1MiB_args_200", 1 << 20, 200),
            new LargeData.MapResults(),
            new GraphCodecCases.Case("jdk", false),
            new GraphCodecCases.Case("fory", false),
            new GraphCodecCases.Case("jdk", true),
            new GraphCodecCases.Case("fory", true),
            new LargeData.SeedPoolMap("seed_pool_map_200x1MiB", 200, (1 << 20) / 8, false, ">= 10x"),
            new LargeData.SeedPoolMap("seed_pool_map_20x10MiB", 20, (10 << 20) / 8, false, ">= 10x"),
            new LargeData.SeedPoolMap("seed_pool_map_3x3", 3, 3, true, ">= 4x"),
            new WorkerPss.Idle(),
            new WorkerPss.AfterMap(),
            new ClusterMapSquare(),
            new QueueSmallInt(),
            new Queue1MiB(),
            new PipePingPong(),
            new LargeData.PipeRoundTrip(),
            new LargeData.Memcpy(),
            new Queue4x4(),
            new LockUncontended(),
            new LockContended2Proc(),
            new ValueGetLockIncr(),
            new AtomicIncr(),
            new Barrier2Phase(),
            new ManagerDictCase());

    static {
        Set<String> names = new HashSet<>();
        for (BenchCase c : ALL) {
            if (!names.add(c.name())) {
                throw new IllegalStateException("two benchmark cases are named " + c.name());
            }
        }
    }

    private Cases() {}

    /** Every case, in registration order. */
    public static List<BenchCase> all() {
        return ALL;
    }

    /** The names of every case, in registration order. */
    public static List<String> names() {
        return ALL.stream().map(BenchCase::name).toList();
    }

    /**
     * The cases with the given names, in the order given and without duplicates; every case if
     * {@code names} is empty.
     *
     * @throws IllegalArgumentException if a name is not a known case; the message lists the known ones
     */
    public static List<BenchCase> select(List<String> names) {
        if (names.isEmpty()) {
            return ALL;
        }
        List<BenchCase> selected = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            selected.add(byName(name));
        }
        return selected;
    }

    /**
     * The case named {@code name}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the known cases
     */
    public static BenchCase byName(String name) {
        for (BenchCase c : ALL) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown benchmark case \"" + name + "\"; known cases: "
                + String.join(", ", names()));
    }
}
