package org.multiprocessing4j.internal.pool;

/**
 * The kernel's OOM-kill count of this process's cgroup ({@code oom_kill} in
 * {@code memory.events} of cgroup v2, or in {@code memory.oom_control} of v1), where the
 * workers run too. Its rise between two looks says the OOM killer acted meanwhile (dmesg is
 * usually not readable).
 */
public final class OomKills {
    private static final java.nio.file.Path EVENTS = find();

    private OomKills() {}

    private static java.nio.file.Path find() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/cgroup"))) {
                // v2 "0::/path": memory.events; v1 "n:memory:/path": memory.oom_control. Inside a
                // container the path is often not mounted as such: its cgroup is the mount's root.
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                    java.nio.file.Path p = readable("/sys/fs/cgroup" + parts[2], "/sys/fs/cgroup", "memory.events");
                    if (p != null) {
                        return p;
                    }
                } else if (parts.length == 3 && java.util.Arrays.asList(parts[1].split(",")).contains("memory")) {
                    java.nio.file.Path p = readable("/sys/fs/cgroup/memory" + parts[2], "/sys/fs/cgroup/memory",
                            "memory.oom_control");
                    if (p != null) {
                        return p;
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return null;
    }

    private static java.nio.file.Path readable(String dir, String root, String file) {
        for (String d : new String[] {dir, root}) {
            java.nio.file.Path p = java.nio.file.Path.of(d, file);
            if (java.nio.file.Files.isReadable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The count now.
     *
     * @return the cgroup's OOM-kill count, or -1 if it cannot be read
     */
    public static long read() {
        if (EVENTS == null) {
            return -1;
        }
        try {
            for (String line : java.nio.file.Files.readAllLines(EVENTS)) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring(9).strip());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // gone or unreadable: unknown
        }
        return -1;
    }
}
