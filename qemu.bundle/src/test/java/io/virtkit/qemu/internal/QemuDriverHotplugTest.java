package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.support.net.TapProvider;
import io.virtkit.netdev.internal.HostNetnsFixture;

/** Interface hotplug (virDomainAttachDeviceFlags/virDomainDetachDeviceFlags) with real QEMU (TCG). */
class QemuDriverHotplugTest {

    private static final String MAC1 = "52:54:00:ab:cd:01";
    private static final String MAC2 = "52:54:00:ab:cd:02";

    @RegisterExtension
    final QemuDriverInstances instances = new QemuDriverInstances();
    private final QemuGuests guests = instances.guests;

    private Connection open(TapProvider taps) {
        return instances.open(taps);
    }

    private static String nic(String type, String mac) {
        String source = type.equals("network") ? "<source network='qnet'/>" : "";
        return "<interface type='" + type + "'><mac address='" + mac + "'/>" + source
                + "<model type='virtio'/></interface>";
    }

    private static String rxFilter(Domain d, String id) {
        return ((QemuDomain) d).monitorCommand(
                "{\"execute\":\"query-rx-filter\",\"arguments\":{\"name\":\"" + id + "\"}}");
    }

    private static void assertVirtError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            // flag checks come from libvirt's conf code (VIR_FROM_DOMAIN), the rest from the driver
            assertThat(e.domain()).isEqualTo(code == ErrorCode.OPERATION_INVALID ? ErrorDomain.DOMAIN : ErrorDomain.QEMU);
            assertThat(e).hasMessage(message);
        });
    }

    @Test
    void configChangesTouchOnlyThePersistentDefinitionAndItsFile() throws Exception {
        Connection conn = open(null);
        Domain d = conn.defineDomain(guests.xml("cfg"));
        assertVirtError(() -> d.attachDevice(nic("user", MAC1), DeviceModifyFlag.LIVE), ErrorCode.OPERATION_INVALID,
                "Requested operation is not valid: domain is not running");
        d.attachDevice(nic("user", MAC1)); // CURRENT on an inactive domain: the configuration
        assertThat(d.xml()).contains(MAC1).contains("<interface type='user'>");
        Path file = instances.settings().session().config().resolve("cfg.xml");
        assertThat(Files.readString(file)).contains(MAC1);
        assertVirtError(() -> d.attachDevice(nic("user", MAC1)), ErrorCode.OPERATION_FAILED,
                "operation failed: target already exists: MAC address " + MAC1);
        assertVirtError(() -> d.attachDevice("<interface type='user'><model type='bogus'/></interface>"),
                ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: interface model 'bogus' is not supported by the QEMU driver");
        d.start(StartFlag.PAUSED);
        try {
            assertThat(rxFilter(d, "net0")).contains("\"main-mac\":\"" + MAC1 + "\"");
            d.attachDevice(nic("network", MAC2), DeviceModifyFlag.CONFIG);
            assertThat(d.xml(XmlFlag.INACTIVE)).contains(MAC2);
            assertThat(d.xml()).doesNotContain(MAC2);
            assertThat(Files.readString(file)).contains(MAC2);
            assertThat(rxFilter(d, "net1")).contains("\"error\"");
        } finally {
            d.destroy();
        }
        assertThat(d.xml()).contains(MAC2);
        d.detachDevice("<interface type='network'><mac address='" + MAC2 + "'/><source network='qnet'/></interface>");
        d.detachDevice("<interface type='user'/>", DeviceModifyFlag.CONFIG); // the only user NIC
        assertThat(d.xml()).doesNotContain(MAC1).doesNotContain(MAC2);
        assertThat(Files.readString(file)).doesNotContain(MAC1).doesNotContain(MAC2);
        assertVirtError(() -> d.detachDevice(nic("user", MAC1), DeviceModifyFlag.CONFIG),
                ErrorCode.OPERATION_FAILED, "operation failed: no device matching MAC address " + MAC1 + " found");
        assertVirtError(() -> d.attachDevice("<sound model='ich6'/>", DeviceModifyFlag.CONFIG),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: persistent attach of device 'sound' is not supported");
    }

    @Test
    void aGuestStartedWithoutTapsTakesNoLiveNic() throws Exception {
        Connection conn = open(null);
        Domain d = conn.createDomain(guests.xml("usr"), StartFlag.PAUSED);
        try {
            assertVirtError(() -> d.attachDevice(nic("user", MAC1), DeviceModifyFlag.CONFIG),
                    ErrorCode.OPERATION_INVALID,
                    "Requested operation is not valid: cannot change persistent config of a transient domain");
            // pc's root bus takes no hotplug here, and the TAP bridge exists only after a start with a TAP NIC
            assertVirtError(() -> d.attachDevice(nic("user", MAC1)), ErrorCode.CONFIG_UNSUPPORTED,
                    "unsupported configuration: live attach of an interface of type 'user' needs a domain "
                            + "started with at least one interface of type network, bridge or ethernet "
                            + "(and a free hotplug slot)");
            assertThat(rxFilter(d, "net0")).contains("\"error\"");
            assertVirtError(() -> d.attachDevice(nic("ethernet", MAC2)), ErrorCode.CONFIG_UNSUPPORTED,
                    "unsupported configuration: interface type 'ethernet' needs Virtkit's netdev feature "
                            + "(virtkit-netdev), which is not installed");
            assertThat(d.xml()).doesNotContain(MAC1);
            assertThat(d.xml()).doesNotContain(MAC2);
        } finally {
            d.destroy();
        }
    }

    @Test
    void tapNicWithoutTheStartTimeBridgeIsRefused() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            List<String> before = net.links();
            Connection conn = open(net.taps());
            Domain d = conn.createDomain(guests.xml("nobr"), StartFlag.PAUSED);
            try {
                assertVirtError(() -> d.attachDevice(nic("network", MAC2)), ErrorCode.CONFIG_UNSUPPORTED,
                        "unsupported configuration: live attach of an interface of type 'network' needs a domain "
                                + "started with at least one interface of type network, bridge or ethernet "
                                + "(and a free hotplug slot)");
                assertThat(net.links()).isEqualTo(before);
                assertThat(d.xml()).doesNotContain(MAC2);
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    void aSecondNetworkNicIsHotPluggedOntoTheBridge() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            List<String> withNetwork = net.links();
            Connection conn = open(net.taps());
            Domain d = conn.defineDomain(guests.xml("hot", "<devices>" + nic("network", MAC1) + "</devices>"));
            d.start(StartFlag.PAUSED);
            try {
                List<String> oneTap = net.links();
                d.attachDevice(nic("network", MAC2));
                List<String> added = new ArrayList<>(net.links());
                added.removeAll(oneTap);
                assertThat(added).singleElement().asString().matches("vnet\\d+");
                String tap = added.get(0);
                assertThat(net.ipIn("-d", "link", "show", tap)).contains("master vkqbr0");
                assertThat(rxFilter(d, "net1")).contains("\"main-mac\":\"" + MAC2 + "\"").doesNotContain("\"error\"");
                assertThat(d.xml()).contains(MAC2).contains("<target dev='" + tap + "'/>");
                assertThat(d.xml(XmlFlag.INACTIVE)).doesNotContain(MAC2);

                // a paused guest that never numbered the bridge: QEMU removes the device at once
                d.detachDevice(nic("network", MAC2));
                assertThat(net.links()).isEqualTo(oneTap);
                assertThat(d.xml()).doesNotContain(MAC2).contains(MAC1);
                assertThat(rxFilter(d, "net1")).contains("\"error\"");
                assertThat(rxFilter(d, "net0")).contains("\"main-mac\":\"" + MAC1 + "\"");

                // the freed slot and id are used again; a user NIC goes on the same bridge
                d.attachDevice(nic("user", MAC2));
                assertThat(rxFilter(d, "net1")).contains("\"main-mac\":\"" + MAC2 + "\"");
                assertThat(net.links()).isEqualTo(oneTap);
                d.detachDevice("<interface type='user'/>", DeviceModifyFlag.LIVE);
                assertThat(d.xml()).doesNotContain(MAC2);
                assertVirtError(() -> d.detachDevice(nic("user", MAC2)), ErrorCode.OPERATION_FAILED,
                        "operation failed: no device matching MAC address " + MAC2 + " found");
                assertThat(d.xml(XmlFlag.INACTIVE)).doesNotContain(MAC2);
            } finally {
                d.destroy();
            }
            assertThat(net.links()).isEqualTo(withNetwork);
        }
    }

    /**
     * The bug of NIC ids rebuilt by position after a reconnect: A=net0, B=net1; detach A, attach C (takes the
     * free net0); restart the driver; detach B. B must go (device_del net1), C stay: the aliases come from
     * the status file, not from the list's order.
     */
    @Test
    void aDetachAfterARestartRemovesTheNicItNamesNotTheOneAtItsPosition() throws Exception {
        String macA = "52:54:00:ab:cd:0a";
        String macB = "52:54:00:ab:cd:0b";
        String macC = "52:54:00:ab:cd:0c";
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            Connection conn = open(net.taps());
            Domain d = conn.defineDomain(guests.xml("alias", "<devices>" + nic("network", macA) + nic("network", macB)
                    + "</devices>"));
            d.start(StartFlag.PAUSED);
            try {
                assertThat(rxFilter(d, "net0")).contains("\"main-mac\":\"" + macA + "\"");
                assertThat(rxFilter(d, "net1")).contains("\"main-mac\":\"" + macB + "\"");
                d.detachDevice(nic("network", macA));
                d.attachDevice(nic("network", macC));
                assertThat(rxFilter(d, "net0")).contains("\"main-mac\":\"" + macC + "\"");

                QemuGuests.stop(instances.drivers.get(0)); // the daemon restarts; the guest keeps running
                Connection again = open(net.taps());
                Domain d2 = again.lookupDomainByName("alias");
                d2.detachDevice(nic("network", macB));
                assertThat(rxFilter(d2, "net0")).as("C is still there").contains("\"main-mac\":\"" + macC + "\"");
                assertThat(rxFilter(d2, "net1")).as("B is gone").contains("\"error\"");
                assertThat(d2.xml()).contains(macC).doesNotContain(macB).doesNotContain(macA);
            } finally {
                instances.latest().lookupDomainByName("alias")
                        .destroy();
            }
        }
    }
}
