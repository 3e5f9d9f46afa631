package io.virtkit.itests.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The QEMU processes of one guest on one host, found in /proc: a QEMU whose command line has the guest's
 * {@code -uuid} and a monitor socket in that host's QEMU runtime directory. Both hosts run on this one machine, so
 * the scan sees both; the runtime directory says whose a process is.
 */
final class GuestProcesses {

    private GuestProcesses() {
    }

    static List<Long> on(VirtkitDaemon host, UUID guest) {
        String uuid = "\0-uuid\0" + guest + "\0";
        String runDir = host.qemuRuntimeDir().toString() + "/";
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline = cmdline(proc);
                if (cmdline.contains(uuid) && cmdline.contains(runDir)) {
                    pids.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return pids;
    }

    private static String cmdline(Path proc) {
        try {
            return "\0" + new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }
}
