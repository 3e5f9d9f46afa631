package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon killed with SIGKILL at spread-out moments of a NAT network's start (the driver runs in a JVM of
 * its own, {@link NetworkDriverChild}, in a test namespace), then started again on the same directories:
 * the network is then either active with all of its parts (bridge, one dnsmasq, the nftables table, status
 * file) or inactive with none of them. Checked each round from outside (ip link, the processes with the
 * network's dnsmasq config on their command line, nft list tables, the run directory).
 */
class VirtualNetworkCrashTest {

    private static final int ROUNDS = 12;
    private static final String NAME = "crashnet";
    private static final String BRIDGE = "vkcrbr0";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();
    private String ns;

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm c : children) {
            c.kill();
        }
        if (ns != null) {
            for (ProcessHandle p : dnsmasqs()) {
                p.destroyForcibly();
            }
            HostNetnsFixture.ip("netns", "del", ns);
        }
    }

    private ChildJvm child() throws Exception {
        ChildJvm c = new ChildJvm(tmp.resolve("children.log"), NetworkDriverChild.class.getName(), tmp.toString(), ns);
        children.add(c);
        c.await("READY", TIMEOUT);
        return c;
    }

    @Test
    void aDaemonKilledAtAnyMomentOfANetworkStartLeavesItWholeOrGone() throws Exception {
        ns = "vkncrash-" + UUID.randomUUID().toString().substring(0, 8);
        HostNetnsFixture.ip("netns", "add", ns);
        Path xml = Files.writeString(tmp.resolve(NAME + ".xml"), "<network><name>" + NAME + "</name>"
                + "<forward mode='nat'/><bridge name='" + BRIDGE + "'/>"
                + "<ip address='192.168.213.1' netmask='255.255.255.0'><dhcp>"
                + "<range start='192.168.213.10' end='192.168.213.20'/></dhcp></ip></network>");

        // a start that is not interrupted measures the window the kills are spread over
        ChildJvm c = child();
        c.send("define " + xml);
        c.await("DONE", TIMEOUT);
        c.send("start " + NAME);
        c.await("STARTING", TIMEOUT);
        long t0 = System.nanoTime();
        c.await("STARTED", TIMEOUT);
        long windowMicros = (System.nanoTime() - t0) / 1000;
        c.kill(); // after a complete start: the next instance must adopt the network

        List<String> outcomes = new ArrayList<>();
        String last = null;
        for (int round = 0; round <= ROUNDS; round++) {
            c = child();
            boolean active = checkInvariant(c);
            if (last != null) {
                outcomes.add(last + (active ? " active" : " inactive"));
            }
            if (active) {
                c.send("destroy " + NAME);
                c.await("DONE", TIMEOUT);
                checkGone();
            }
            if (round == ROUNDS) {
                break;
            }
            // up to one and a half times the start's length: slack for a slower start on a busy machine
            long delayMicros = windowMicros * 3 / 2 * round / (ROUNDS - 1);
            c.send("start " + NAME);
            c.await("STARTING", TIMEOUT);
            TimeUnit.MICROSECONDS.sleep(delayMicros);
            c.kill();
            last = delayMicros + (partsLeft().isEmpty() ? " nothing" : " " + partsLeft());
        }
        c.close();
        System.out.println("VirtualNetworkCrashTest: start took " + windowMicros / 1000 + " ms; per round (kill delay "
                + "µs, what existed right after the kill, state after restart): " + outcomes);
        // the spread covered the start: kills that left parts of it behind, and a start that had finished
        assertThat(outcomes).anyMatch(o -> !o.contains("nothing") && o.endsWith(" inactive"))
                .anyMatch(o -> o.endsWith(" active"));
    }

    /** Virtkit's view against the namespace's, after a restart; whether the network is active. */
    private boolean checkInvariant(ChildJvm c) throws Exception {
        c.send("list");
        List<String> lines = c.linesUntil("END", TIMEOUT);
        assertThat(lines).hasSize(1);
        boolean active = lines.get(0).equals("NETWORK " + NAME + " active");
        if (active) {
            assertThat(bridgeExists()).as("the bridge of an active network").isTrue();
            List<ProcessHandle> dnsmasqs = dnsmasqs();
            assertThat(dnsmasqs).as("the dnsmasq of an active network").hasSize(1);
            assertThat(Files.readString(run().resolve(NAME + ".pid")).trim())
                    .isEqualTo(Long.toString(dnsmasqs.get(0).pid()));
            assertThat(tableExists()).as("the NAT table of an active network").isTrue();
            assertThat(Files.exists(run().resolve(NAME + ".xml"))).isTrue();
            assertThat(Files.exists(run().resolve(NAME + ".starting"))).isFalse();
        } else {
            checkGone();
        }
        return active;
    }

    private void checkGone() throws Exception {
        assertThat(partsLeft()).as("parts of an inactive network").isEmpty();
        try (var files = Files.list(run())) {
            // dnsmasq's lease file stays, as libvirt's does, until the network is undefined
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> !f.equals(NAME + ".leases")))
                    .as("run files of an inactive network").isEmpty();
        }
    }

    /** What exists of the network in the namespace: bridge, dnsmasq processes, NAT table. */
    private List<String> partsLeft() throws Exception {
        List<String> parts = new ArrayList<>();
        if (bridgeExists()) {
            parts.add("bridge");
        }
        if (!dnsmasqs().isEmpty()) {
            parts.add("dnsmasq");
        }
        if (tableExists()) {
            parts.add("nft");
        }
        return parts;
    }

    private Path run() {
        return tmp.resolve("run");
    }

    private boolean bridgeExists() {
        return HostNetnsFixture.ip("-n", ns, "-o", "link", "show").contains(" " + BRIDGE + ":");
    }

    private boolean tableExists() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, NatFirewall.DEFAULT_BINARY.toString(), "list",
                "tables").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.contains("table ip " + NatFirewall.tableName(NAME) + "\n");
    }

    /** Live processes with this network's dnsmasq config on their command line (launcher included). */
    private List<ProcessHandle> dnsmasqs() {
        String arg = "--conf-file=" + run().resolve(NAME + ".conf");
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8);
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                return List.of(cmd.split("\0")).contains(arg) && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (java.io.IOException e) {
                return false;
            }
        }).toList();
    }
}
