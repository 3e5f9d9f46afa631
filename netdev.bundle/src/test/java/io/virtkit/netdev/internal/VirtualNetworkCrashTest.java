package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
class VirtualNetworkCrashTest implements CrashRounds.Subject<String> {

    private static final int ROUNDS = 12;
    private static final String NAME = "crashnet";
    private static final String BRIDGE = "vkcrbr0";

    @TempDir
    Path tmp;

    private CrashRounds rounds;

    @AfterEach
    void tearDown() throws Exception {
        if (rounds != null) {
            rounds.close(() -> dnsmasqs().forEach(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void aDaemonKilledAtAnyMomentOfANetworkStartLeavesItWholeOrGone() throws Exception {
        rounds = new CrashRounds(tmp, "vkncrash-", NetworkDriverChild.class);
        Path xml = Files.writeString(tmp.resolve(NAME + ".xml"), "<network><name>" + NAME + "</name>"
                + "<forward mode='nat'/><bridge name='" + BRIDGE + "'/>"
                + "<ip address='192.168.213.1' netmask='255.255.255.0'><dhcp>"
                + "<range start='192.168.213.10' end='192.168.213.20'/></dhcp></ip></network>");

        List<CrashRounds.Outcome<String>> outcomes = rounds.runOverOneStart(ROUNDS, NAME, xml, this);
        // the spread covered the start: kills that left parts of it behind, and a start that had finished
        assertThat(outcomes).anyMatch(o -> !o.leftAtKill().isEmpty() && o.after().equals("inactive"))
                .anyMatch(o -> o.after().equals("active"));
    }

    /** {@code active} or {@code inactive}, as Virtkit lists the network. */
    @Override
    public String listed(ChildJvm c) throws InterruptedException {
        return CrashRounds.listedOnly(c).equals("NETWORK " + NAME + " active") ? "active" : "inactive";
    }

    @Override
    public boolean isStarted(String listed) {
        return listed.equals("active");
    }

    /** An active network's bridge, its one dnsmasq (the pid file names it), NAT table and status file. */
    @Override
    public void checkStarted(String listed) throws Exception {
        assertThat(bridgeExists()).as("the bridge of an active network").isTrue();
        List<ProcessHandle> dnsmasqs = dnsmasqs();
        assertThat(dnsmasqs).as("the dnsmasq of an active network").hasSize(1);
        assertThat(Files.readString(run().resolve(NAME + ".pid")).trim())
                .isEqualTo(Long.toString(dnsmasqs.get(0).pid()));
        assertThat(tableExists()).as("the NAT table of an active network").isTrue();
        assertThat(Files.exists(run().resolve(NAME + ".xml"))).isTrue();
        assertThat(Files.exists(run().resolve(NAME + ".starting"))).isFalse();
    }

    @Override
    public void checkGone() throws Exception {
        assertThat(leftAtKill()).as("parts of an inactive network").isEmpty();
        try (var files = Files.list(run())) {
            // dnsmasq's lease file stays, as libvirt's does, until the network is undefined
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> !f.equals(NAME + ".leases")))
                    .as("run files of an inactive network").isEmpty();
        }
    }

    /** What exists of the network in the namespace: bridge, dnsmasq processes, NAT table. */
    @Override
    public List<String> leftAtKill() throws Exception {
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
        return HostNetnsFixture.ip("-n", rounds.namespace(), "-o", "link", "show").contains(" " + BRIDGE + ":");
    }

    private boolean tableExists() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", rounds.namespace(),
                NatFirewall.DEFAULT_BINARY.toString(), "list", "tables").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.contains("table ip " + NatFirewall.tableName(NAME) + "\n");
    }

    /** Live processes with this network's dnsmasq config on their command line (launcher included). */
    private List<ProcessHandle> dnsmasqs() {
        String arg = "--conf-file=" + run().resolve(NAME + ".conf");
        return CrashRounds.liveProcesses(cmd -> List.of(cmd.split("\0")).contains(arg));
    }
}
