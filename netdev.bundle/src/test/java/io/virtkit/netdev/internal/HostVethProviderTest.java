package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.Network;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedVeth;

/**
 * Containers' veth pairs (root needed): the network driver and the provider work in one test namespace
 * (the "host"), and a {@code sleep} started in a second namespace plays the container whose process id
 * the container ends are moved to. Both namespaces are deleted afterwards.
 */
class HostVethProviderTest {

    private static final String NET = """
            <network>
              <name>vethnet</name>
              <bridge name='vkvethbr0'/>
              <mtu size='1450'/>
              <ip address='10.81.0.1' prefix='24'/>
            </network>""";
    private static final String MAC = "52:54:00:12:34:56";

    private NetworkTestFixture fx;
    private VirtualNetworkDriver driver;
    private HostVethProvider veths;
    private String container;
    private Process containerInit;

    @BeforeEach
    void setUp() throws IOException {
        fx = new NetworkTestFixture();
        try {
            driver = fx.driver();
            veths = new HostVethProvider(driver);
            container = "vktest-c" + UUID.randomUUID().toString().substring(0, 6);
            TestNetns.ip("netns", "add", container);
            // ip netns exec execs the command: this process's pid is the "container init"
            containerInit = new ProcessBuilder("ip", "netns", "exec", container, "sleep", "600")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            if (containerInit != null) {
                containerInit.destroyForcibly();
                try {
                    containerInit.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (container != null) {
                TestNetns.ip("netns", "del", container);
            }
            if (driver != null) {
                driver.close();
            }
        } finally {
            fx.close();
        }
    }

    private long pid() {
        // the netns is entered before exec: wait until the sleep runs in it, not ip itself
        for (int i = 0; i < 2000; i++) {
            String ns = TestNetns.ip("netns", "identify", Long.toString(containerInit.pid())).strip();
            if (ns.equals(container)) {
                return containerInit.pid();
            }
            sleep(5);
        }
        throw new AssertionError("the container process never entered " + container);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static InterfaceDevice iface(InterfaceDevice.Type type, String source, String target, Integer mtu) {
        return new InterfaceDevice(type, MAC, source, target, null, null, mtu);
    }

    private String hostLink(String name) {
        return fx.ns.ipIn("-d", "link", "show", name);
    }

    private String containerLink(String name) {
        return TestNetns.ip("-n", container, "-d", "link", "show", name);
    }

    private List<String> containerLinks() {
        return TestNetns.ip("-n", container, "-o", "link", "show").lines()
                .map(l -> l.split(":")[1].trim().split("@")[0]).toList();
    }

    @Test
    void aNetworkInterfaceGetsAGeneratedHostEndOnTheBridgeAndTheGuestEndInTheContainer() {
        Network net = fx.open(driver).defineNetwork(NET);
        long pid = pid();
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.NETWORK, "vethnet", null, null), pid, "eth0"))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e).hasMessage("Requested operation is not valid: network 'vethnet' is not active"));
        net.start();
        List<String> withNetwork = fx.links();
        ConnectedVeth veth = veths.connect(iface(InterfaceDevice.Type.NETWORK, "vethnet", null, null), pid, "eth0");
        assertThat(veth.name()).matches("veth\\d+");
        assertThat(veth.guestName()).isEqualTo("eth0");
        assertThat(veth.bridge()).isEqualTo("vkvethbr0");
        assertThat(hostLink(veth.name())).contains("master vkvethbr0").contains("fe:54:00:12:34:56")
                .contains("mtu 1450").contains("veth").contains(",UP");
        assertThat(containerLink("eth0")).contains("52:54:00:12:34:56").contains("mtu 1450").contains("veth")
                .contains(",UP");
        // the container end never showed up on the host side
        assertThat(fx.links()).doesNotContain("eth0");

        veths.release(veth.name());
        assertThat(fx.links()).isEqualTo(withNetwork);
        assertThat(containerLinks()).containsExactly("lo");
        veths.release(veth.name()); // already gone: nothing to do
        net.destroy();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
    }

    @Test
    void deletingTheContainerEndRemovesTheHostEnd() {
        fx.ns.ipIn("link", "add", "hostbr0", "type", "bridge");
        ConnectedVeth veth = veths.connect(iface(InterfaceDevice.Type.BRIDGE, "hostbr0", null, 1280), pid(), "eth1");
        assertThat(hostLink(veth.name())).contains("master hostbr0").contains("mtu 1280");
        assertThat(containerLink("eth1")).contains("mtu 1280");
        TestNetns.ip("-n", container, "link", "del", "eth1");
        assertThat(fx.links()).doesNotContain(veth.name());
    }

    @Test
    void aUserNamedTargetIsUsedWhenFreeAndRefusedWhenItExists() {
        long pid = pid();
        ConnectedVeth veth = veths.connect(iface(InterfaceDevice.Type.ETHERNET, null, "ctveth0", null), pid, "eth0");
        assertThat(veth.name()).isEqualTo("ctveth0");
        assertThat(veth.bridge()).isNull();
        assertThat(hostLink("ctveth0")).doesNotContain("master").contains(",UP");

        // the seed rule: ctveth0 exists now, so a second interface naming it is refused, nothing made
        List<String> before = fx.links();
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.ETHERNET, null, "ctveth0", null), pid, "eth1"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                    assertThat(e).hasMessage("Requested operation is not valid: The ctveth0 interface already exists");
                });
        assertThat(fx.links()).isEqualTo(before);
        assertThat(containerLinks()).containsExactly("lo", "eth0");
        veths.release("ctveth0");
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
    }

    @Test
    void generatedNamesSkipThoseInUseAndAStaleVethTargetIsRegenerated() {
        fx.ns.ipIn("link", "add", "veth5", "type", "bridge");
        HostVethProvider fresh = new HostVethProvider(driver); // starts past the veth5 it finds
        long pid = pid();
        ConnectedVeth first = fresh.connect(iface(InterfaceDevice.Type.ETHERNET, null, "veth5", null), pid, "eth0");
        assertThat(first.name()).isEqualTo("veth6");
        fx.ns.ipIn("link", "add", "veth7", "type", "bridge");
        ConnectedVeth second = fresh.connect(iface(InterfaceDevice.Type.ETHERNET, null, null, null), pid, "eth1");
        assertThat(second.name()).isEqualTo("veth8");
        // release never deletes what is not a veth
        assertThatThrownBy(() -> fresh.release("veth7")).isInstanceOf(VirtException.class)
                .hasMessageContaining("not a veth device");
        assertThat(fx.links()).contains("veth7");
    }

    @Test
    void failuresLeaveNoDeviceOnEitherSide() {
        long pid = pid();
        List<String> hostBefore = fx.links();
        // no such bridge
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.BRIDGE, "nobr0", null, null), pid, "eth0"))
                .isInstanceOf(VirtException.class).hasMessageContaining("nobr0").hasMessageContaining("No such device");
        // the container already has an eth0
        TestNetns.ip("-n", container, "link", "add", "eth0", "type", "bridge");
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.ETHERNET, null, null, null), pid, "eth0"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                    assertThat(e).hasMessageContaining("The eth0 interface already exists in the container");
                });
        // a process that is gone
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.ETHERNET, null, null, null),
                Integer.MAX_VALUE - 1, "eth1"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                    assertThat(e).hasMessageContaining("No such process");
                });
        // an MTU the kernel refuses
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.ETHERNET, null, null, 10), pid, "eth1"))
                .isInstanceOf(VirtException.class).hasMessageContaining("Failed to create veth device pair");
        // a guest name no kernel would take
        assertThatThrownBy(() -> veths.connect(iface(InterfaceDevice.Type.ETHERNET, null, null, null), pid, "a/b"))
                .isInstanceOf(VirtException.class);
        assertThat(fx.links()).isEqualTo(hostBefore);
        assertThat(containerLinks()).containsExactly("lo", "eth0");
    }
}
