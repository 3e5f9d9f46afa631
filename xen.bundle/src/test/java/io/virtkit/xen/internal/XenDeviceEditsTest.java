package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.xl.XlDeviceSpecs;

/** Device XML of attach/detach read for Xen, the definitions changed by libvirt's libxl rules, and xl's arguments. */
class XenDeviceEditsTest {

    private static final String DISK = "<disk type='file' device='disk'><source file='/var/lib/xen/guest/disk.img'/>"
            + "<target dev='xvdb' bus='xen'/></disk>";
    private static final String NIC = "<interface type='bridge'><mac address='00:16:3e:12:34:56'/>"
            + "<source bridge='xenbr0'/></interface>";

    private static DomainDefinition guest() {
        return DomainXmlCodec.parse(XenGuests.guest("vk-dev-unit", "xen", 128, "console=hvc0"));
    }

    @Test
    void aDiskBecomesOneXlDiskSpecificationWithItsTargetLast() {
        XenDeviceEdits.Disk disk = (XenDeviceEdits.Disk) XenDeviceEdits.parse(DISK, true, true);
        assertThat(disk.onXenBus(false)).isTrue();
        assertThat(XlDeviceSpecs.disk(disk.disk()))
                .isEqualTo("format=raw,vdev=xvdb,access=rw,target=/var/lib/xen/guest/disk.img");
        XenDeviceEdits.Disk readOnly = (XenDeviceEdits.Disk) XenDeviceEdits.parse(DISK.replace("</disk>",
                "<readonly/><driver name='phy' type='raw'/></disk>"), true, true);
        assertThat(XlDeviceSpecs.disk(readOnly.disk()))
                .isEqualTo("format=raw,vdev=xvdb,access=ro,backendtype=phy,target=/var/lib/xen/guest/disk.img");
    }

    @Test
    void aBridgedNicBecomesXlNetworkAttachParametersOneAnArgument() {
        XenDeviceEdits.Nic nic = (XenDeviceEdits.Nic) XenDeviceEdits.parse(NIC, true, true);
        assertThat(XlDeviceSpecs.vif(nic.device(), false))
                .containsExactly("mac=00:16:3e:12:34:56", "bridge=xenbr0", "script=vif-bridge");
        XenDeviceEdits.Nic routed = (XenDeviceEdits.Nic) XenDeviceEdits.parse("<interface type='ethernet'>"
                + "<mac address='00:16:3e:00:00:01'/><ip address='192.0.2.7'/><model type='netfront'/></interface>",
                true, true);
        assertThat(XlDeviceSpecs.vif(routed.device(), true))
                .containsExactly("mac=00:16:3e:00:00:01", "ip=192.0.2.7", "type=vif");
    }

    @Test
    void aNicWithoutMacGetsOneInXensRange() {
        XenDeviceEdits.Nic nic = (XenDeviceEdits.Nic) XenDeviceEdits.parse(
                "<interface type='bridge'><source bridge='xenbr0'/></interface>", true, true);
        assertThat(nic.device().mac()).startsWith("00:16:3e:");
        assertThat(nic.change().macGiven()).isFalse();
    }

    @Test
    void devicesAreAddedAndRemovedAsLibvirtDoes() {
        DomainDefinition def = guest();
        XenDeviceEdits.Device disk = XenDeviceEdits.parse(DISK, true, false);
        XenDeviceEdits.Device nic = XenDeviceEdits.parse(NIC, true, false);
        DomainDefinition with = XenDeviceEdits.plus(XenDeviceEdits.plus(def, disk), nic);
        assertThat(with.devices().disks()).extracting(d -> d.targetDev()).containsExactly("xvdb");
        assertThat(with.devices().interfaces()).extracting(i -> i.mac()).containsExactly("00:16:3e:12:34:56");

        assertThatThrownBy(() -> XenDeviceEdits.plus(with, disk)).isInstanceOf(VirtException.class)
                .hasMessageContaining("target xvdb already exists")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
        assertThatThrownBy(() -> XenDeviceEdits.plus(with, nic)).isInstanceOf(VirtException.class)
                .hasMessageContaining("network device with mac 00:16:3e:12:34:56 already exists")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);

        DomainDefinition without = XenDeviceEdits.minus(XenDeviceEdits.minus(with, disk), nic);
        assertThat(without.devices().disks()).isEmpty();
        assertThat(without.devices().interfaces()).isEmpty();
        assertThatThrownBy(() -> XenDeviceEdits.minus(without, disk)).isInstanceOf(VirtException.class)
                .hasMessageContaining("no target device xvdb")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
        assertThatThrownBy(() -> XenDeviceEdits.minus(without, nic)).isInstanceOf(VirtException.class)
                .hasMessageContaining("no device matching MAC address 00:16:3e:12:34:56");
    }

    @Test
    void otherDevicesAreRefusedInLibxlsWords() {
        String input = "<input type='mouse' bus='ps2'/>";
        assertThatThrownBy(() -> XenDeviceEdits.parse(input, true, true)).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("device type 'input' cannot be attached")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
        assertThatThrownBy(() -> XenDeviceEdits.parse(input, false, true)).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("device type 'input' cannot be detached");
        assertThatThrownBy(() -> XenDeviceEdits.parse(input, true, false)).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("persistent attach of device is not supported")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
        assertThatThrownBy(() -> XenDeviceEdits.parse(" ", true, true)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
    }

    @Test
    void anHvmGuestsIdeDiskIsNotOnXensBus() {
        XenDeviceEdits.Disk disk = (XenDeviceEdits.Disk) XenDeviceEdits.parse(
                DISK.replace("dev='xvdb' bus='xen'", "dev='hdb'"), true, true);
        assertThat(disk.onXenBus(true)).isFalse();
        assertThat(disk.bus(true)).isEqualTo("ide");
        assertThat(disk.onXenBus(false)).isTrue();
    }

    @Test
    void consoleNamesPickLibvirtsDevices() {
        DomainDefinition pv = guest();
        assertThat(XenConsoleDevice.find(pv, null)).isEqualTo(new XenConsoleDevice("console0", "pv", 0));
        assertThat(XenConsoleDevice.find(pv, "console0")).isEqualTo(new XenConsoleDevice("console0", "pv", 0));
        assertThatThrownBy(() -> XenConsoleDevice.find(pv, "serial0")).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("cannot find character device serial0");
        DomainDefinition hvm = DomainXmlCodec.parse(XenGuests.guest("vk-dev-unit", "hvm", 128, "console=ttyS0")
                .replace("<console type='pty'/>", "<serial type='pty'><target port='0'/></serial>"
                        + "<console type='pty'><target type='serial' port='0'/></console>"));
        assertThat(XenConsoleDevice.find(hvm, null)).isEqualTo(new XenConsoleDevice("console0", "serial", 0));
        assertThat(XenConsoleDevice.find(hvm, "serial0")).isEqualTo(new XenConsoleDevice("serial0", "serial", 0));
        DomainDefinition file = DomainXmlCodec.parse(XenGuests.guest("vk-dev-unit", "hvm", 128, "console=ttyS0")
                .replace("<console type='pty'/>", "<serial type='file'><source path='/tmp/x'/></serial>"));
        assertThatThrownBy(() -> XenConsoleDevice.find(file, null)).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("character device serial0 is not using a PTY");
    }
}
