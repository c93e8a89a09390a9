#!/usr/bin/env python3
"""CPython twins of the multiprocessing4j benchmark cases (see /work/shared/BENCHMARKS.md).

Usage:
    python3 benchmarks/python/bench.py CASE [--runs N] [--start-method fork|spawn|forkserver]
    python3 benchmarks/python/bench.py --list

Runs one warm-up, then N measured runs of CASE, and prints one line on stdout:
``<median> <unit>``. Notes (run counts, the chosen start method) go to stderr.
If one run is so slow that N runs would exceed RUN_BUDGET_S seconds, fewer runs are
made (at least one) and stderr says so.

Every case is a context manager taking the multiprocessing context: it sets up what is
not timed (pools, managers, locks), then yields a function that does one measured run and
returns its value in the case's unit. The Java cases in
benchmarks/src/main/java/org/multiprocessing4j/bench/ follow the same definitions.
"""

import argparse
import contextlib
import multiprocessing
import statistics
import sys
import time

# Seconds that the measured runs of one case may take together (the warm-up is extra).
RUN_BUDGET_S = 25.0
# How long the parent waits for a child to signal before it gives up (a child died).
SIGNAL_TIMEOUT_S = 120.0

# Exit status when a case cannot run here (numpy is missing); the harness reports it as skipped.
EXIT_SKIPPED = 3

CASES = {}
# The cases whose twin needs numpy.
NUMPY_CASES = set()

# numpy, imported by main() for the numpy cases only: a spawn or forkserver child re-imports this
# module, and a numpy import there would add some 40 ms to every start of the other cases' children
# (it did: process_start_join under spawn measured 90 ms with it, against 45-53 ms before numpy).
np = None


def _import_numpy():
    """Imports numpy into this module's `np`; returns whether numpy is installed."""
    global np
    if np is None:
        try:
            import numpy
        except ImportError:
            return False
        np = numpy
    return True


def case(unit, numpy=False):
    """Registers a case under its function name, with its unit; numpy=True if it needs numpy."""

    def register(fn):
        CASES[fn.__name__] = (unit, contextlib.contextmanager(fn))
        if numpy:
            NUMPY_CASES.add(fn.__name__)
        return fn

    return register


# ---------------------------------------------------------------------------------------------
# Functions run in the children. Module-level, so that they can be pickled under spawn.

def noop():
    pass


def noop_arg(_):
    pass


def square(x):
    return x * x


def add(a, b):
    return a + b


def burn_cpu(cpu_ms):
    """CPU-bound task: computes until this thread has used cpu_ms milliseconds of CPU time."""
    end = time.thread_time() + cpu_ms / 1000.0
    acc = 0
    while time.thread_time() < end:
        for i in range(1000):
            acc += i * i
    return acc


def put_ints(q, n):
    for i in range(n):
        q.put(i)


def put_payloads(q, n, size):
    payload = b'x' * size
    for _ in range(n):
        q.put(payload)


def echo(conn):
    while True:
        msg = conn.recv()
        if msg is None:
            break
        conn.send(msg)


def incr_under_lock(lock, counter, n):
    for _ in range(n):
        with lock:
            counter.value += 1


def incr_value_with_its_lock(value, n):
    for _ in range(n):
        with value.get_lock():
            value.value += 1


def pass_barrier(barrier, n):
    for _ in range(n):
        barrier.wait()


def touch_dict(d, _n):
    """Connects the child's proxy to the manager before timing starts."""
    len(d)


def dict_set_get(d, n):
    for i in range(n):
        d[i] = i
    for i in range(n):
        d[i]


def normalize(arr):
    """The seed's first example (its cases run under fork: the workers inherit the parent's numpy)."""
    return arr / np.sqrt(np.sum(arr ** 2))


def payload_of(i, size=1 << 20):
    b = bytearray(size)
    b[-1] = i % 256
    return bytes(b)


def echo_arrays(conn):
    while True:
        o = conn.recv()
        if o is None:
            return
        conn.send(o)


def _child_main(target, args, prepare, ready, go, done):
    if prepare is not None:
        prepare(*args)
    ready.release()
    go.wait()
    target(*args)
    done.release()


def _acquire(sem, what):
    if not sem.acquire(timeout=SIGNAL_TIMEOUT_S):
        raise RuntimeError(f'no {what} signal from a child within {SIGNAL_TIMEOUT_S:.0f} s')


def timed_children(ctx, target, args, count=1, prepare=None, parent_work=None):
    """Starts `count` children running target(*args) and returns the seconds from the moment
    they are all started and waiting (untimed) until they have all returned and parent_work()
    (run by the parent meanwhile) has returned too."""
    ready, go, done = ctx.Semaphore(0), ctx.Event(), ctx.Semaphore(0)
    procs = [ctx.Process(target=_child_main, args=(target, args, prepare, ready, go, done))
             for _ in range(count)]
    for p in procs:
        p.start()
    try:
        for _ in procs:
            _acquire(ready, 'ready')
        t0 = time.perf_counter()
        go.set()
        if parent_work is not None:
            parent_work()
        for _ in procs:
            _acquire(done, 'done')
        elapsed = time.perf_counter() - t0
    finally:
        for p in procs:
            p.join(SIGNAL_TIMEOUT_S)
            if p.is_alive():
                p.kill()
                p.join()
    for p in procs:
        if p.exitcode != 0:
            raise RuntimeError(f'{p.name} exited with {p.exitcode}')
    return elapsed


# ---------------------------------------------------------------------------------------------
# The cases, in the order of BENCHMARKS.md.

@case('ms/process')
def process_start_join(ctx):
    """start + join of a process running a no-op; a run is 10 processes in a row."""
    n = 10

    def once():
        t0 = time.perf_counter()
        for _ in range(n):
            p = ctx.Process(target=noop)
            p.start()
            p.join()
        return (time.perf_counter() - t0) * 1000.0 / n

    yield once


@case('ms/process')
def process_start_join_default(ctx):
    """20 sequential start + join of a process running a no-op; a run reports their median."""
    n = 20

    def once():
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            p = ctx.Process(target=noop)
            p.start()
            p.join()
            times.append((time.perf_counter() - t0) * 1000.0)
        return statistics.median(times)

    yield once


@case('ms')
def pool2_start_first_result_close(ctx):
    """Create a 2-worker pool, apply a no-op, close and join it."""

    def once():
        t0 = time.perf_counter()
        pool = ctx.Pool(2)
        pool.apply(noop)
        pool.close()
        pool.join()
        return (time.perf_counter() - t0) * 1000.0

    yield once


@case('tasks/s')
def pool2_map_square_200k(ctx):
    """map(square) over 200,000 ints on a 2-worker pool, default chunksize."""
    n = 200_000
    with ctx.Pool(2) as pool:
        pool.apply(noop)

        def once():
            t0 = time.perf_counter()
            result = pool.map(square, range(n))
            elapsed = time.perf_counter() - t0
            assert len(result) == n and result[-1] == (n - 1) ** 2
            return n / elapsed

        yield once


@case('tasks/s')
def pool2_starmap_add_100k(ctx):
    """starmap(add) over 100,000 pairs (i, i) on a 2-worker pool, default chunksize."""
    n = 100_000
    pairs = [(i, i) for i in range(n)]
    with ctx.Pool(2) as pool:
        pool.apply(noop)

        def once():
            t0 = time.perf_counter()
            result = pool.starmap(add, pairs)
            elapsed = time.perf_counter() - t0
            assert len(result) == n and result[-1] == 2 * (n - 1)
            return n / elapsed

        yield once


@case('us/call')
def pool2_apply_roundtrip(ctx):
    """5,000 sequential apply(square, (i,)) on a 2-worker pool."""
    n = 5_000
    with ctx.Pool(2) as pool:
        pool.apply(noop)

        def once():
            t0 = time.perf_counter()
            for i in range(n):
                pool.apply(square, (i,))
            return (time.perf_counter() - t0) * 1e6 / n

        yield once


@case('tasks/s')
def pool2_imap_chunksize1_50k(ctx):
    """imap(square) over 50,000 ints with chunksize 1 on a 2-worker pool, consumed fully."""
    n = 50_000
    with ctx.Pool(2) as pool:
        pool.apply(noop)

        def once():
            t0 = time.perf_counter()
            count = 0
            for _ in pool.imap(square, range(n), chunksize=1):
                count += 1
            elapsed = time.perf_counter() - t0
            assert count == n
            return n / elapsed

        yield once


@case('x')
def pool_cpu_speedup_2_over_1(ctx):
    """40 CPU-bound tasks (each burns 25 ms of its thread's CPU time), map with chunksize 1,
    on a 1-worker pool and on a 2-worker pool: the value is time(1 worker) / time(2 workers)."""
    tasks, cpu_ms = 40, 25
    with ctx.Pool(1) as pool1, ctx.Pool(2) as pool2:
        pool1.apply(noop)
        pool2.map(noop_arg, range(2), chunksize=1)

        def timed(pool):
            t0 = time.perf_counter()
            pool.map(burn_cpu, [cpu_ms] * tasks, chunksize=1)
            return time.perf_counter() - t0

        def once():
            return timed(pool1) / timed(pool2)

        yield once


@case('msgs/s')
def queue_small_int_1p1c(ctx):
    """A child puts 200,000 ints on a Queue, the parent gets them; timed from the child's go
    to the parent's last get."""
    n = 200_000

    def once():
        q = ctx.Queue()

        def drain():
            for _ in range(n):
                q.get()

        elapsed = timed_children(ctx, put_ints, (q, n), parent_work=drain)
        q.close()
        return n / elapsed

    yield once


@case('MB/s')
def queue_1MiB_1p1c(ctx):
    """A child puts 2,000 payloads of 1 MiB (bytes) on a Queue, the parent gets them;
    MB is 10^6 bytes."""
    n, size = 2_000, 1 << 20

    def once():
        q = ctx.Queue()

        def drain():
            for _ in range(n):
                if len(q.get()) != size:
                    raise AssertionError('short payload')

        elapsed = timed_children(ctx, put_payloads, (q, n, size), parent_work=drain)
        q.close()
        return n * size / 1e6 / elapsed

    yield once


@case('us/roundtrip')
def pipe_pingpong_roundtrip(ctx):
    """20,000 send(i)/recv() round trips over a Pipe with a child that echoes."""
    n = 20_000

    def once():
        parent_end, child_end = ctx.Pipe()

        def pingpong():
            for i in range(n):
                parent_end.send(i)
                if parent_end.recv() != i:
                    raise AssertionError('wrong echo')
            parent_end.send(None)

        elapsed = timed_children(ctx, echo, (child_end,), parent_work=pingpong)
        parent_end.close()
        child_end.close()
        return elapsed * 1e6 / n

    yield once


def _seed_pool_map(ctx, count, doubles):
    """pool.map(normalize, arrays) on a pool made once over `count` float64 arrays of `doubles`
    elements; yields (one map, checked) -> seconds."""
    rng = np.random.default_rng(15)
    arrays = [rng.random(doubles) for _ in range(count)]
    expected = [a / np.sqrt(np.sum(a ** 2)) for a in arrays]
    with ctx.Pool(2) as pool:
        pool.apply(noop)

        def once():
            t0 = time.perf_counter()
            result = pool.map(normalize, arrays)
            elapsed = time.perf_counter() - t0
            assert len(result) == count
            for r, e in zip(result, expected):
                assert np.array_equal(r, e)
            return elapsed

        yield once


@case('MB/s', numpy=True)
def seed_pool_map_200x1MiB(ctx):
    """The seed's normalisation over 200 arrays of 1 MiB (131,072 doubles); MB/s of argument bytes."""
    with contextlib.contextmanager(_seed_pool_map)(ctx, 200, (1 << 20) // 8) as once:
        yield lambda: 200 * (1 << 20) / 1e6 / once()


@case('MB/s', numpy=True)
def seed_pool_map_20x10MiB(ctx):
    """The seed's normalisation over 20 arrays of 10 MiB; MB/s of argument bytes."""
    with contextlib.contextmanager(_seed_pool_map)(ctx, 20, (10 << 20) // 8) as once:
        yield lambda: 20 * (10 << 20) / 1e6 / once()


@case('us/map', numpy=True)
def seed_pool_map_3x3(ctx):
    """The seed's own example: 3 arrays of 3 doubles, on a warm pool; us per map."""
    with contextlib.contextmanager(_seed_pool_map)(ctx, 3, 3) as once:
        yield lambda: once() * 1e6


@case('tasks/s')
def pool2_map_1MiB_results_200(ctx):
    """map over 200 ints on a 2-worker pool, each task returning 1 MiB of bytes."""
    n, size = 200, 1 << 20
    with ctx.Pool(2) as pool:
        pool.apply(noop)

        def once():
            t0 = time.perf_counter()
            result = pool.map(payload_of, range(n))
            elapsed = time.perf_counter() - t0
            assert len(result) == n and all(len(r) == size and r[-1] == i % 256 for i, r in enumerate(result))
            return n / elapsed

        yield once


@case('MB/s', numpy=True)
def pipe_1MiB_roundtrip(ctx):
    """The parent sends a 1 MiB float64 array over a Pipe and a child sends it back, 500 times;
    MB/s of the bytes moved both ways."""
    n, doubles = 500, (1 << 20) // 8
    payload = np.arange(doubles, dtype=np.float64)

    def once():
        parent_end, child_end = ctx.Pipe()

        def pingpong():
            for i in range(n):
                parent_end.send(payload)
                back = parent_end.recv()
                if len(back) != doubles or back[-1] != doubles - 1:
                    raise AssertionError('wrong echo')
            parent_end.send(None)

        elapsed = timed_children(ctx, echo_arrays, (child_end,), parent_work=pingpong)
        parent_end.close()
        child_end.close()
        return 2 * n * doubles * 8 / 1e6 / elapsed

    yield once


@case('GB/s', numpy=True)
def memcpy_16MiB(ctx):
    """numpy.copyto of 16 MiB between two arrays, 64 times; GB/s (10^9 bytes)."""
    size, n = 16 << 20, 64
    src = np.ones(size, dtype=np.uint8)
    dst = np.zeros(size, dtype=np.uint8)

    def once():
        t0 = time.perf_counter()
        for _ in range(n):
            np.copyto(dst, src)
        elapsed = time.perf_counter() - t0
        assert dst[-1] == 1
        return n * size / 1e9 / elapsed

    yield once


@case('ops/s')
def lock_uncontended_acq_rel(ctx):
    """1,000,000 acquire/release pairs of one Lock in one process; an op is a pair."""
    n = 1_000_000
    lock = ctx.Lock()

    def once():
        t0 = time.perf_counter()
        for _ in range(n):
            lock.acquire()
            lock.release()
        return n / (time.perf_counter() - t0)

    yield once


@case('ops/s')
def lock_contended_2proc_incr(ctx):
    """2 child processes each do 500,000 `with lock: counter.value += 1` on a RawValue('i')."""
    per_child = 500_000

    def once():
        lock = ctx.Lock()
        counter = ctx.RawValue('i', 0)
        elapsed = timed_children(ctx, incr_under_lock, (lock, counter, per_child), count=2)
        if counter.value != 2 * per_child:
            raise AssertionError(f'counter={counter.value}, expected {2 * per_child}')
        return 2 * per_child / elapsed

    yield once


@case('ops/s')
def value_get_lock_incr_2proc(ctx):
    """2 child processes each do 500,000 `with v.get_lock(): v.value += 1` on a Value('i')."""
    per_child = 500_000

    def once():
        value = ctx.Value('i', 0)
        elapsed = timed_children(ctx, incr_value_with_its_lock, (value, per_child), count=2)
        if value.value != 2 * per_child:
            raise AssertionError(f'value={value.value}, expected {2 * per_child}')
        return 2 * per_child / elapsed

    yield once


@case('us/phase')
def barrier2_phase(ctx):
    """2 child processes pass a 2-party Barrier 10,000 times."""
    phases = 10_000

    def once():
        barrier = ctx.Barrier(2)
        elapsed = timed_children(ctx, pass_barrier, (barrier, phases), count=2)
        return elapsed * 1e6 / phases

    yield once


@case('ops/s')
def manager_dict_set_get_from_child(ctx):
    """A child does 5,000 d[i] = i then 5,000 d[i] on a manager dict (10,000 ops); the
    child's proxy connects to the manager before timing starts."""
    n = 5_000
    with ctx.Manager() as manager:
        def once():
            d = manager.dict()
            elapsed = timed_children(ctx, dict_set_get, (d, n), prepare=touch_dict)
            if len(d) != n:
                raise AssertionError(f'dict has {len(d)} keys, expected {n}')
            return 2 * n / elapsed

        yield once


def pss_kb(pid):
    """The proportional set size of process pid, in kB, from /proc/<pid>/smaps_rollup."""
    with open(f'/proc/{pid}/smaps_rollup') as f:
        for line in f:
            if line.startswith('Pss:'):
                return int(line.split()[1])
    raise RuntimeError(f'no Pss line in /proc/{pid}/smaps_rollup')


def pool_worker_pids(pool, count):
    """The pids of a pool's worker processes, after a no-op has gone through the pool."""
    pool.apply(noop)
    pids = sorted(p.pid for p in pool._pool)
    if len(pids) != count:
        raise RuntimeError(f'the pool has {len(pids)} workers, not {count}')
    return pids


# Seconds a pool stays idle before worker_pss_idle_kb reads its workers' PSS (a Java worker
# gives memory back 0.5 s and 6 s after its last task).
PSS_IDLE_S = 7.0
# Seconds after the map before worker_pss_after_map_kb reads them.
PSS_AFTER_MAP_S = 2.0


@case('kB')
def worker_pss_idle_kb(ctx):
    """Mean PSS of the 2 workers of a fresh Pool(2) after one apply(noop) and 7 s idle."""

    def once():
        with ctx.Pool(2) as pool:
            pids = pool_worker_pids(pool, 2)
            time.sleep(PSS_IDLE_S)
            return sum(pss_kb(p) for p in pids) / len(pids)

    yield once


@case('kB')
def worker_pss_after_map_kb(ctx):
    """As worker_pss_idle_kb, but read 2 s after a map(square) over 2,000,000 ints."""
    n = 2_000_000

    def once():
        with ctx.Pool(2) as pool:
            pids = pool_worker_pids(pool, 2)
            result = pool.map(square, range(n))
            assert len(result) == n
            del result
            time.sleep(PSS_AFTER_MAP_S)
            return sum(pss_kb(p) for p in pids) / len(pids)

    yield once


# ---------------------------------------------------------------------------------------------

def measure(name, runs, start_method):
    unit, make = CASES[name]
    ctx = multiprocessing.get_context(start_method)
    with make(ctx) as once:
        t0 = time.perf_counter()
        once()  # warm-up
        warmup_s = time.perf_counter() - t0
        if warmup_s * runs > RUN_BUDGET_S:
            fewer = max(1, int(RUN_BUDGET_S // warmup_s))
            if fewer < runs:
                print(f'{name}: one run took {warmup_s:.1f} s, making {fewer} runs instead of {runs}',
                      file=sys.stderr)
                runs = fewer
        values = [once() for _ in range(runs)]
    return statistics.median(values), unit


def main(argv=None):
    parser = argparse.ArgumentParser(description='CPython twins of the multiprocessing4j benchmarks.')
    parser.add_argument('case', nargs='?', help='the case to run (see --list)')
    parser.add_argument('--runs', type=int, default=5, help='measured runs after one warm-up (default 5)')
    parser.add_argument('--start-method', default='fork', choices=['fork', 'spawn', 'forkserver'])
    parser.add_argument('--list', action='store_true', help='print the case names with their units')
    args = parser.parse_args(argv)
    if args.list:
        for name, (unit, _) in CASES.items():
            print(f'{name} {unit}' + (' numpy' if name in NUMPY_CASES else ''))
        return 0
    if args.case is None:
        parser.error('a case is required; known cases: ' + ', '.join(CASES))
    if args.case not in CASES:
        parser.error(f'unknown case {args.case!r}; known cases: ' + ', '.join(CASES))
    if args.runs < 1:
        parser.error(f'--runs={args.runs} must be >= 1')
    if args.case in NUMPY_CASES and not _import_numpy():
        print(f'{args.case}: skipped, numpy is not installed for {sys.executable}', file=sys.stderr)
        return EXIT_SKIPPED
    value, unit = measure(args.case, args.runs, args.start_method)
    print(f'{value:.6g} {unit}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
