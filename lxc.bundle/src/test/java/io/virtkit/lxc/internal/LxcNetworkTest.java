package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.VirtException;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * Containers' network interfaces for real (root, util-linux, busybox-static, dnsmasq): the netdev bundle's
 * network driver and veth provider work in a test namespace standing for the host (bridges, dnsmasq and
 * the veth pairs' host ends all land there), the containers in namespaces of their own as always.
 */
class LxcNetworkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MAC = "52:54:00:4c:58:01";
    private static final String NETWORK = """
            <network>
              <name>lxcnet</name>
              <bridge name='vklxcbr0'/>
              <ip address='10.82.0.1' prefix='24'>
                <dhcp><range start='10.82.0.50' end='10.82.0.60'/></dhcp>
              </ip>
            </network>""";
    /** udhcpc's script: configure what was leased, and tell the test. */
    private static final String DHCP_SCRIPT = """
            #!/bin/sh
            case "$1" in
              bound|renew) ip addr add "$ip/$mask" dev "$interface" && echo "$ip" > /shared/lease ;;
            esac
            """;
    /** Leases an address at boot, records what the container sees, then waits; SIGTERM ends it. */
    private static final String DHCP_INIT = "udhcpc -i eth0 -n -q -s /bin/dhcp-script > /shared/udhcpc.log 2>&1;"
            + " ip -o -4 addr show dev eth0 > /shared/addr; cat /sys/class/net/eth0/address > /shared/mac;"
            + " ip -o link show > /shared/links; trap 'exit 0' TERM; while :; do sleep 1000 & wait; done";
    private static final String IDLE_INIT = "trap 'exit 0' TERM; echo up > /shared/up; while :; do sleep 1000 & wait; done";

    private HostNetnsFixture fx;
    private Path base;
    private Path rootfs;
    private Path shared;
    private String cgroupPath;
    private LxcDriverSettings settings;
    private LxcDriver driver;
    /** Core's factory with the LXC driver and netdev's network driver, as in OSGi: lxc:/// has both tables. */
    private DefaultConnectionFactory factory;
    private Connection conn;
    private final List<ContainerCgroup> seenCgroups = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        fx = HostNetnsFixture.forDriver("lxc");
        base = Files.createTempDirectory("virtkit-lxcnet-test");
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        for (String applet : List.of("udhcpc", "ip")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Path script = rootfs.resolve("bin/dhcp-script");
        Files.writeString(script, DHCP_SCRIPT);
        script.toFile().setExecutable(true);
        shared = Files.createDirectories(base.resolve("shared"));
        cgroupPath = "virtkit-test/lxcnet-" + UUID.randomUUID().toString().substring(0, 8);
        settings = LxcDriverSettings.forTests(base.resolve("state"), cgroupPath);
        driver = new LxcDriver(settings, fx.veths());
        factory = LxcTests.factory(driver).withNetworkDriver(fx.networkDriver());
        conn = factory.open("lxc:///");
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            LxcTests.destroyActive(new LxcDriver(settings, fx.veths()));
        } finally {
            try {
                driver.close();
            } finally {
                try {
                    LxcTests.removeLeftGroups(seenCgroups, WAIT);
                    LxcTests.removeCgroups(cgroupPath);
                    LxcTests.deleteTree(base);
                } finally {
                    fx.close();
                }
            }
        }
    }

    private String xml(String name, String init, String interfaces) {
        return "<domain type='lxc'><name>" + name + "</name><memory unit='KiB'>65536</memory>"
                + "<vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg><initarg>"
                + LxcTests.xmlText(init) + "</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "<filesystem type='mount'><source dir='" + shared + "'/><target dir='/shared'/></filesystem>"
                + interfaces + "</devices></domain>";
    }

    private static String networkIface(String network, String mac) {
        return "<interface type='network'><mac address='" + mac + "'/><source network='" + network + "'/></interface>";
    }

    private void track(Domain d) {
        seenCgroups.add(driver.state().cgroup(driver.state().lookupByName(d.name())));
    }

    private static boolean await(BooleanSupplier done) throws InterruptedException {
        return LxcTests.await(WAIT, done);
    }

    private String awaitFile(String name) throws InterruptedException, IOException {
        Path f = shared.resolve(name);
        assertThat(LxcTests.awaitNonBlank(f, WAIT)).as("container wrote " + name).isTrue();
        return Files.readString(f).strip();
    }

    private static String hostEnd(Domain d) {
        Matcher m = Pattern.compile("<target dev='([^']+)'").matcher(d.xml());
        assertThat(m.find()).as("live XML names the host end: " + d.xml()).isTrue();
        return m.group(1);
    }

    @Test
    void aContainerOnAVirtualNetworkLeasesAnAddressAndLeavesNoVethWhenDestroyed() throws Exception {
        Network net = conn.defineNetwork(NETWORK);
        net.start();
        List<String> withNetwork = fx.links();
        Domain d = conn.createDomain(xml("dhcp-test", DHCP_INIT, networkIface("lxcnet", MAC)));
        track(d);

        String veth = hostEnd(d);
        assertThat(veth).matches("veth\\d+");
        assertThat(fx.ipIn("-d", "link", "show", veth)).contains("master vklxcbr0").contains(",UP");
        String address = awaitFile("lease");
        assertThat(address).startsWith("10.82.0.");
        assertThat(awaitFile("addr")).contains("eth0").contains("inet " + address + "/24");
        assertThat(awaitFile("mac")).isEqualTo(MAC);
        // the container sees its loopback and its one NIC, nothing of the host's
        assertThat(awaitFile("links").lines().map(l -> l.split(":")[1].trim().split("@")[0]))
                .containsExactly("lo", "eth0");
        NetworkDhcpLease lease = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lease == null && System.nanoTime() < deadline) {
            lease = net.dhcpLeases().stream().filter(l -> MAC.equals(l.mac())).findFirst().orElse(null);
            if (lease == null) {
                Thread.sleep(20);
            }
        }
        assertThat(lease).as("the network's leases hold the container's MAC").isNotNull();
        assertThat(lease.ipAddress()).isEqualTo(address);

        d.destroy();
        assertThat(fx.links()).isEqualTo(withNetwork);
        net.destroy();
        assertThat(fx.links()).isEqualTo(fx.initialLinks());
    }

    @Test
    void shutdownAndADestroyAfterADriverRestartLeaveNoVeth() throws Exception {
        fx.ipIn("link", "add", "hostbr0", "type", "bridge");
        List<String> before = fx.links();
        String iface = "<interface type='bridge'><mac address='" + MAC + "'/><source bridge='hostbr0'/>"
                + "<target dev='ctveth0'/><mtu size='1400'/></interface>"
                + "<interface type='ethernet'><mac address='52:54:00:4c:58:02'/></interface>";
        Domain d = conn.defineDomain(xml("veth-test", IDLE_INIT, iface));
        d.start();
        track(d);
        awaitFile("up");
        assertThat(fx.ipIn("-d", "link", "show", "ctveth0")).contains("master hostbr0").contains("mtu 1400");
        String second = d.xml().replaceAll("(?s).*<target dev='(veth\\d+)'.*", "$1");
        assertThat(fx.links()).contains("ctveth0", second);
        // the persistent definition keeps what the user wrote: no generated name
        assertThat(d.xml(io.virtkit.api.XmlFlag.INACTIVE)).doesNotContain("dev='" + second + "'");

        d.shutdown();
        assertThat(await(() -> !d.isActive())).isTrue();
        assertThat(d.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_SHUTDOWN);
        assertThat(fx.links()).isEqualTo(before);

        Files.delete(shared.resolve("up"));
        d.start();
        awaitFile("up");
        LxcTests.stop(factory, driver);
        driver = new LxcDriver(settings, fx.veths());
        factory.withHypervisorDriver(driver);
        conn = factory.open("lxc:///");
        Domain again = conn.lookupDomainByName("veth-test");
        assertThat(hostEnd(again)).isEqualTo("ctveth0");
        again.destroy();
        assertThat(fx.links()).isEqualTo(before);
    }

    @Test
    void interfacesThatCannotBeMadeFailTheStartAndLeaveNothing() throws Exception {
        Network net = conn.defineNetwork(NETWORK);
        fx.ipIn("link", "add", "userveth0", "type", "bridge");
        String userDevice = fx.ipIn("-d", "link", "show", "userveth0");
        List<String> before = fx.links();

        assertStartFails(networkIface("nosuch", MAC), ErrorCode.NO_NETWORK, "no network with matching name 'nosuch'");
        assertStartFails(networkIface("lxcnet", MAC), ErrorCode.OPERATION_INVALID, "network 'lxcnet' is not active");
        // the seed rule: a host device of the requested name is never taken over
        assertStartFails("<interface type='ethernet'><mac address='" + MAC + "'/><target dev='userveth0'/></interface>",
                ErrorCode.OPERATION_INVALID, "The userveth0 interface already exists");
        assertThat(fx.ipIn("-d", "link", "show", "userveth0")).isEqualTo(userDevice);
        // the first pair was made when the second failed: it goes too
        assertStartFails("<interface type='ethernet'><mac address='" + MAC + "'/></interface>"
                + networkIface("nosuch", "52:54:00:4c:58:02"), ErrorCode.NO_NETWORK, "nosuch");
        // refused before anything starts
        assertStartFails("<interface type='user'><mac address='" + MAC + "'/></interface>",
                ErrorCode.CONFIG_UNSUPPORTED, "Unsupported network type user");
        assertStartFails("<interface type='direct'><mac address='" + MAC + "'/><source dev='eth0'/></interface>",
                ErrorCode.CONFIG_UNSUPPORTED, "Unsupported network type direct");
        assertStartFails("<interface type='ethernet'><mac address='" + MAC + "'/><vlan><tag id='5'/></vlan>"
                + "</interface>", ErrorCode.CONFIG_UNSUPPORTED, "interface <vlan> is not supported by the LXC driver");
        driver.unsetVethProvider(fx.veths());
        assertStartFails(networkIface("lxcnet", MAC), ErrorCode.CONFIG_UNSUPPORTED,
                "needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
        assertThat(fx.links()).isEqualTo(before);
        assertThat(net.isActive()).isFalse();
    }

    private void assertStartFails(String interfaces, ErrorCode code, String message) throws Exception {
        List<String> before = fx.links();
        assertThatThrownBy(() -> conn.createDomain(xml("bad-net", IDLE_INIT, interfaces)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
        assertThat(conn.listAllDomains()).isEmpty();
        assertThat(fx.links()).isEqualTo(before);
        try (Stream<Path> files = Files.list(settings.runtime())) {
            assertThat(files).isEmpty();
        }
        assertThat(CgroupLayout.detect().forContainer(cgroupPath + "/bad-net").exists()).isFalse();
        assertThat(shared.resolve("up")).doesNotExist(); // init never ran
    }

    @Test
    void theDomainErrorOfAMissingProviderIsLxcs() {
        driver.unsetVethProvider(fx.veths());
        assertThatThrownBy(() -> conn.createDomain(xml("no-netdev", IDLE_INIT, networkIface("lxcnet", MAC))))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.domain()).isEqualTo(ErrorDomain.LXC));
    }
}
