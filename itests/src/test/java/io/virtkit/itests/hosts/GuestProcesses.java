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
        java.util.Map<Long, Long> parents = new java.util.HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline = cmdline(proc);
                if (cmdline.contains(runDir) && filter.test(cmdline)) {
                    long parent = parent(proc);
                    if (parent > 0) { // 0: gone since its command line was read
                        long pid = Long.parseLong(proc.getFileName().toString());
                        found.put(pid, cmdline);
                        parents.put(pid, parent);
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        // a confined start runs QEMU's command line through sh (its private /dev): a child sh forks for a mount
        // carries the same command line until its exec; it is no second QEMU. Its parent is read in the same scan:
        // asked for afterwards, a child that has ended meanwhile has none and would count
        found.keySet().removeIf(pid -> found.containsKey(parents.get(pid)));
        return found;
    }

    /** The parent's pid from /proc/PID/stat (the field after the command name's closing parenthesis), 0 if gone. */
    private static long parent(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static String cmdline(Path proc) {
        try {
            return "\0" + new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }
}
