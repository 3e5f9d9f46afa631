package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test's guests or containers among the host's processes: those whose command line carries its marker. */
final class MarkedProcesses {
    private MarkedProcesses() {
    }

    /** Live (non-zombie) processes whose command line contains {@code marker}. */
    static List<ProcessHandle> find(String marker) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return false;
                }
                byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                return new String(cmdline, StandardCharsets.UTF_8).contains(marker);
            } catch (IOException | RuntimeException e) {
                return false; // exited while we looked
            }
        }).toList();
    }

    /**
     * The marked processes whose parent is not marked: a container's init, not the children it forks. A forked
     * child carries its parent's command line until it execs (sh's {@code sleep 1000 &} is marked for a moment).
     */
    static List<ProcessHandle> findInits(String marker) {
        List<ProcessHandle> marked = find(marker);
        List<Long> pids = marked.stream().map(ProcessHandle::pid).toList();
        return marked.stream()
                .filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true))
                .toList();
    }

    /** Waits (up to 20 s: a process may exec its marked command line a moment after it was reported) for one. */
    static List<ProcessHandle> awaitInits(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<ProcessHandle> found;
        while ((found = findInits(marker)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return found;
    }

    /** Waits (up to 10 s: the last ones may take a moment to be reaped) until none is left, then asserts so. */
    static void assertNoneLeft(String marker, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!find(marker).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(find(marker)).as(what).isEmpty();
    }
}
