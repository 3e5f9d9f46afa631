package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.NodeInfo;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.netdev.internal.HostNetnsFixture;
import io.virtkit.qemu.internal.QemuDriver;
import io.virtkit.qemu.internal.QemuDriverSettings;

/**
 * virsh over {@code qemu+unix:///system?socket=…} against {@link RemoteServer} backed by core's connection
 * factory joining the real QEMU driver with netdev's virtual network driver, as a running Virtkit does.
 * The network driver works inside a test namespace standing for the host (root, iproute2, dnsmasq), so
 * the bridge, dnsmasq and NAT rules virsh makes never touch the real host.
 */
class QemuNetworkRemoteTest {
    @TempDir
    Path dir;
    private HostNetnsFixture host;
    private QemuDriver qemu;
    private SocketServer server;
    private Virsh virsh;
    /** Unique so that a namespace left by a crashed run cannot be mistaken for ours (≤ 15 chars, IFNAMSIZ). */
    private final String bridge = "vkr" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ExternalClient.requireInstalled(Path.of(QemuDriverFactory.EMULATOR));
        host = HostNetnsFixture.forDriver("qemu");
        qemu = new QemuDriver(QemuDriverSettings.forTests(QemuDriverFactory.EMULATOR, dir.resolve("qemu")), host.taps());
        server = SocketServer.start(dir, new DefaultConnectionFactory().withHypervisorDriver(qemu)
                .withNetworkDriver(host.networkDriver()));
        virsh = new Virsh(new ExternalClient(dir), server.uri("qemu:///system"));
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                if (qemu != null) {
                    qemu.close();
                }
            } finally {
                if (host != null) {
                    // closing stops any dnsmasq left and deletes the namespace with every bridge in it
                    host.close();
                    assertThat(HostNetnsFixture.ip("netns", "list")).doesNotContain(host.name());
                }
            }
        }
    }

    /** The pids of the processes living in the test namespace (dnsmasq, once a network with DHCP runs). */
    private List<String> processesInNamespace() {
        return HostNetnsFixture.ip("netns", "pids", host.name()).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void hostnameAndNodeInfoAreTheQemuDriversOwn() throws Exception {
        try (Connection local = new DefaultConnectionFactory().withHypervisorDriver(qemu).open("qemu:///system")) {
            assertThat(virsh.ok("hostname").strip()).isEqualTo(local.hostname()).isNotEmpty();

            NodeInfo node = local.nodeInfo();
            List<String> lines = virsh.ok("nodeinfo").strip().lines().toList();
            assertThat(lines).hasSize(8);
            assertThat(lines.get(0)).isEqualTo("CPU model:           " + node.cpuModel());
            assertThat(lines.get(1)).isEqualTo("CPU(s):              " + node.cpus());
            // "cpu MHz" in /proc/cpuinfo follows frequency scaling between two reads: only its form is fixed
            assertThat(lines.get(2)).matches("CPU frequency:       [0-9]+ MHz");
            assertThat(lines.subList(3, 8)).containsExactly(
                    "CPU socket(s):       " + node.sockets(),
                    "Core(s) per socket:  " + node.coresPerSocket(),
                    "Thread(s) per core:  " + node.threadsPerCore(),
                    "NUMA cell(s):        " + node.numaNodes(),
                    "Memory size:         " + node.memoryKiB() + " KiB");
        }
    }

    @Test
    void natNetworkDefineStartLeaseDestroyAndUndefine() throws Exception {
        Path xml = dir.resolve("remotenat.xml");
        Files.writeString(xml, """
                <network>
                  <name>remotenat</name>
                  <forward mode='nat'/>
                  <bridge name='%s'/>
                  <ip address='10.84.0.1' prefix='24'>
                    <dhcp><range start='10.84.0.50' end='10.84.0.60'/></dhcp>
                  </ip>
                </network>
                """.formatted(bridge));
        assertThat(virsh.ok("net-list", "--all")).doesNotContain("remotenat");

        assertThat(virsh.ok("net-define", xml.toString())).contains("Network remotenat defined from " + xml);
        assertThat(virsh.ok("net-list", "--all")).containsPattern(" remotenat\\s+inactive\\s+no\\s+yes");
        assertThat(virsh.ok("net-list")).doesNotContain("remotenat");
        assertThat(host.links()).doesNotContain(bridge);

        assertThat(virsh.ok("net-start", "remotenat")).contains("Network remotenat started");
        assertThat(virsh.ok("net-list")).containsPattern(" remotenat\\s+active\\s+no\\s+yes");
        assertThat(host.links()).as("the bridge, in the test namespace only").contains(bridge);
        assertThat(HostNetnsFixture.ip("-o", "link", "show")).doesNotContain(bridge);
        assertThat(host.ipIn("-o", "-4", "addr", "show", "dev", bridge)).contains("inet 10.84.0.1/24");
        assertThat(processesInNamespace()).as("dnsmasq serving the DHCP range").isNotEmpty();
        assertThat(virsh.ok("net-dumpxml", "remotenat")).contains("<name>remotenat</name>")
                .contains("<forward mode='nat'").contains("<range start='10.84.0.50' end='10.84.0.60'");

        // no guest has asked yet: the table is only its header, read from the running dnsmasq's leases
        String leases = virsh.ok("net-dhcp-leases", "remotenat");
        assertThat(leases).contains("Expiry Time").contains("MAC address").contains("IP address")
                .doesNotContain("10.84.0.");
        assertThat(leases.strip().lines()).hasSize(2);

        assertThat(virsh.ok("net-destroy", "remotenat")).contains("Network remotenat destroyed");
        assertThat(virsh.ok("net-list", "--all")).containsPattern(" remotenat\\s+inactive\\s+no\\s+yes");
        assertThat(host.links()).doesNotContain(bridge);
        assertThat(processesInNamespace()).as("dnsmasq stopped with its network").isEmpty();

        assertThat(virsh.ok("net-undefine", "remotenat")).contains("Network remotenat has been undefined");
        assertThat(virsh.ok("net-list", "--all")).doesNotContain("remotenat");
        ExternalClient.Result missing = virsh.run("net-start", "remotenat");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("Network not found");
        assertThat(host.links()).containsExactlyInAnyOrderElementsOf(host.initialLinks());
    }
}
