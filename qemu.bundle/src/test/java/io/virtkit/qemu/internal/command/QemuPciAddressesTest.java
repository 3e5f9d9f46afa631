package io.virtkit.qemu.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;

/** Define-time PCI slots and how the command line honours them. */
class QemuPciAddressesTest {

    static DomainDefinition def(String machine, String devices) {
        return DomainXmlCodec.parse("<domain type='qemu'><name>g</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='" + machine + "'>hvm</type></os><devices>" + devices
                + "</devices></domain>");
    }

    private static String userNic(int n) {
        return "<interface type='user'><mac address='52:54:00:00:01:" + String.format("%02x", n)
                + "'/><model type='virtio'/></interface>";
    }

    private static List<String> devices(DomainDefinition def) {
        return QemuCommandLineTest.values(QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64",
                Path.of("/run/mon.sock")), "-device");
    }

    @Test
    void aDefinitionWithoutAddressesGetsThemOnTheCommandLineAsLibvirtsDomxmlToNative() {
        DomainDefinition def = def("pc", "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                + userNic(1) + "<graphics type='vnc'/>");
        assertThat(devices(def)).allMatch(d -> d.contains("addr="));
    }

    @Test
    void onceAssignedEveryRootBusDeviceHasItsSlot() {
        DomainDefinition def = QemuPciAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                        + "<interface type='network'><mac address='52:54:00:00:02:01'/><source network='n'/></interface>"
                        + userNic(1) + "<graphics type='vnc'/>"));
        assertThat(devices(def)).anyMatch(d -> d.startsWith("virtio-blk-pci,bus=pci.0,addr=0x3,"))
                .anyMatch(d -> d.startsWith("virtio-net-pci,") && d.endsWith(",bus=pci.0,addr=0x4"))
                .contains("pci-bridge,chassis_nr=1,id=pci.1,bus=pci.0,addr=0x5", "VGA,id=video0,bus=pci.0,addr=0x2");
        assertThat(QemuPciAddresses.assign(def)).as("assigning again changes nothing").isEqualTo(def);
    }

    @Test
    void q35KeepsSlotOneForTheVgaAndTheIch9Slot() {
        StringBuilder nics = new StringBuilder();
        for (int n = 1; n <= 31; n++) {
            nics.append(userNic(n));
        }
        DomainDefinition def = QemuPciAddresses.assign(def("q35", nics.toString()));
        List<InterfaceDevice> ifaces = def.devices().interfaces();
        assertThat(ifaces.get(0).address()).isEqualTo(DeviceAddress.Pci.of(0, 2, 0));
        assertThat(ifaces.get(28).address()).isEqualTo(DeviceAddress.Pci.of(0, 0x1e, 0));
        // the root bus is full: the rest stay unaddressed and QEMU refuses the start in its own words
        assertThat(ifaces.get(29).address()).isNull();
        assertThat(ifaces.get(30).address()).isNull();
    }

    @Test
    void givenAddressesAreKeptAndCheckedAsLibvirtDoes() {
        String at3 = "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>";
        DomainDefinition def = QemuPciAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                        + "<disk type='file'><source file='/b'/><target dev='vdb'/>" + at3 + "</disk>"));
        assertThat(def.devices().disks()).extracting(d -> d.address())
                .containsExactly(DeviceAddress.Pci.of(0, 4, 0), DeviceAddress.Pci.of(0, 3, 0));

        assertThatThrownBy(() -> QemuPciAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='vda'/>" + at3 + "</disk>" + userNic(1)
                        .replace("</interface>", at3 + "</interface>"))))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR))
                .hasMessage("XML error: Attempted double use of PCI Address 0000:00:03.0");
        // as libvirt: a bus an address names gets its controller
        DomainDefinition onBus1 = QemuPciAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='vda'/>" + at3.replace("bus='0x00'", "bus='0x01'")
                        + "</disk>"));
        assertThat(onBus1.devices().controllers()).extracting(c -> c.index() + ":" + c.model() + "@" + c.address())
                .containsExactly("0:pci-root@null", "1:pci-bridge@0000:00:03.0");
        assertThatThrownBy(() -> QemuPciAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='vda'/>" + at3.replace("bus='0x00'", "bus='0x40'")
                        + "</disk>")))
                .hasMessage("XML error: Invalid PCI address 0000:40:03.0. Only PCI buses up to 31 are available");
    }
}
