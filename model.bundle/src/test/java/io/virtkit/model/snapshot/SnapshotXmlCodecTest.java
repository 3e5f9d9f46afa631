package io.virtkit.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The {@code <domainsnapshot>} codec against what libvirt 9.0's test driver prints and refuses. */
class SnapshotXmlCodecTest {

    /** {@code virsh -c test:///default snapshot-dumpxml test s2} after two snapshot-create-as (libvirt 9.0). */
    static final String LIBVIRT_DUMP = """
            <domainsnapshot>
              <name>s2</name>
              <description>second &amp; last</description>
              <state>running</state>
              <parent>
                <name>s1</name>
              </parent>
              <creationTime>1796306984</creationTime>
              <memory snapshot='internal'/>
              <disks>
                <disk name='vda' snapshot='internal'/>
              </disks>
              <domain type='test'>
                <name>test</name>
                <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                <memory unit='KiB'>8388608</memory>
                <currentMemory unit='KiB'>2097152</currentMemory>
                <vcpu placement='static'>2</vcpu>
                <os>
                  <type arch='i686'>hvm</type>
                  <boot dev='hd'/>
                </os>
                <clock offset='utc'/>
                <on_poweroff>destroy</on_poweroff>
                <on_reboot>restart</on_reboot>
                <on_crash>destroy</on_crash>
                <devices>
                  <disk type='file' device='disk'>
                    <source file='/guest/diskimage1'/>
                    <target dev='vda' bus='virtio'/>
                    <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
                  </disk>
                </devices>
              </domain>
            </domainsnapshot>
            """;

    @Test
    void aRedefinitionReadsEverythingAndWritesItBackAsLibvirt() {
        SnapshotDefinition def = SnapshotXmlCodec.parseForRedefine(LIBVIRT_DUMP);

        assertThat(def.name()).isEqualTo("s2");
        assertThat(def.description()).isEqualTo("second & last");
        assertThat(def.state()).isEqualTo(SnapshotState.RUNNING);
        assertThat(def.parent()).isEqualTo("s1");
        assertThat(def.creationTime()).isEqualTo(1796306984L);
        assertThat(def.memory()).isEqualTo(new SnapshotMemory(SnapshotLocation.INTERNAL, null));
        assertThat(def.disks()).containsExactly(SnapshotDisk.internal("vda"));
        assertThat(def.domain().name()).isEqualTo("test");
        assertThat(SnapshotXmlCodec.format(def)).isEqualTo(LIBVIRT_DUMP);
        assertThat(SnapshotXmlCodec.format(def, DomainSnapshotXmlFlag.SECURE)).isEqualTo(LIBVIRT_DUMP);
    }

    @Test
    void aCreateReadsOnlyWhatAClientChoosesAndNamesAnUnnamedSnapshotByTheTime() {
        SnapshotDefinition def = SnapshotXmlCodec.parseForCreate(LIBVIRT_DUMP, 1234);
        assertThat(def.name()).isEqualTo("s2");
        assertThat(def.state()).isNull();
        assertThat(def.parent()).isNull();
        assertThat(def.domain()).isNull();
        assertThat(def.creationTime()).isEqualTo(1234L);

        SnapshotDefinition unnamed = SnapshotXmlCodec.parseForCreate("", 1796306984);
        assertThat(unnamed.name()).isEqualTo("1796306984");
        assertThat(SnapshotXmlCodec.format(unnamed)).isEqualTo("""
                <domainsnapshot>
                  <name>1796306984</name>
                  <creationTime>1796306984</creationTime>
                </domainsnapshot>
                """);
    }

    @Test
    void externalDisksKeepTheirFileAndFormat() {
        SnapshotDefinition def = SnapshotXmlCodec.parseForCreate("""
                <domainsnapshot>
                  <name>ext</name>
                  <memory snapshot='external' file='/var/lib/snap/ext.mem'/>
                  <disks>
                    <disk name='vda' snapshot='external' type='file'>
                      <driver type='qcow2'/>
                      <source file='/var/lib/snap/vda.ext'/>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                  </disks>
                </domainsnapshot>""", 5);
        assertThat(def.memory()).isEqualTo(new SnapshotMemory(SnapshotLocation.EXTERNAL, "/var/lib/snap/ext.mem"));
        assertThat(def.disks()).containsExactly(
                new SnapshotDisk("vda", SnapshotLocation.EXTERNAL, "/var/lib/snap/vda.ext", "qcow2"),
                new SnapshotDisk("vdb", SnapshotLocation.NO, null, null));
        assertThat(SnapshotXmlCodec.format(def)).contains("""
                  <disks>
                    <disk name='vda' snapshot='external' type='file'>
                      <driver type='qcow2'/>
                      <source file='/var/lib/snap/vda.ext'/>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                  </disks>
                """);
    }

    @Test
    void badXmlIsRefusedWithLibvirtsWording() {
        assertRefused("<domainsnapshot><state>running</state><creationTime>1</creationTime></domainsnapshot>", true,
                ErrorCode.XML_ERROR, "XML error: a redefined snapshot must have a name");
        assertRefused("<domainsnapshot><name>a</name><creationTime>1</creationTime></domainsnapshot>", true,
                ErrorCode.XML_ERROR, "XML error: missing state from existing snapshot");
        assertRefused("<domainsnapshot><name>a</name><state>dancing</state><creationTime>1</creationTime>"
                + "</domainsnapshot>", true, ErrorCode.XML_ERROR,
                "XML error: Invalid state 'dancing' in domain snapshot XML");
        assertRefused("<domainsnapshot><name>a</name><state>running</state></domainsnapshot>", true,
                ErrorCode.XML_ERROR, "XML error: missing creationTime from existing snapshot");
        assertRefused("<domainsnapshot><memory snapshot='sometimes'/></domainsnapshot>", false, ErrorCode.XML_ERROR,
                "XML error: unknown memory snapshot setting 'sometimes'");
        assertRefused("<domainsnapshot><disks><disk snapshot='no'/></disks></domainsnapshot>", false,
                ErrorCode.XML_ERROR, "XML error: missing name from disk snapshot element");
        assertRefused("<domain/>", false, ErrorCode.XML_ERROR,
                "XML error: expecting root element of 'domainsnapshot', not 'domain'");
        assertRefused("<domainsnapshot><cookie/></domainsnapshot>", false, ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: element 'domainsnapshot/cookie' is not supported");
        assertRefused("<domainsnapshot>", false, ErrorCode.XML_DETAIL, "(domain_snapshot):1: ");
    }

    @Test
    void theKeptDomainIsCheckedByTheDomainCodec() {
        String xml = LIBVIRT_DUMP.replace("<on_crash>", "<bogus/><on_crash>");
        assertThatThrownBy(() -> SnapshotXmlCodec.parseForRedefine(xml)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
    }

    private static void assertRefused(String xml, boolean redefine, ErrorCode code, String message) {
        assertThatThrownBy(() -> {
            if (redefine) {
                SnapshotXmlCodec.parseForRedefine(xml);
            } else {
                SnapshotXmlCodec.parseForCreate(xml, 1);
            }
        }).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN_SNAPSHOT);
            assertThat(e.getMessage()).startsWith(message);
        });
    }
}
