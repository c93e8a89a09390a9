package org.multiprocessing4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the results as an aligned text table: case, java, cpython-fork, cpython-spawn,
 * cpython-forkserver, unit, ratio (Java versus CPython fork, above 1 means Java is better), vs spawn
 * and vs forkserver (the same against CPython spawn and forkserver), target.
 *
 * <pre>{@code
 * ResultTable.print(results, System.out);
 * }</pre>
 */
public final class ResultTable {
    private static final String[] HEADER = {
        "case", "java", "cpython-fork", "cpython-spawn", "cpython-forkserver", "unit", "ratio", "vs spawn",
        "vs forkserver", "target"};
    /** Columns aligned to the right (numbers). */
    private static final boolean[] RIGHT = {false, true, true, true, true, false, true, true, true, false};

    private ResultTable() {}

    /** Prints one row per result, then the failures if any. */
    public static void print(List<CaseResult> results, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        String fork = CaseResult.cpython("fork");
        String spawn = CaseResult.cpython("spawn");
        String forkserver = CaseResult.cpython("forkserver");
        for (CaseResult r : results) {
            BenchCase c = r.benchCase();
            rows.add(new String[] {
                c.name(),
                Numbers.human(r.value(CaseResult.JAVA)),
                Numbers.human(r.value(fork)),
                Numbers.human(r.value(spawn)),
                Numbers.human(r.value(forkserver)),
                c.unit(),
                Numbers.ratio(r.ratio(fork)),
                Numbers.ratio(r.ratio(spawn)),
                Numbers.ratio(r.ratio(forkserver)),
                c.target()});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            out.println(format(rows.get(r), width));
            if (r == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < width.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                out.println(format(rule, width));
            }
        }
        for (CaseResult r : results) {
            for (String f : r.failures()) {
                out.println("FAILED " + r.benchCase().name() + " " + f);
            }
        }
    }

    private static String format(String[] row, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(width[i] - row[i].length());
            sb.append(RIGHT[i] ? pad + row[i] : i == row.length - 1 ? row[i] : row[i] + pad);
        }
        return sb.toString();
    }
}
