package io.virtkit.support.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The host's processes as /proc shows them: finding the ones a start launched by their command line (a pid
 * alone could have been reused), and waiting for one to end without {@link ProcessHandle#onExit()}: for a
 * process that is not the JVM's child the JDK keeps that completion per pid, and would hand it to the next
 * process given the pid. {@link #await} polls the handle instead (its start time tells it from a later holder
 * of the pid) and counts a zombie as ended (only its parent has yet to collect it). For a process followed
 * over its whole life, use {@link PidFd}.
 */
public final class HostProcesses {

    private static final long POLL_MILLIS = 2;

    private HostProcesses() {
    }

    /**
     * Whether {@code process} ended within {@code timeout}; a zombie counts as ended once its last thread has.
     * Polls finely: destroy is timed.
     */
    public static boolean await(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && !(isZombie(process.pid()) && threadsGone(process.pid()))) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /**
     * The live processes (not this JVM, no zombie) whose command line holds every one of {@code markers},
     * compared with the NUL-separated command line.
     */
    public static List<ProcessHandle> withCommandLine(String... markers) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self && !isZombie(p.pid())).filter(p -> {
            String cmd = cmdline(p.pid());
            for (String m : markers) {
                if (!cmd.contains(m)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The command line of {@code pid} with NULs as separators, or empty when unreadable. */
    public static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Whether a zombie's other threads have ended too. A thread group's leader turns zombie as soon as it exits,
     * while its other threads may still be tearing down, holding the process's descriptors (and the locks on
     * them, such as a guest's disk leases) for a moment; each vanishes from {@code /proc/PID/task} once it has
     * let go of them.
     */
    private static boolean threadsGone(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.limit(2).count() <= 1;
        } catch (IOException | java.io.UncheckedIOException e) {
            return true; // reaped meanwhile
        }
    }

    /** Whether {@code pid} is a zombie: it has exited, only its parent has not collected it yet. */
    public static boolean isZombie(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        int close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    }
}
