package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every address type of libvirt's schema, the ACPI index, boot load parameters and the virtio options of the
 * small devices' {@code <driver>}: read into typed values, checked with libvirt's wording, written as libvirt
 * writes them.
 */
class DeviceAddressXmlTest {

    private static String vm(String devices) {
        return "<domain type='kvm'><name>vm</name><memory>1024</memory><os><type>hvm</type></os><devices>"
                + devices + "</devices></domain>";
    }

    private static DeviceInfo nicInfo(String inside) {
        return DomainXmlCodec.parse(vm("<interface type='user'>" + inside + "</interface>")).devices().interfaces()
                .get(0).info();
    }

    private static String written(String inside) {
        String xml = DomainXmlCodec.format(DomainXmlCodec.parse(vm("<interface type='user'>" + inside
                + "</interface>")), XmlFlag.SECURE);
        return xml.substring(xml.indexOf("<interface"), xml.indexOf("</interface>")).replaceAll("\\s*\n\\s*", "");
    }

    @Test
    void everyAddressTypeIsReadIntoItsRecord() {
        assertThat(nicInfo("<address type='pci' slot='5' multifunction='on'><zpci uid='0x12' fid='7'/></address>")
                .address()).isEqualTo(new DeviceAddress.Pci(0, 0, 5, 0, true, new DeviceAddress.Zpci(0x12, 7)));
        assertThat(nicInfo("<address type='ccid' controller='1' slot='3'/>").address())
                .isEqualTo(new DeviceAddress.Ccid(1, 3));
        assertThat(nicInfo("<address type='spapr-vio' reg='2000'/>").address())
                .isEqualTo(new DeviceAddress.SpaprVio(0x2000L));
        assertThat(nicInfo("<address type='spapr-vio'/>").address()).isEqualTo(new DeviceAddress.SpaprVio(null));
        assertThat(nicInfo("<address type='ccw' cssid='254' ssid='0x3' devno='0xffff'/>").address())
                .isEqualTo(new DeviceAddress.Ccw(0xfe, 3, 0xffff));
        assertThat(nicInfo("<address type='ccw'/>").address()).isEqualTo(DeviceAddress.Ccw.ANY);
        assertThat(nicInfo("<address type='virtio-mmio'/>").address()).isEqualTo(new DeviceAddress.VirtioMmio());
        assertThat(nicInfo("<address type='dimm' slot='2' base='0x100000000'/>").address())
                .isEqualTo(new DeviceAddress.Dimm(2, 0x100000000L));
        assertThat(DomainXmlCodec.parse(vm("<hostdev mode='subsystem' type='pci'><source><address domain='0' "
                + "bus='6' slot='7' function='0'/></source><address type='unassigned'/></hostdev>")).devices()
                .hostdevs().get(0).info().address()).isEqualTo(new DeviceAddress.Unassigned());
        assertThat(nicInfo("<acpi index='7'/><address type='pci'/>"))
                .isEqualTo(new DeviceInfo(null, DeviceAddress.Pci.ANY, 7));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<address type='pci' domain='0' bus='0' slot='5' function='0'><zpci uid='18' fid='7'/></address>"
            + "|<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'>"
            + "<zpci uid='0x0012' fid='0x00000007'/></address>",
        "<address type='ccid' controller='0' slot='03'/>|<address type='ccid' controller='0' slot='3'/>",
        "<address type='spapr-vio' reg='0x2000'/>|<address type='spapr-vio' reg='0x00002000'/>",
        "<address type='ccw' cssid='3' ssid='0' devno='12'/>|<address type='ccw' cssid='0x3' ssid='0x0' devno='0x000c'/>",
        "<address type='dimm' slot='1' base='100000000'/>|<address type='dimm' slot='1' base='0x100000000'/>",
        "<address type='dimm' slot='1' base='0'/>|<address type='dimm' slot='1'/>",
        "<acpi index='12'/><address type='virtio-mmio'/>|<acpi index='12'/><address type='virtio-mmio'/>",
        "<acpi/><address type='virtio-mmio'/>|<address type='virtio-mmio'/>",
    })
    void addressesAreWrittenAsLibvirtWritesThem(String given, String expected) {
        assertThat(written(given)).endsWith(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<address type='ccw' cssid='1'/>|INTERNAL_ERROR|internal error: Invalid partial specification for virtio ccw address",
        "<address type='ccw' cssid='0xff' ssid='0' devno='1'/>|INTERNAL_ERROR|internal error: Invalid specification for virtio ccw address: cssid='0xff' ssid='0x0' devno='0x0001'",
        "<address type='ccw' cssid='1' ssid='4' devno='1'/>|INTERNAL_ERROR|internal error: Invalid specification for virtio ccw address: cssid='0x1' ssid='0x4' devno='0x0001'",
        "<address type='spapr-vio' reg='zz'/>|XML_ERROR|XML error: Invalid value for attribute 'reg' in element 'address': 'zz'. Expected non-negative integer value",
        "<address type='pci'><zpci fid='0x100000000'/></address>|XML_ERROR|XML error: Invalid value for attribute 'fid' in element 'zpci': '0x100000000'. Expected non-negative integer value",
        "<address type='dimm' slot='x'/>|XML_ERROR|XML error: Invalid value for attribute 'slot' in element 'address': 'x'. Expected non-negative integer value",
        "<address type='unassigned'/>|CONFIG_UNSUPPORTED|unsupported configuration: address of type 'unassigned' is supported only for hostdevs",
        "<acpi index='0'/>|XML_ERROR|XML error: Invalid value for attribute 'index' in element 'acpi': Zero is not permitted",
        "<acpi index='x'/>|XML_ERROR|XML error: Invalid value for attribute 'index' in element 'acpi': 'x'. Expected non-negative integer value",
    })
    void badValuesGetLibvirtsErrors(String inside, ErrorCode code, String message) {
        assertThatThrownBy(() -> nicInfo(inside)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e).hasMessage(message);
        });
    }

    @Test
    void bootLoadParmIsKeptInUpperCaseOnEveryDeviceThatBoots() {
        DomainDevices d = DomainXmlCodec.parse(vm("""
                <filesystem type='mount'><driver type='virtiofs'/><source dir='/srv'/><target dir='srv'/>
                  <boot order='1' loadparm='fs.1'/></filesystem>
                <redirdev bus='usb' type='spicevmc'><boot order='2' loadparm='a b'/></redirdev>
                <hostdev mode='subsystem' type='pci'><source><address domain='0' bus='6' slot='7' function='0'/>
                  </source><boot order='3' loadparm='h'/></hostdev>""")).devices();
        assertThat(d.filesystems().get(0).bootLoadParm()).isEqualTo("FS.1");
        assertThat(d.redirdevs().get(0).bootLoadParm()).isEqualTo("A B");
        assertThat(d.hostdevs().get(0).bootLoadParm()).isEqualTo("H");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abcdefghi|internal error: loadparm value 'ABCDEFGHI' must be between 1 and 8 characters",
        "a_b|internal error: invalid loadparm value 'A_B', expecting chars in set of [a-zA-Z0-9.] and blank spaces",
    })
    void badLoadParmsGetLibvirtsErrors(String loadparm, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("<redirdev bus='usb' type='spicevmc'><boot order='1' "
                + "loadparm='" + loadparm + "'/></redirdev>"))).hasMessage(message);
    }

    @Test
    void theSmallDevicesKeepTheirVirtioOptions() {
        AuxiliaryDevices aux = DomainXmlCodec.parse(vm("""
                <memballoon model='virtio'><driver iommu='on' packed='on'/></memballoon>
                <rng model='virtio'><backend model='random'/><driver ats='on' page_per_vq='off'/></rng>
                <vsock model='virtio'><driver iommu='off'/></vsock>""")).devices().auxiliary();
        assertThat(aux.memballoon().virtio()).isEqualTo(new VirtioOptions(true, null, true, null));
        assertThat(aux.rngs().get(0).virtio()).isEqualTo(new VirtioOptions(null, true, null, false));
        assertThat(aux.vsock().virtio()).isEqualTo(new VirtioOptions(false, null, null, null));
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("<vsock model='virtio'><driver iommu='yes'/></vsock>")))
                .isInstanceOf(VirtException.class);
    }
}
