package org.multiprocessing4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The benchmark harness: runs each case in Java and, in the same run, its CPython twin, then
 * prints a table and writes {@code target/bench/results.csv}. See {@code benchmarks/README.md}.
 *
 * <pre>{@code
 * ./mp4j bench                                  # every case, Java and CPython, 5 runs each
 * ./mp4j bench --java-only process_start_join   # one case, Java only
 * ./mp4j bench --java-only --platform portable queue_small_int_1p1c   # on the portable layer
 * ./mp4j bench --runs 3 --list
 * }</pre>
 *
 * <p>Exit status: 0 when every measurement succeeded, 1 when some failed (the table still shows
 * the others), 2 on a bad command line.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the harness with {@code args} and returns the exit status. */
    static int run(String[] args) throws Exception {
        BenchArgs options;
        List<BenchCase> cases;
        try {
            options = BenchArgs.parse(args);
            cases = Cases.select(options.cases());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchArgs.USAGE);
            return 2;
        }
        if (options.help()) {
            System.out.println(BenchArgs.USAGE);
            return 0;
        }
        if (options.list()) {
            printList(cases);
            return 0;
        }
        if (options.platform() != null) {
            // Before anything of the library runs: the layer is chosen once per JVM, and children
            // inherit every mp4j.* property.
            System.setProperty("mp4j.platform", options.platform());
        }
        String platform;
        try {
            platform = org.multiprocessing4j.Multiprocessing.platform();
        } catch (ExceptionInInitializerError e) {
            System.err.println("bench: --platform " + options.platform() + ": " + e.getCause().getMessage());
            return 2;
        }
        // Make the children's AOT cache now, so that its training does not run during a measurement.
        try {
            org.multiprocessing4j.internal.launch.AotCache.system().train().get(3, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("bench: WARNING: the AOT cache was not made (" + e + "); cold starts are slower");
        }
        Optional<PythonTwin> python = Optional.empty();
        if (!options.javaOnly()) {
            try {
                python = PythonTwin.find(Path.of(""));
            } catch (IllegalStateException e) {
                System.err.println("bench: " + e.getMessage());
                return 2;
            }
            if (python.isEmpty()) {
                System.err.println("bench: WARNING: " + System.getProperty(PythonTwin.PYTHON_PROPERTY, "python3")
                        + " cannot be run (not installed?); running the Java side only, as with --java-only");
            }
        }
        System.err.printf("bench: %d case(s), %d measured run(s) each after the warm-up; Java %s on platform %s%s%n",
                cases.size(), options.runs(), Runtime.version(), platform,
                python.map(p -> ", CPython twins with " + p.version() + p.numpyVersion().map(v -> " and numpy " + v)
                        .orElse(" without numpy (the numpy twins are skipped)")).orElse(", no CPython"));

        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            BenchCase c = cases.get(i);
            System.err.printf("[%d/%d] %s%n", i + 1, cases.size(), c.name());
            CaseResult result = new CaseResult(c);
            runJava(c, options.runs(), result);
            if (python.isPresent()) {
                for (String method : c.pythonStartMethods()) {
                    runPython(python.get(), c, method, options.runs(), result);
                }
            }
            results.add(result);
        }

        System.out.println();
        System.out.println("Medians of " + options.runs() + " run(s) after a warm-up, Java on platform " + platform
                + ". ratio = Java versus CPython fork (vs spawn: versus CPython spawn); above 1 means Java is better.");
        ResultTable.print(results, System.out);
        try {
            ResultsCsv.write(results, ResultsCsv.DEFAULT_PATH);
            System.out.println("Wrote " + ResultsCsv.DEFAULT_PATH.toAbsolutePath().normalize());
        } catch (IOException e) {
            System.err.println("bench: cannot write " + ResultsCsv.DEFAULT_PATH + ": " + e);
            return 1;
        }
        return results.stream().anyMatch(r -> !r.failures().isEmpty()) ? 1 : 0;
    }

    private static void runJava(BenchCase c, int runs, CaseResult result) {
        try {
            CaseRunner.Measurement m = CaseRunner.measure(c, runs);
            result.put(CaseResult.JAVA, m.median());
            System.err.printf("  java          %s %s (runs: %s)%n", Numbers.human(m.median()), c.unit(),
                    m.values().stream().map(Numbers::human).collect(Collectors.joining(", ")));
        } catch (Exception e) {
            result.fail(CaseResult.JAVA, String.valueOf(e));
            System.err.println("  java          FAILED:");
            e.printStackTrace(System.err);
        }
    }

    private static void runPython(PythonTwin python, BenchCase c, String method, int runs, CaseResult result) {
        String impl = CaseResult.cpython(method);
        try {
            double v = python.run(c.pythonCase(), c.unit(), runs, method);
            result.put(impl, v);
            System.err.printf(Locale.ROOT, "  %-13s %s %s%n", impl, Numbers.human(v), c.unit());
        } catch (PythonTwin.Skipped e) {
            System.err.println("  " + impl + " " + e.getMessage());
        } catch (IOException | IllegalStateException e) {
            result.fail(impl, e.getMessage());
            System.err.println("  " + impl + " FAILED: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.fail(impl, "interrupted");
        }
    }

    private static void printList(List<BenchCase> cases) {
        for (BenchCase c : cases) {
            String twin = c.pythonStartMethods().isEmpty() ? "no CPython twin"
                    : "CPython " + c.pythonCase() + " (" + String.join(", ", c.pythonStartMethods()) + ")";
            System.out.printf("%-28s %-12s %-38s %s%n", c.name(), c.unit(), c.target(), twin);
        }
    }
}
