package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A host device's iSCSI source, adapter, teaming and container addresses, read and refused as libvirt does. */
class HostdevExtrasXmlTest {

    private static String vm(String devices) {
        return "<domain type='kvm'><name>vm</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
                + "<memory>1024</memory><os><type>hvm</type></os><devices>" + devices + "</devices></domain>";
    }

    @Test
    void aPciSourceIgnoresAVendorAndProductAsLibvirtDoes() {
        // found by ModelXmlFuzzTest: they were read, then not written, so the definition changed on a round trip
        HostdevDevice h = DomainXmlCodec.parse(vm("<hostdev mode='subsystem' type='pci'><source><product id='0xbeef'/>"
                + "<vendor id='0x1234'/><address domain='0' bus='1' slot='0' function='0'/></source></hostdev>"))
                .devices().hostdevs().get(0);
        assertThat(h.usbVendor()).isNull();
        assertThat(h.usbProduct()).isNull();
    }

    @Test
    void anIscsiHostdevKeepsItsSource() {
        HostdevDevice h = DomainXmlCodec.parse(vm("<hostdev mode='subsystem' type='scsi'><source protocol='iscsi' "
                + "name='iqn.x:t/1'><host name='h' port='3260'/><auth username='u'><secret type='iscsi' "
                + "usage='s'/></auth><initiator><iqn name='iqn.y:i'/></initiator></source></hostdev>"))
                .devices().hostdevs().get(0);
        assertThat(h.iscsi()).isEqualTo(new HostdevDevice.Iscsi("iqn.x:t/1", List.of(new DiskHost("h", "3260", null,
                null)), new DiskAuth("u", "iscsi", "s", null), "iqn.y:i"));
        assertThat(h.scsiAdapter()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <hostdev mode='subsystem' type='scsi'><source><adapter type='fc_host' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/><address bus='0' target='0' unit='0'/></source></hostdev> | 'adapter' name is required
            <hostdev mode='subsystem' type='scsi'><source><adapter><parentaddr><address domain='0' bus='0' slot='1' function='0'/></parentaddr></adapter><address bus='0' target='0' unit='0'/></source></hostdev> | 'adapter' name is required
            <hostdev mode='subsystem' type='scsi'><source protocol='iscsi' name='n'><host name='a'/><host name='b'/></source></hostdev> | only one source host address may be specified for the iSCSI hostdev
            <hostdev mode='subsystem' type='pci'><source><address domain='0' bus='6' slot='0' function='0'/></source><teaming type='transient'/></hostdev> | teaming persistent attribute must be set if teaming type is 'transient'
            """)
    void whatLibvirtRefusesIsRefused(String device, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm(device))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
            assertThat(e.getMessage()).endsWith(message);
        });
    }
}
