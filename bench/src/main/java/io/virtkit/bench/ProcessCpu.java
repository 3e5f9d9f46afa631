package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) a process has used so far, from {@code /proc/PID/stat}; threads that have
 * exited still count. Wall times swing with whatever else the machine runs, a daemon's CPU time per run
 * much less, so the benchmark shows both.
 */
final class ProcessCpu {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux architecture Virtkit runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Field 2 is the command in parentheses and may hold spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]); // field 14
        long stime = Long.parseLong(fields[12]); // field 15
        return (utime + stime) / TICKS_PER_SECOND;
    }
}
