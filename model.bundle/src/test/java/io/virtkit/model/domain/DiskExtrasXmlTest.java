package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Disk source extras, encryption, mirror and smartcards are read as libvirt reads them, and refused as it refuses. */
class DiskExtrasXmlTest {

    private static String vm(String devices) {
        return "<domain type='kvm'><name>vm</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
                + "<memory>1024</memory><os><type>hvm</type></os><devices>" + devices + "</devices></domain>";
    }

    private static final String MIRROR = "<disk type='file'><source file='/a.qcow2'/>"
            + "<mirror type='file' job='copy' ready='yes'><format type='qcow2'/><source file='/b.qcow2'/></mirror>"
            + "<target dev='vda'/></disk>";

    @Test
    void aMirrorIsReadFromARunningDomainOnlyAsLibvirtIgnoresADefinitionsMirror() {
        assertThat(DomainXmlCodec.parse(vm(MIRROR)).devices().disks().get(0).mirror()).isNull();
        DiskMirror mirror = DomainXmlCodec.parseLive(vm(MIRROR)).devices().disks().get(0).mirror();
        assertThat(mirror).isEqualTo(new DiskMirror("copy", "yes", "file", "qcow2", DiskSource.ofPath("/b.qcow2"),
                null));
        // a file copy is also written in the old attributes, as libvirt writes it
        String live = DomainXmlCodec.formatLive(DomainXmlCodec.parseLive(vm(MIRROR)), 1, XmlFlag.SECURE);
        assertThat(live).contains("<mirror type='file' file='/b.qcow2' format='qcow2' job='copy' ready='yes'>");
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parseLive(vm(MIRROR)))).doesNotContain("mirror");
    }

    @Test
    void theOldMirrorFormIsAFileCopy() {
        String old = "<disk type='file'><source file='/a'/><mirror file='/b' format='raw'/><target dev='vda'/></disk>";
        assertThat(DomainXmlCodec.parseLive(vm(old)).devices().disks().get(0).mirror())
                .isEqualTo(new DiskMirror("copy", null, "file", "raw", DiskSource.ofPath("/b"), null));
    }

    @Test
    void metadataCacheSizesAreKeptInBytes() {
        DiskDevice d = DomainXmlCodec.parse(vm("<disk type='file'><driver name='qemu' type='qcow2'><metadata_cache>"
                + "<max_size unit='MiB'>2</max_size></metadata_cache></driver><source file='/a'/>"
                + "<target dev='vda'/></disk>")).devices().disks().get(0);
        assertThat(d.driver().metadataCacheMaxSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(vm("<disk type='file'><driver name='qemu' "
                + "type='qcow2'><metadata_cache><max_size unit='MiB'>2</max_size></metadata_cache></driver>"
                + "<source file='/a'/><target dev='vda'/></disk>"))))
                .contains("<max_size unit='bytes'>2097152</max_size>");
    }

    @Test
    void anNvmeDiskKeepsItsController() {
        DiskDevice d = DomainXmlCodec.parse(vm("<disk type='nvme'><source type='pci' managed='no' namespace='2'>"
                + "<address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/></source><target dev='vda'/>"
                + "</disk>")).devices().disks().get(0);
        assertThat(d.type()).isEqualTo(DiskDevice.Type.NVME);
        assertThat(d.sourceDetail().settings().nvmeNamespace()).isEqualTo(2L);
        assertThat(d.sourceDetail().settings().nvmeManaged()).isFalse();
        assertThat(d.sourceDetail().settings().nvmeAddress().bus()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <disk type='file'><source file='/a'><encryption format='luks-any'/></source><target dev='vda'/></disk> | unknown volume encryption format type luks-any
            <disk type='file'><source file='/a'><encryption format='luks' engine='x'/></source><target dev='vda'/></disk> | unknown volume encryption engine type x
            <disk type='file'><source file='/a'><encryption format='luks'><secret type='passphrase'/></encryption></source><target dev='vda'/></disk> | either secret uuid or usage expected
            <disk type='file'><source file='/a'><seclabel relabel='no'><label>l</label></seclabel></source><target dev='vda'/></disk> | Cannot specify a label if relabelling is turned off. model=(null)
            <disk type='network'><source protocol='https' name='/i'><host name='h'/><cookies><cookie name='a'>1</cookie><cookie name='a'>2</cookie></cookies></source><target dev='vda'/></disk> | duplicate cookie 'a'
            <disk type='network'><source protocol='http' name='/i'><host name='h'/><timeout seconds='0'/></source><target dev='vda'/></disk> | Invalid value for attribute 'seconds' in element 'timeout': '0'. Expected non-zero value
            <disk type='nvme'><source type='pci' namespace='1'/><target dev='vda'/></disk> | NVMe disk source is missing address
            <smartcard mode='host-certificates'><certificate>a</certificate></smartcard> | host-certificates mode needs exactly three certificates
            <smartcard mode='passthrough'/> | passthrough mode requires a character device type attribute
            <smartcard mode='other'/> | unknown smartcard device mode: other
            """)
    void invalidExtrasAreRefusedWithLibvirtsWords(String device, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm(device))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
            assertThat(e.getMessage()).endsWith(message);
        });
    }
}
