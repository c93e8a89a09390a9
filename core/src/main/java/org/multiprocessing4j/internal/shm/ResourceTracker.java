package org.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource tracker: a small {@code /bin/sh} process per JVM that removes what this JVM owns
 * once it is gone, by any means, {@code kill -9} included. It reads this JVM's registrations from
 * a pipe on its stdin; the kernel closes the pipe when this JVM dies, and at end-of-file the
 * tracker removes:
 * <ul>
 *   <li>every segment named {@code mp4j-<pid>-<start>-*} in the segment folder (the library's
 *       own objects and their channel chunks, see {@link SharedSegments}) whose header names this
 *       JVM (pid and start time) as its owner, or whose header is unfinished (this JVM died
 *       while it created the file: its name, made of this JVM's pid and start time, says whose
 *       it is);
 *   <li>every registered user-named segment whose header still names this JVM as its owner (a
 *       namesake made since by another process is left alone);
 *   <li>every registered folder (a manager server's socket folder).
 * </ul>
 * It ignores SIGINT, SIGHUP and SIGTERM and runs in a session of its own (with {@code setsid}),
 * so a Ctrl-C to the program's process group does not end it before its work. A normal exit has
 * unlinked everything already (the {@link org.multiprocessing4j.internal.runtime.ExitSequence}),
 * so the tracker then finds nothing.
 *
 * <p>Ownership: a segment belongs to the process its header names, which is its creator (for a
 * channel chunk, the channel's creator, whoever wrote the chunk). It lives as long as that
 * process: the tracker removes at its death exactly what its normal exit would have unlinked.
 * Other processes that have it mapped keep a valid mapping (Linux unlinks the name only), but
 * can no longer attach it by name. The library's children die with their parent (see {@code
 * ParentWatch}); a process outside the program that must attach by name after its creator died
 * needs a creator that outlives it (for instance a manager server).
 *
 * <p>Cost: the tracker is started on a daemon thread when this JVM first registers something, so
 * it is off the path of the first segment (starting {@code sh} takes some milliseconds); what is
 * registered before it runs is sent once it does. If this JVM dies before that, the sweep of
 * {@link SharedSegments} (run when any process of the library creates its first segment) is the
 * fallback. If the tracker cannot be started (no {@code /bin/sh}), the same sweep is all there is,
 * and a warning says so once.
 */
public final class ResourceTracker {
    private static final String SCRIPT = """
            trap '' INT HUP TERM QUIT PIPE
            pid=$1 start=$2 start36=$3 dir=$4
            list=
            while IFS= read -r line; do
              list="$list
            $line"
            done
            owned() {
              set -- $(od -An -t d8 -j 8 -N 16 "$1" 2>/dev/null)
              [ "$1" = "$pid" ] && [ "$2" = "$start" ]
            }
            unfinished() {
              set -- $(od -An -t d4 -N 4 "$1" 2>/dev/null)
              [ "${1:-0}" = 0 ]
            }
            for f in "$dir"/mp4j-"$pid"-"$start36"-*; do
              [ -f "$f" ] && { owned "$f" || unfinished "$f"; } && rm -f -- "$f"
            done
            printf '%s\\n' "$list" | while IFS= read -r line; do
              case $line in
                S\\ *) f="$dir/${line#S }"; [ -f "$f" ] && owned "$f" && rm -f -- "$f" ;;
                D\\ *) rm -rf -- "${line#D }" ;;
              esac
            done
            """;

    private static final Object LOCK = new Object();
    private static final List<String> PENDING = new ArrayList<>(); // guarded by LOCK
    private static boolean starting;                                // guarded by LOCK
    private static OutputStream pipe;                               // guarded by LOCK; null until started
    private static boolean failed;                                  // guarded by LOCK
    private static long trackerPid = -1;                            // guarded by LOCK; written by the Starter

    private ResourceTracker() {}

    /** Starts the tracker if it is not running, in the background; idempotent. */
    public static void ensureStarted() {
        synchronized (LOCK) {
            if (starting) {
                return;
            }
            starting = true;
        }
        Thread.ofPlatform().name("mp4j-tracker-start").daemon(true).start(new Starter());
    }

    /** Has the user-named segment file {@code fileName} removed at this JVM's death if it still owns it. */
    public static void trackSegment(String fileName) {
        send("S " + fileName);
    }

    /** Has the folder {@code dir} and what it holds removed at this JVM's death. */
    public static void trackFolder(Path dir) {
        send("D " + dir.toAbsolutePath());
    }

    /** Whether the tracker was asked to start (it may not run yet); for tests. */
    public static boolean requested() {
        synchronized (LOCK) {
            return starting;
        }
    }

    /** The tracker's pid, or -1 if it is not running (yet); for tests. */
    public static long pid() {
        synchronized (LOCK) {
            return trackerPid;
        }
    }

    private static void send(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a tracked name must not hold a line break: " + line);
        }
        ensureStarted();
        synchronized (LOCK) {
            if (pipe == null) {
                if (!failed) {
                    PENDING.add(line);
                }
                return;
            }
            write(line);
        }
    }

    private static void write(String line) { // under LOCK
        try {
            pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException e) {
            fail("the resource tracker stopped reading: " + e.getMessage());
        }
    }

    private static void fail(String why) { // under LOCK
        if (!failed) {
            failed = true;
            pipe = null;
            PENDING.clear();
            System.err.println("multiprocessing4j: " + why + "; shared memory of this process is removed after a crash"
                    + " only by the next program's sweep");
        }
    }

    /** Starts the process and sends what was registered meanwhile. A class: see ParentWatch. */
    private static final class Starter implements Runnable {
        @Override
        public void run() {
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.add("/usr/bin/setsid");
            }
            command.addAll(List.of("/bin/sh", "-c", SCRIPT, "mp4j-tracker", Long.toString(ProcessIdentity.pid()),
                    Long.toString(ProcessIdentity.startTicks()), Long.toString(ProcessIdentity.startTicks(), 36),
                    SharedSegments.directory().toAbsolutePath().toString()));
            java.lang.Process p;
            try {
                p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException | RuntimeException e) {
                synchronized (LOCK) {
                    fail("cannot start the resource tracker (/bin/sh): " + e.getMessage());
                }
                return;
            }
            synchronized (LOCK) {
                pipe = p.getOutputStream();
                trackerPid = p.pid();
                for (String line : PENDING) {
                    write(line);
                }
                PENDING.clear();
            }
        }
    }
}
