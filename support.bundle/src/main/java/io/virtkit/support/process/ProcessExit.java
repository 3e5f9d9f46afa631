package io.virtkit.support.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waiting for a process to end without {@link ProcessHandle#onExit()}: for a process that is not the JVM's
 * child the JDK keeps that completion per pid, and would hand it to the next process given the pid. This
 * polls the handle instead (its start time tells it from a later holder of the pid) and counts a zombie as
 * ended (only its parent has yet to collect it). For a process followed over its whole life, use {@link PidFd}.
 */
public final class ProcessExit {

    private static final long POLL_MILLIS = 2;

    private ProcessExit() {
    }

    /** Whether {@code process} ended within {@code timeout}; a zombie counts as ended. Polls finely: destroy is timed. */
    public static boolean await(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && !isZombie(process.pid())) {
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
