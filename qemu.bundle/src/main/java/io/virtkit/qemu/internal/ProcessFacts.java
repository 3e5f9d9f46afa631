package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.virtkit.support.process.HostProcesses;

/** What Linux tells about a process through /proc and {@link ProcessHandle}. Pure functions. */
final class ProcessFacts {
    private ProcessFacts() {
    }

    /** Clock ticks per second of /proc/PID/stat's times: 100 on every Linux platform QEMU runs on here. */
    static final long CLOCK_TICKS = 100;

    /** The process start time, or empty when the process is gone. */
    static Optional<Instant> startTime(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
    }

    /** See {@link HostProcesses#cmdline}. */
    static String cmdline(long pid) {
        return HostProcesses.cmdline(pid);
    }

    /**
     * Whether {@code pid} is still the QEMU we started: alive, started at {@code startTime} and running
     * the domain's UUID. A reused pid fails the first or second test; never signal such a process.
     */
    static boolean isSameQemu(long pid, Instant startTime, String uuid) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || isZombie(pid)) {
            return false;
        }
        Optional<Instant> actual = h.get().info().startInstant();
        if (startTime != null && (actual.isEmpty() || !actual.get().equals(startTime))) {
            return false;
        }
        return cmdline(pid).contains(uuid);
    }

    /** See {@link HostProcesses#withCommandLine}. */
    static List<ProcessHandle> withCommandLine(String... markers) {
        return HostProcesses.withCommandLine(markers);
    }

    /** See {@link HostProcesses#isZombie}. */
    static boolean isZombie(long pid) {
        return HostProcesses.isZombie(pid);
    }

    /** CPU time (user + system) of a process or thread in nanoseconds from its stat file; 0 when unreadable. */
    static long cpuTimeNanos(Path statFile) {
        try {
            return cpuTimeFromStat(Files.readString(statFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long cpuTimeNanos(long pid) {
        return cpuTimeNanos(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** Fields 14 and 15 (utime, stime) count after the command name, which may contain spaces and ')'. */
    static long cpuTimeFromStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14 → f[11], stime field 15 → f[12]
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / CLOCK_TICKS);
    }
}
