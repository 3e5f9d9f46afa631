package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Device aliases and addresses (libvirt's device info) through the codec, as libvirt reads and writes them. */
class DeviceIdentityXmlTest {

    private static String vm(String devices) {
        return "<domain type='kvm'><name>vm</name><memory>1024</memory><os><type>hvm</type></os><devices>"
                + devices + "</devices></domain>";
    }

    static final String DEVICES = """
            <disk type='file' device='disk'>
              <source file='/img/a.qcow2'/>
              <target dev='vda' bus='virtio'/>
              <alias name='virtio-disk0'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
            </disk>
            <disk type='file' device='cdrom'>
              <target dev='sda' bus='sata'/>
              <readonly/>
              <alias name='ua-install-cd'/>
              <address type='drive' controller='0' bus='0' target='0' unit='1'/>
            </disk>
            <filesystem type='mount' accessmode='passthrough'>
              <source dir='/srv'/>
              <target dir='srv'/>
              <alias name='fs0'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x06' function='0x0'/>
            </filesystem>
            <interface type='network'>
              <mac address='52:54:00:00:00:01'/>
              <source network='default'/>
              <model type='virtio'/>
              <alias name='net0'/>
              <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' multifunction='on'/>
            </interface>
            <interface type='user'>
              <mac address='52:54:00:00:00:02'/>
              <alias name='ua-nic-b'/>
              <address type='pci'/>
            </interface>
            <serial type='pty'>
              <target type='isa-serial' port='0'/>
              <alias name='serial0'/>
              <address type='isa' iobase='0x3f8' irq='0x4'/>
            </serial>
            <console type='pty'>
              <target type='serial' port='0'/>
              <alias name='serial0'/>
            </console>
            <console type='pty'>
              <target type='virtio' port='1'/>
              <alias name='console1'/>
              <address type='virtio-serial' controller='0' bus='0' port='1'/>
            </console>""";

    @Test
    void aDefinitionKeepsAddressesAndUserAliasesButDropsDriverAliases() {
        DomainDevices d = DomainXmlCodec.parse(vm(DEVICES)).devices();

        assertThat(d.disks().get(0).info()).isEqualTo(DeviceInfo.ofAddress(DeviceAddress.Pci.of(0, 4, 0)));
        assertThat(d.disks().get(1).info())
                .isEqualTo(new DeviceInfo("ua-install-cd", new DeviceAddress.Drive(0, 0, 0, 1)));
        assertThat(d.filesystems().get(0).info()).isEqualTo(DeviceInfo.ofAddress(DeviceAddress.Pci.of(0, 6, 0)));
        assertThat(d.interfaces().get(0).info())
                .isEqualTo(DeviceInfo.ofAddress(new DeviceAddress.Pci(0, 1, 0, 0, true)));
        assertThat(d.interfaces().get(1).info()).isEqualTo(new DeviceInfo("ua-nic-b", DeviceAddress.Pci.ANY));
        assertThat(d.serials().get(0).info()).isEqualTo(DeviceInfo.ofAddress(new DeviceAddress.Isa(0x3f8, 4)));
        assertThat(d.consoles().get(1).info())
                .isEqualTo(DeviceInfo.ofAddress(new DeviceAddress.VirtioSerial(0, 0, 1)));
        assertThat(d.aliases()).containsExactly("ua-install-cd", "ua-nic-b");
    }

    @Test
    void theLiveParseKeepsEveryAlias() {
        DomainDevices d = DomainXmlCodec.parseLive(vm(DEVICES)).devices();

        assertThat(d.disks()).extracting(DiskDevice::alias).containsExactly("virtio-disk0", "ua-install-cd");
        assertThat(d.filesystems().get(0).alias()).isEqualTo("fs0");
        assertThat(d.interfaces()).extracting(InterfaceDevice::alias).containsExactly("net0", "ua-nic-b");
        assertThat(d.serials().get(0).alias()).isEqualTo("serial0");
        assertThat(d.consoles()).extracting(CharDevice::alias).containsExactly("serial0", "console1");
        assertThat(d.interfaceByAlias("net0")).get().extracting(InterfaceDevice::mac).isEqualTo("52:54:00:00:00:01");
        assertThat(d.interfaceByAlias("net9")).isEmpty();
        assertThat(d.diskByAlias("ua-install-cd")).get().extracting(DiskDevice::targetDev).isEqualTo("sda");
        assertThat(d.filesystemByAlias("fs0")).isPresent();
        assertThat(d.charDeviceByAlias("console1")).get().extracting(CharDevice::targetPort).isEqualTo(1);
    }

    @Test
    void theLiveXmlShowsEveryAliasAndTheInactiveXmlOnlyUserAliases() {
        DomainDefinition live = DomainXmlCodec.parseLive(vm(DEVICES));

        String liveXml = DomainXmlCodec.formatLive(live, 3);
        String inactiveXml = DomainXmlCodec.format(live);

        assertThat(liveXml).contains("<alias name='net0'/>", "<alias name='virtio-disk0'/>",
                "<alias name='serial0'/>", "<alias name='ua-nic-b'/>");
        assertThat(inactiveXml).doesNotContain("net0", "virtio-disk0", "serial0", "fs0", "console1")
                .contains("<alias name='ua-nic-b'/>", "<alias name='ua-install-cd'/>");
        for (String xml : List.of(liveXml, inactiveXml)) {
            assertThat(xml).contains(
                    "<address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>",
                    "<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' multifunction='on'/>",
                    "<address type='pci'/>",
                    "<address type='drive' controller='0' bus='0' target='0' unit='1'/>",
                    "<address type='isa' iobase='0x3f8' irq='0x4'/>",
                    "<address type='virtio-serial' controller='0' bus='0' port='1'/>");
        }
        // The device info is the device's last children, alias before address, as libvirt writes them.
        assertThat(liveXml).contains("      <model type='virtio'/>\n      <alias name='net0'/>\n"
                + "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' multifunction='on'/>\n"
                + "    </interface>");
    }

    @Test
    void bothFormsRoundTrip() {
        DomainDefinition live = DomainXmlCodec.parseLive(vm(DEVICES));
        assertThat(DomainXmlCodec.parseLive(DomainXmlCodec.formatLive(live, 3))).isEqualTo(live);

        DomainDefinition def = DomainXmlCodec.parse(vm(DEVICES));
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(def))).isEqualTo(def);
        // A status file holds the live form; the persistent definition derived from it loses only driver aliases.
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.formatLive(live, 3))).isEqualTo(def.withUuid(live.uuid()));
    }

    @Test
    void theFirstConsoleMirrorsTheFirstSerialsIdentity() {
        DomainDevices d = DomainXmlCodec.parse(vm("""
                <serial type='pty'><target port='0'/><alias name='ua-ser'/></serial>
                <console type='pty'><target type='serial'/><alias name='ua-other'/></console>""")).devices();
        assertThat(d.consoles().get(0).alias()).isEqualTo("ua-ser");

        DomainDevices implied = DomainXmlCodec.parse(vm("<console type='pty'><alias name='ua-con'/></console>"))
                .devices();
        assertThat(implied.serials().get(0).alias()).isEqualTo("ua-con");
        assertThat(implied.consoles().get(0).alias()).isEqualTo("ua-con");
    }

    @ParameterizedTest
    @CsvSource({"ua-x.y", "ua-a b", "ua-ü", "net0", "ua"})
    void aDefinitionSilentlyDropsAliasesLibvirtWouldNotKeep(String alias) {
        DomainDefinition def = DomainXmlCodec.parse(vm(
                "<interface type='user'><alias name='" + alias + "'/></interface>"));
        assertThat(def.devices().interfaces().get(0).info()).isEqualTo(DeviceInfo.NONE);
        assertThat(DomainXmlCodec.parseLive(vm("<interface type='user'><alias name='" + alias + "'/></interface>"))
                .devices().interfaces().get(0).alias()).isEqualTo(alias);
    }

    @Test
    void aUserAliasNamesOneDevice() {
        String xml = vm("<disk type='file'><source file='/a'/><target dev='vda'/><alias name='ua-x'/></disk>"
                + "<interface type='user'><alias name='ua-x'/></interface>");
        assertThatThrownBy(() -> DomainXmlCodec.parse(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
            assertThat(e).hasMessage("unsupported configuration: non unique alias detected: ua-x");
        });
        // The same check holds for definitions a driver builds, and only for user aliases (as libvirt).
        InterfaceDevice nic = new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:00:00:09", null, null, null,
                null, null);
        assertThatThrownBy(() -> new DomainDevices(null, List.of(), List.of(),
                List.of(nic.withInfo(DeviceInfo.ofAlias("ua-n")), nic.withInfo(DeviceInfo.ofAlias("ua-n"))),
                List.of(), List.of(), List.of())).hasMessageEndingWith("non unique alias detected: ua-n");
        assertThat(new DomainDevices(null, List.of(), List.of(),
                List.of(nic.withInfo(DeviceInfo.ofAlias("net0")), nic.withInfo(DeviceInfo.ofAlias("net0"))),
                List.of(), List.of(), List.of()).interfaces()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<address/>|XML_ERROR|XML error: Missing required attribute 'type' in element 'address'",
        "<address type='bogus'/>|XML_ERROR|XML error: Invalid value for attribute 'type' in element 'address': 'bogus'.",
        "<address type='none'/>|XML_ERROR|XML error: Invalid value for attribute 'type' in element 'address': 'none'.",
        "<address type='virtio-s390'/>|CONFIG_UNSUPPORTED|unsupported configuration: device address type 'virtio-s390' is not supported",
        "<address type='usb' bus='0' port='1.x'/>|XML_ERROR|XML error: Cannot parse <address> 'port' attribute",
        "<address type='pci' slot='0x20'/>|XML_ERROR|XML error: Invalid PCI address slot='0x20', must be <= 0x1F",
        "<address type='pci' bus='256'/>|XML_ERROR|XML error: Invalid PCI address bus='0x100', must be <= 0xFF",
        "<address type='pci' slot='1' function='8'/>|XML_ERROR|XML error: Invalid PCI address function=0x8, must be <= 7",
        "<address type='pci' domain='0x10000' slot='1'/>|XML_ERROR|XML error: Invalid PCI address domain='0x10000', must be <= 0xFFFF",
        "<address type='pci' slot='-1'/>|XML_ERROR|XML error: Invalid value for attribute 'slot' in element 'address': '-1'. Expected non-negative integer value",
        "<address type='pci' slot='0x'/>|XML_ERROR|XML error: Invalid value for attribute 'slot' in element 'address': '0x'. Expected non-negative integer value",
        "<address type='drive' unit='0x1'/>|XML_ERROR|XML error: Invalid value for attribute 'unit' in element 'address': '0x1'. Expected non-negative integer value",
        "<address type='pci' multifunction='yes' slot='3'/>|XML_ERROR|XML error: Invalid value for attribute 'multifunction' in element 'address': 'yes'.",
    })
    void badAddressesGetLibvirtsErrors(String address, ErrorCode code, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("<interface type='user'>" + address + "</interface>")))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e).hasMessage(message);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "domain='0' bus='0' slot='3' function='1'|0|0|3|1",
        "slot='0x03' function='0x1'|0|0|3|1",
        "bus='010' slot='0x1f'|0|8|31|0",
        "domain='0xffff' bus='0xff' slot='31' function='7'|65535|255|31|7",
    })
    void pciNumbersAreReadAsC(String attributes, int domain, int bus, int slot, int function) {
        DeviceAddress a = DomainXmlCodec.parse(vm("<interface type='user'><address type='pci' " + attributes
                + "/></interface>")).devices().interfaces().get(0).address();
        assertThat(a).isEqualTo(new DeviceAddress.Pci(domain, bus, slot, function, null));
    }

    @Test
    void isaNumbersAreHexWithOrWithoutPrefix() {
        DeviceAddress a = DomainXmlCodec.parse(vm("<serial type='pty'><address type='isa' iobase='2f8' irq='3'/>"
                + "</serial>")).devices().serials().get(0).address();
        assertThat(a).isEqualTo(new DeviceAddress.Isa(0x2f8, 3));
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(vm("<serial type='pty'><address type='isa'/></serial>"))))
                .contains("<address type='isa'/>");
    }

    @Test
    void recordsBuiltTheOldWayHaveNoIdentity() {
        assertThat(new DiskDevice(DiskDevice.Type.FILE, DiskDevice.Device.DISK, null, null, "/a", "vda", null, false)
                .info()).isSameAs(DeviceInfo.NONE);
        assertThat(new FilesystemDevice("/a", "b", false).info()).isSameAs(DeviceInfo.NONE);
        assertThat(new CharDevice(CharDevice.Type.PTY, null, null, null, 0).alias()).isNull();
        assertThat(new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:00:00:09", null, null, null, null, null,
                null).info()).isSameAs(DeviceInfo.NONE);
        assertThat(DeviceAddress.Pci.of(0, 3, 0)).hasToString("0000:00:03.0");
        assertThat(new DeviceInfo("", null)).isEqualTo(DeviceInfo.NONE);
        assertThat(new DeviceInfo("net0", DeviceAddress.Pci.ANY).persistent())
                .isEqualTo(DeviceInfo.ofAddress(DeviceAddress.Pci.ANY));
    }
}
