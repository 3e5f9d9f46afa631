package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.Network;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedTap;

/** TAPs for guest interfaces, inside a namespace per test (root and /dev/net/tun needed). */
class HostTapProviderTest {

    private static final String NET = """
            <network>
              <name>tapnet</name>
              <bridge name='vktapbr0'/>
              <mtu size='1450'/>
              <ip address='10.80.0.1' prefix='24'/>
            </network>""";
    private static final String MAC = "52:54:00:12:34:56";

    private NetworkTestFixture fx;
    private VirtualNetworkDriver driver;
    private HostTapProvider taps;

    @BeforeEach
    void setUp() throws IOException {
        fx = new NetworkTestFixture();
        driver = fx.driver();
        taps = new HostTapProvider(driver);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            driver.close();
        } finally {
            fx.close();
        }
    }

    private static InterfaceDevice iface(InterfaceDevice.Type type, String source, String target, Boolean managed,
            Integer mtu) {
        return new InterfaceDevice(type, MAC, source, target, managed, "virtio", mtu);
    }

    private String link(String name) {
        return fx.ns.ipIn("-d", "link", "show", name);
    }

    @Test
    void networkInterfaceGetsAGeneratedTapOnTheNetworksBridgeThatVanishesOnClose() {
        Network net = fx.open(driver).defineNetwork(NET);
        assertThatThrownBy(() -> taps.connect(iface(InterfaceDevice.Type.NETWORK, "tapnet", null, null, null), true))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                    assertThat(e).hasMessage("Requested operation is not valid: network 'tapnet' is not active");
                });
        assertThatThrownBy(() -> taps.connect(iface(InterfaceDevice.Type.NETWORK, "nosuch", null, null, null), true))
                .hasMessage("Network not found: no network with matching name 'nosuch'");
        net.start();
        List<String> withNetwork = fx.links();
        ConnectedTap tap = taps.connect(iface(InterfaceDevice.Type.NETWORK, "tapnet", null, null, null), true);
        try {
            assertThat(tap.name()).matches("vnet\\d+");
            assertThat(tap.bridge()).isEqualTo("vktapbr0");
            assertThat(tap.fd()).isPositive();
            assertThat(link(tap.name())).contains("master vktapbr0").contains("fe:54:00:12:34:56")
                    .contains("mtu 1450").contains("vnet_hdr").contains("UP");
        } finally {
            tap.close();
        }
        assertThat(fx.links()).isEqualTo(withNetwork);
        net.destroy();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
    }

    @Test
    void bridgeInterfaceNeedsAnExistingHostBridgeAndTakesTheRequestedMtu() {
        assertThatThrownBy(() -> taps.connect(iface(InterfaceDevice.Type.BRIDGE, "hostbr0", null, null, null), false))
                .isInstanceOf(VirtException.class).hasMessageContaining("hostbr0").hasMessageContaining("No such device");
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
        fx.ns.ipIn("link", "add", "hostbr0", "type", "bridge");
        try (ConnectedTap tap = taps.connect(iface(InterfaceDevice.Type.BRIDGE, "hostbr0", "guest0", null, 1280), false)) {
            assertThat(tap.name()).isEqualTo("guest0");
            assertThat(link("guest0")).contains("master hostbr0").contains("mtu 1280");
        }
        assertThat(fx.links()).doesNotContain("guest0");
    }

    @Test
    void managedEthernetIsAnUnbridgedTap() {
        try (ConnectedTap tap = taps.connect(iface(InterfaceDevice.Type.ETHERNET, null, null, null, null), false)) {
            assertThat(tap.bridge()).isNull();
            assertThat(link(tap.name())).doesNotContain("master").contains("fe:54:00:12:34:56").contains("UP");
        }
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
    }

    @Test
    void aTargetDevThatExistsIsRefusedAndLeftUntouched() {
        fx.ns.ipIn("tuntap", "add", "mode", "tap", "name", "usertap0");
        String before = link("usertap0");
        for (InterfaceDevice.Type type : List.of(InterfaceDevice.Type.ETHERNET, InterfaceDevice.Type.BRIDGE)) {
            if (type == InterfaceDevice.Type.BRIDGE && !fx.links().contains("hostbr1")) {
                fx.ns.ipIn("link", "add", "hostbr1", "type", "bridge");
            }
            String source = type == InterfaceDevice.Type.BRIDGE ? "hostbr1" : null;
            assertThatThrownBy(() -> taps.connect(iface(type, source, "usertap0", null, null), false))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                        assertThat(e).hasMessage("Requested operation is not valid: The usertap0 interface already exists");
                    });
        }
        assertThat(link("usertap0")).isEqualTo(before);
    }

    @Test
    void unmanagedEthernetOpensTheUsersTapUntouched() {
        assertThatThrownBy(() -> taps.connect(iface(InterfaceDevice.Type.ETHERNET, null, "usertap1", false, null), false))
                .isInstanceOf(VirtException.class).hasMessageContaining("No such device");
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
        fx.ns.ipIn("tuntap", "add", "mode", "tap", "name", "usertap1");
        String before = link("usertap1");
        try (ConnectedTap tap = taps.connect(iface(InterfaceDevice.Type.ETHERNET, null, "usertap1", false, null), false)) {
            assertThat(tap.name()).isEqualTo("usertap1");
            assertThat(link("usertap1")).doesNotContain("fe:54:00:12:34:56");
        }
        // persistent: our descriptor is closed, the user's device stays as it was
        assertThat(link("usertap1")).isEqualTo(before);
    }
}
