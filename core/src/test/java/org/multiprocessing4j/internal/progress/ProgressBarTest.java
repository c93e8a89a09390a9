package org.multiprocessing4j.internal.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Pool;

/**
 * The progress bar with a real pool: plain lines off a terminal, one line redrawn in place on
 * one (fitted to its width), and the workers' relayed output written above the bar, whole.
 */
@Timeout(120)
class ProgressBarTest {
    @Test
    void offATerminalItPrintsPlainLinesWithRateElapsedAndTheEnd() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, false, 0);
        try (Pool pool = Pool.builder().processes(2).progress(bar::update).build()) {
            pool.map(x -> x + 1, IntStream.range(0, 1000).boxed().toList(), 10);
            pool.map(x -> x + 2, IntStream.range(0, 500).boxed().toList(), 10);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!text.contains("\r"), "no carriage returns in a log: " + text);
        List<String> lines = text.lines().toList();
        // the first update of each job, and each job's end
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("progress: 1000/1000 tasks (100%)")), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("progress: 500/500 tasks (100%)")), "a bar serves each job: " + text);
        assertTrue(lines.stream().allMatch(l -> l.contains(" tasks/s, elapsed ")), text);
        assertTrue(lines.size() <= 4, "not one line per chunk: " + text);
    }

    @Test
    void onATerminalOneLineIsRedrawnWithinItsWidth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, true, 60);
        bar.update(0, 200);
        String line = bar.barLine(90, 200, 3_000_000_000L);
        assertTrue(line.length() < 60, line);
        assertTrue(line.startsWith("[") && line.contains(" 45% 90/200 30/s 0:03<0:03"), line);
        bar.update(200, 200);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\r[") && text.contains("100% 200/200"), text);
        assertTrue(text.endsWith("\n"), "the last draw ends the line");
        assertEquals(2, text.split("\r").length - 1, "two draws, each from the line's start: " + text);
        String narrow = new ProgressBar(out, true, 30).barLine(90, 200, 3_000_000_000L);
        assertTrue(narrow.length() < 30 && !narrow.startsWith("["), "no room for a bar: the figures only: " + narrow);
    }

    @Test
    void relayedOutputOfWorkersIsWrittenAboveTheBarWhole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream stdout = System.out;
        System.setOut(terminal); // what the pool relays goes where the bar draws, as on a terminal
        try {
            ProgressBar bar = new ProgressBar(terminal, true, 80);
            try (Pool pool = Pool.builder().processes(2).progress(bar::update).build()) {
                pool.map(x -> {
                    System.out.println("task-line-" + x);
                    Thread.sleep(2); // work, not synchronisation: the bar redraws meanwhile
                    return x;
                }, IntStream.range(0, 200).boxed().toList(), 1);
            }
        } finally {
            System.setOut(stdout);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> relayed = new ArrayList<>();
        for (String segment : text.split("\n")) {
            String visible = segment.substring(segment.lastIndexOf('\r') + 1); // what stays on the screen
            if (visible.contains("task-line-")) {
                assertTrue(visible.matches("task-line-\\d+"), "a relayed line is whole, on a line of its own: ["
                        + visible + "] in [" + segment + "]");
                relayed.add(visible);
            }
        }
        assertEquals(200, relayed.size(), text);
        assertTrue(text.contains("100% 200/200"), text);
    }
}
