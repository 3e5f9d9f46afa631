package io.virtkit.itests.hosts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The network namespaces the end-to-end tests make, with {@code ip}: each test's namespaces share a fixed name prefix,
 * so a crashed run's leftovers are found and removed (their processes killed) before new ones are made.
 */
public final class Namespaces {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private Namespaces() {
    }

    /** Namespaces named {@code prefix…} of an earlier run (a crashed JVM never ran its cleanup), removed. */
    public static void removeLeftovers(String prefix) {
        for (String line : HostCommand.run(BOUND, "ip", "netns", "list").outOrFail().lines().toList()) {
            String name = line.split("\\s+")[0];
            if (name.startsWith(prefix)) {
                delete(name);
            }
        }
    }

    /** Kills every process still in {@code name} (daemons, QEMUs, dnsmasq), then deletes it (and its devices). */
    public static void delete(String name) {
        HostCommand.Result pids = HostCommand.run(BOUND, "ip", "netns", "pids", name);
        if (!pids.ok()) {
            return; // not there
        }
        List<ProcessHandle> inside = pids.out().lines().map(String::strip).filter(p -> p.matches("\\d+"))
                .map(p -> ProcessHandle.of(Long.parseLong(p))).flatMap(Optional::stream).toList();
        inside.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : inside) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS); // gone before its namespace goes (a QEMU holds its TAP)
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("process " + p.pid() + " in " + name + " did not end after SIGKILL: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        HostCommand.run(BOUND, "ip", "netns", "del", name);
    }

    /** {@code ip ARGS…}, failing with what ip said. */
    public static void ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        HostCommand.run(BOUND, command).outOrFail();
    }
}
