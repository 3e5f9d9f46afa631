package io.virtkit.qemu.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/** Define-time addresses of every device, the controllers they bring, and start-time aliases. */
class QemuDeviceAddressesTest {

    private static DomainDefinition def(String machine, String devices) {
        return QemuPciAddressesTest.def(machine, devices);
    }

    private static String tap(int n) {
        return "<interface type='bridge'><source bridge='br0'/><mac address='52:54:00:00:03:0" + n + "'/></interface>";
    }

    private static String controllers(DomainDefinition def) {
        StringBuilder sb = new StringBuilder();
        for (ControllerDevice c : def.devices().controllers()) {
            sb.append(c.type()).append(c.index()).append(':').append(c.model()).append('@').append(c.address())
                    .append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void onPcTapNicsGoBehindABridgeTheDefinitionGains() {
        DomainDefinition def = QemuDeviceAddresses.assign(def("pc", tap(1) + tap(2)));
        assertThat(def.devices().interfaces()).extracting(i -> i.address())
                .containsExactly(DeviceAddress.Pci.of(1, 1, 0), DeviceAddress.Pci.of(1, 2, 0));
        assertThat(controllers(def)).isEqualTo("pci0:pci-root@null pci1:pci-bridge@0000:00:03.0");
        assertThat(QemuDeviceAddresses.assign(def)).as("assigning again changes nothing").isEqualTo(def);
        // the persistent XML keeps them, and reading it back gives the same definition
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(def))).isEqualTo(def);
    }

    @Test
    void onQ35EachTapNicGetsARootPortOfItsOwn() {
        DomainDefinition def = QemuDeviceAddresses.assign(def("q35", tap(1) + tap(2)));
        assertThat(def.devices().interfaces()).extracting(i -> i.address())
                .containsExactly(DeviceAddress.Pci.of(1, 0, 0), DeviceAddress.Pci.of(2, 0, 0));
        assertThat(controllers(def)).isEqualTo("pci0:pcie-root@null pci1:pcie-root-port@0000:00:02.0 "
                + "pci2:pcie-root-port@0000:00:03.0");
    }

    @Test
    void disksGetDriveAddressesAndTheirControllers() {
        DomainDefinition def = QemuDeviceAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='hdc'/></disk>"
                        + "<disk type='file'><source file='/b'/><target dev='sdb' bus='sata'/></disk>"
                        + "<disk type='file'><source file='/c'/><target dev='sdi' bus='scsi'/></disk>"));
        assertThat(def.devices().disks()).extracting(d -> d.address()).containsExactly(
                new DeviceAddress.Drive(0, 1, 0, 0), new DeviceAddress.Drive(0, 0, 0, 1),
                new DeviceAddress.Drive(1, 0, 0, 1));
        assertThat(controllers(def)).isEqualTo("pci0:pci-root@null ide0:null@0000:00:01.1 "
                + "sata0:null@0000:00:03.0 scsi1:virtio-scsi@0000:00:04.0");
        assertThat(QemuCommandLineTest.values(QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64",
                Path.of("/run/m.sock")), "-device")).contains("ich9-ahci,id=sata0,bus=pci.0,addr=0x3",
                "virtio-scsi-pci,id=scsi1,bus=pci.0,addr=0x4",
                "ide-hd,bus=ide.1,unit=0,drive=libvirt-3-format,id=ide0-1-0,bootindex=1",
                "scsi-hd,bus=scsi1.0,channel=0,scsi-id=0,lun=1,drive=libvirt-1-format,id=scsi1-0-0-1");
        assertThatThrownBy(() -> QemuDeviceAddresses.assign(def("pc",
                "<disk type='file'><source file='/a'/><target dev='hda'/></disk>"
                        + "<disk type='file'><source file='/b'/><target dev='hdb'/>"
                        + "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>")))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR))
                .hasMessage("XML error: Found duplicate drive address for disk with target name 'hdb' "
                        + "controller='0' bus='0' target='0' unit='0'");
    }

    @Test
    void virtioConsolesGetVirtioSerialPortsOnTheirController() {
        DomainDefinition def = QemuDeviceAddresses.assign(def("pc", "<serial type='pty'/><console type='pty'/>"
                + "<console type='pty'><target type='virtio'/></console>"
                + "<console type='null'><target type='virtio'/></console>"));
        assertThat(def.devices().consoles()).extracting(c -> c.address()).containsExactly(null,
                new DeviceAddress.VirtioSerial(0, 0, 0), new DeviceAddress.VirtioSerial(0, 0, 1));
        assertThat(controllers(def)).isEqualTo("pci0:pci-root@null virtio-serial0:null@0000:00:03.0");
        assertThat(QemuCommandLineTest.values(QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64",
                Path.of("/run/m.sock")), "-device")).contains("virtio-serial-pci,id=virtio-serial0,bus=pci.0,addr=0x3",
                "virtconsole,chardev=charconsole1,id=console1,bus=virtio-serial0.0,nr=0",
                "virtconsole,chardev=charconsole2,id=console2,bus=virtio-serial0.0,nr=1");
        String port0 = "<address type='virtio-serial' controller='0' bus='0' port='0'/>";
        assertThatThrownBy(() -> QemuDeviceAddresses.assign(def("pc",
                "<console type='pty'><target type='virtio'/>" + port0 + "</console>"
                        + "<console type='pty'><target type='virtio'/>" + port0 + "</console>")))
                .hasMessage("XML error: virtio serial port 0 on controller 0 is already occupied");
    }

    @Test
    void everyDeviceGetsLibvirtsAliasAndAUserAliasIsKept() {
        DomainDefinition def = QemuCommandLine.identified(def("pc",
                "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                        + "<disk type='file'><source file='/b'/><target dev='sda'/><alias name='ua-data'/></disk>"
                        + tap(1) + "<interface type='user'><mac address='52:54:00:00:03:09'/></interface>"
                        + "<serial type='pty'/><console type='pty'/>"));
        assertThat(def.devices().aliases()).containsExactly("virtio-disk0", "ua-data", "net0", "net1", "serial0",
                "pci.0", "pci.1", "scsi0");
        assertThat(def.devices().consoles().get(0).alias()).as("the serial port under another name")
                .isEqualTo("serial0");
        assertThat(QemuCommandLine.tapNics(def)).singleElement().satisfies(n -> assertThat(n.deviceArgs())
                .containsEntry("id", "net0").containsEntry("netdev", "hostnet0").containsEntry("bus", "pci.1")
                .containsEntry("addr", "0x1"));
    }

    @Test
    void aStatusFileFromBeforeAliasesGetsTheRecordedNicAliases() {
        DomainDefinition live = QemuDeviceAddresses.assign(def("pc", tap(1) + tap(2)));
        DomainDefinition restored = QemuDeviceAliases.restore(live, Map.of("52:54:00:00:03:02", "net0"));
        assertThat(restored.devices().interfaces()).extracting(i -> i.alias()).containsExactly("net1", "net0");
    }

    @Test
    void aUsbControllerOfALibvirtDefinitionRunsAtItsAddress() {
        DomainDefinition def = QemuDeviceAddresses.assign(def("pc",
                "<controller type='usb' index='0' model='piix3-uhci'><address type='pci' domain='0x0000' bus='0x00'"
                        + " slot='0x01' function='0x2'/></controller><controller type='pci' index='0' model='pci-root'/>"));
        assertThat(QemuCommandLineTest.values(QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64",
                Path.of("/run/m.sock")), "-device")).containsExactly("piix3-usb-uhci,id=usb,bus=pci.0,addr=0x1.0x2");
    }
}
