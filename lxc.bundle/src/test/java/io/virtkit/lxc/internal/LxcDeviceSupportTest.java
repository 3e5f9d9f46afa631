package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A container definition with a disk, a controller, a host device, a hub or a lease is refused at define, as libvirt's LXC driver does. */
class LxcDeviceSupportTest {

    @ParameterizedTest
    @ValueSource(strings = {"<disk type='block'><source dev='/dev/sdz'/><target dev='sda'/></disk>",
        "<controller type='usb' index='0' model='qemu-xhci'/>",
        "<hostdev mode='capabilities' type='storage'><source><block>/dev/sdf1</block></source></hostdev>",
        "<hub type='usb'/>", "<lease><key>k</key><target path='/l'/></lease>", "<smartcard mode='host'/>"})
    void devicesAContainerCannotHaveAreUnsupported(String device) {
        String xml = "<domain type='lxc'><name>c</name><memory unit='MiB'>64</memory>"
                + "<os><type>exe</type><init>/bin/sh</init></os><devices>" + device + "</devices></domain>";
        assertThatThrownBy(() -> LxcState.prepare(DomainXmlCodec.parse(xml)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.getMessage()).contains("unsupported configuration");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<interface type='user'><mac address='52:54:00:00:00:09'/><acpi index='1'/></interface>|ACPI index",
        "<filesystem type='mount'><driver type='path' iommu='on'/><source dir='/srv'/><target dir='/srv'/>"
            + "</filesystem>|virtio options",
        "<console type='pty'><target type='lxc' port='0'/><acpi index='2'/></console>|ACPI index"})
    void whatAContainerCannotHonourIsRefusedAtStart(String deviceAndWords) {
        String[] parts = deviceAndWords.split("\\|");
        String xml = "<domain type='lxc'><name>c</name><memory unit='MiB'>64</memory>"
                + "<os><type>exe</type><init>/bin/sh</init></os><devices>" + parts[0] + "</devices></domain>";
        assertThatThrownBy(() -> LxcDeviceSupport.checkStart(DomainXmlCodec.parse(xml)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.getMessage()).contains(parts[1]);
                });
    }
}
