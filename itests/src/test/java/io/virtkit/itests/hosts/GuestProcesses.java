package io.virtkit.itests.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The QEMU processes of one guest on one host, found in /proc: a QEMU whose command line has the guest's
 * {@code -uuid} and a monitor socket in that host's QEMU runtime directory. Both hosts run on this one machine, so
 * the scan sees both; the runtime directory says whose a process is.
 */
public final class GuestProcesses {

    private GuestProcesses() {
    }

    public static List<Long> on(VirtkitDaemon host, UUID guest) {
        String uuid = "\0-uuid\0" + guest + "\0";
        return underRuntimeDir(host, cmdline -> cmdline.contains(uuid)).keySet().stream().toList();
    }

    /** Every QEMU of {@code host}, whatever guest it runs. */
    public static List<Long> underRuntimeDir(VirtkitDaemon host) {
        return underRuntimeDir(host, cmdline -> true).keySet().stream().toList();
    }

    /**
     * Every QEMU of {@code host} whose command line passes {@code filter}, with its command line (NUL-separated,
     * starting with a NUL), in PID order.
     */
    public static java.util.SortedMap<Long, String> underRuntimeDir(VirtkitDaemon host,
            java.util.function.Predicate<String> filter) {
        String runDir = host.qemuRuntimeDir().toString() + "/";
        java.util.SortedMap<Long, String> found = new java.util.TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline = cmdline(proc);
                if (cmdline.contains(runDir) && filter.test(cmdline)) {
                    found.put(Long.parseLong(proc.getFileName().toString()), cmdline);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        // a confined start runs QEMU's command line through sh (its private /dev): a child sh forks for a mount
        // carries the same command line until its exec; it is no second QEMU
        found.keySet().removeIf(pid -> ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                .map(parent -> found.containsKey(parent.pid())).orElse(false));
        return found;
    }

    private static String cmdline(Path proc) {
        try {
            return "\0" + new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }
}
