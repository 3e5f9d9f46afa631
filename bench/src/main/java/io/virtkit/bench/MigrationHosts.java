package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two "hosts" on this one machine for the migration benchmark: network namespaces {@code vkbenchA} and
 * {@code vkbenchB} joined by a veth pair (10.78.0.1/24 and 10.78.0.2/24, loopback up in each). A daemon of a host runs
 * as {@code ip netns exec NS unshare --uts … sh -c 'hostname NAME; …; exec DAEMON'}: its own network, and a host name of
 * its own (libvirt refuses a migration whose cookie names its own host), optionally a private mount namespace with
 * directories of the benchmark's bound over the host's ({@code /run/libvirt}, …).
 *
 * <p>Each namespace gets an {@code /etc/netns/NS/hosts} naming both hosts ({@code ip netns exec} binds it over
 * {@code /etc/hosts}), so a daemon resolves its own host name as it would on a real host.
 *
 * <p>{@link #close()} kills every process still in either namespace ({@code ip netns pids}: the daemons, QEMUs a daemon
 * left, virsh) and deletes the namespaces, which takes the veth pair with them. A mount namespace ends with its last
 * process, so its bind mounts go too.
 */
final class MigrationHosts implements AutoCloseable {
    static final String PREFIX = "vkbench";
    /** {@code ip netns exec NS} binds each file of {@code /etc/netns/NS} over the one of {@code /etc}. */
    private static final Path NETNS_ETC = Path.of("/etc/netns");

    /** One host: its namespace, its address on the veth pair, its host name and the host UUID its daemons claim. */
    record Host(String label, String netns, String address, String hostname, String hostUuid) {

        /** {@code command} run in this host's network namespace with its host name. */
        List<String> wrap(List<String> command) {
            return wrap(command, Map.of());
        }

        /**
         * {@code command} run in this host's network namespace with its host name, and (when {@code binds} is not
         * empty) in a private mount namespace where each directory (value) is bound over a host path (key).
         */
        List<String> wrap(List<String> command, Map<String, String> binds) {
            List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", netns, "unshare", "--uts"));
            StringBuilder script = new StringBuilder("hostname \"$0\" || exit 1\n");
            if (!binds.isEmpty()) {
                wrapped.addAll(List.of("--mount", "--propagation", "private"));
                binds.forEach((target, source) -> script.append("mount --bind '").append(source).append("' '")
                        .append(target).append("' || exit 1\n"));
            }
            script.append("exec \"$@\"\n");
            wrapped.addAll(List.of("sh", "-c", script.toString(), hostname));
            wrapped.addAll(command);
            return wrapped;
        }

        /** A command run in this host's network namespace only (virsh, as a client on that host). */
        List<String> inNetns(List<String> command) {
            List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", netns));
            wrapped.addAll(command);
            return wrapped;
        }
    }

    private final Host a;
    private final Host b;
    /** Whether this run made {@code /etc/netns} (then it goes at the end, when nobody else put a file there). */
    private boolean madeNetnsEtc;

    private MigrationHosts(Host a, Host b) {
        this.a = a;
        this.b = b;
    }

    /** Makes both namespaces and the veth pair; a namespace of a run that died first is deleted before. */
    static MigrationHosts create() throws IOException, InterruptedException {
        Host a = new Host("A", PREFIX + "A", "10.78.0.1", PREFIX + "-a", "7a6b0001-0000-4000-8000-00000000000a");
        Host b = new Host("B", PREFIX + "B", "10.78.0.2", PREFIX + "-b", "7a6b0002-0000-4000-8000-00000000000b");
        MigrationHosts hosts = new MigrationHosts(a, b);
        hosts.close(); // a run killed with SIGKILL leaves them behind
        boolean made = false;
        hosts.madeNetnsEtc = !Files.isDirectory(NETNS_ETC);
        try {
            ip("netns", "add", a.netns());
            ip("netns", "add", b.netns());
            ip("link", "add", a.netns() + "0", "type", "veth", "peer", "name", b.netns() + "0");
            for (Host h : List.of(a, b)) {
                ip("link", "set", h.netns() + "0", "netns", h.netns());
                ip("-n", h.netns(), "addr", "add", h.address() + "/24", "dev", h.netns() + "0");
                ip("-n", h.netns(), "link", "set", "lo", "up");
                ip("-n", h.netns(), "link", "set", h.netns() + "0", "up");
                Path etc = Files.createDirectories(NETNS_ETC.resolve(h.netns()));
                Files.writeString(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n" + a.address() + "\t" + a.hostname()
                        + "\n" + b.address() + "\t" + b.hostname() + "\n");
            }
            made = true;
            return hosts;
        } finally {
            if (!made) {
                hosts.close();
            }
        }
    }

    Host a() {
        return a;
    }

    Host b() {
        return b;
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Commands.Result r = Commands.run(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output().strip());
        }
    }

    /** Kills what still runs in the namespaces, then deletes them; a namespace that is not there is passed over. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Host h : List.of(a, b)) {
            if (!Commands.run(List.of("ip", "netns", "list")).output().contains(h.netns())) {
                Commands.deleteTree(NETNS_ETC.resolve(h.netns()));
                continue;
            }
            for (int attempt = 0; attempt < 50; attempt++) {
                List<ProcessHandle> left = pids(h).stream().map(ProcessHandle::of)
                        .flatMap(java.util.Optional::stream).toList();
                if (left.isEmpty()) {
                    break;
                }
                left.forEach(ProcessHandle::destroyForcibly);
                for (ProcessHandle p : left) {
                    try {
                        p.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        System.err.println("process " + p.pid() + " in " + h.netns() + " did not exit: " + e);
                    }
                }
            }
            Commands.deleteTree(NETNS_ETC.resolve(h.netns()));
            Commands.Result r = Commands.run(List.of("ip", "netns", "delete", h.netns()));
            if (r.exit() != 0) {
                System.err.println("ip netns delete " + h.netns() + ": " + r.output().strip());
            }
        }
        removeNetnsEtc();
    }

    private void removeNetnsEtc() {
        if (madeNetnsEtc) {
            try {
                Files.deleteIfExists(NETNS_ETC);
            } catch (IOException someoneElses) {
                // another namespace's files: left
            }
        }
    }

    private static List<Long> pids(Host h) throws IOException, InterruptedException {
        Commands.Result r = Commands.run(List.of("ip", "netns", "pids", h.netns()));
        List<Long> pids = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.strip().matches("\\d+")) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }
}
