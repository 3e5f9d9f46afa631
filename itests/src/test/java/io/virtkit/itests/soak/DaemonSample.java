package io.virtkit.itests.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon's footprint at one moment, from {@code /proc/PID}: resident memory ({@code VmRSS}), threads
 * ({@code Threads}) and open file descriptors (the entries of {@code fd/}), {@code seconds} after the soak began.
 */
public record DaemonSample(double seconds, long rssKib, int threads, int fds) {

    static final String CSV_HEADER = "seconds,rss_kib,threads,fds";

    static DaemonSample of(long pid, double seconds) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        if (rss < 0 || threads < 0) {
            throw new IOException("no VmRSS or Threads in " + proc.resolve("status") + " (the daemon ended?)");
        }
        try (var fds = Files.list(proc.resolve("fd"))) {
            return new DaemonSample(seconds, rss, threads, (int) fds.count());
        }
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d", seconds, rssKib, threads, fds);
    }
}
