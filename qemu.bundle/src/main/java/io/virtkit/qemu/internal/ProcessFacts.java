package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

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

    /** The command line of {@code pid} with NULs as separators, or empty when unreadable. */
    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
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

    /**
     * The live processes whose command line holds every one of {@code markers} (compared with the
     * NUL-separated command line): how a QEMU is found that was launched but whose pid was never
     * recorded. Zombies and this JVM are left out.
     */
    static java.util.List<ProcessHandle> withCommandLine(String... markers) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && !isZombie(p.pid()))
                .filter(p -> {
                    String cmd = cmdline(p.pid());
                    for (String m : markers) {
                        if (!cmd.contains(m)) {
                            return false;
                        }
                    }
                    return true;
                }).toList();
    }

    /** A zombie has exited: only its parent has not collected it yet. */
    static boolean isZombie(long pid) {
        String stat = stat(pid);
        int close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
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

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
