package io.virtkit.test.internal;

import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeType;

/**
 * Pool and volume XML of every kind on test:///default: what it accepts and how it writes it back, each
 * expectation what virsh printed for the same input against libvirt 9.0's test driver.
 */
class TestDriverStorageXmlTest {

    private static final String UUID_TEXT = "2c903eb6-7cea-412f-b0e4-828b62ce9899";

    private TestDriver driver;
    private Connection conn;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aLogicalPoolGetsItsVolumeGroupsDirectoryNameAndFormat() {
        StoragePool p = conn.defineStoragePool("<pool type='logical'><name>vg1</name><uuid>" + UUID_TEXT
                + "</uuid><source><device path='/dev/sdb'/></source><target><path>/dev/vg1</path></target></pool>");

        assertThat(p.xml()).isEqualTo("""
                <pool type='logical'>
                  <name>vg1</name>
                  <uuid>2c903eb6-7cea-412f-b0e4-828b62ce9899</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                    <device path='/dev/sdb'/>
                    <name>vg1</name>
                    <format type='lvm2'/>
                  </source>
                  <target>
                    <path>/dev/vg1</path>
                  </target>
                </pool>
                """);
    }

    @Test
    void aNetworkPoolHasNoTargetAndItsVolumesPathsStartWithNull() {
        StoragePool p = conn.createStoragePool("<pool type='rbd'><name>r1</name><uuid>" + UUID_TEXT
                + "</uuid><source><name>rbdpool</name><host name='mon1' port='6789'/></source></pool>");

        assertThat(p.xml()).isEqualTo("""
                <pool type='rbd'>
                  <name>r1</name>
                  <uuid>2c903eb6-7cea-412f-b0e4-828b62ce9899</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                    <host name='mon1' port='6789'/>
                    <name>rbdpool</name>
                  </source>
                </pool>
                """);
        // libvirt's test driver prints the missing target as glibc prints a null string
        StorageVolume v = p.createVolume("<volume><name>img</name><capacity>1024</capacity></volume>");
        assertThat(v.path()).isEqualTo("(null)/img");
        assertThat(v.key()).isEqualTo("(null)/img");
        // a second network pool is no source conflict with the first: neither has a target
        assertThat(conn.createStoragePool("<pool type='rbd'><name>r2</name><source><name>other</name>"
                + "<host name='mon1'/></source></pool>").isActive()).isTrue();
    }

    @Test
    void aNetfsPoolKeepsItsSourceAndTargetPermissionsAndLosesTheTrailingSlash() {
        StoragePool p = conn.createStoragePool("<pool type='netfs'><name>n1</name><uuid>" + UUID_TEXT
                + "</uuid><source><host name='nfs.example'/><dir path='/exp'/><format type='nfs'/></source>"
                + "<target><path>/mnt/n1/</path><permissions><mode>0755</mode></permissions></target></pool>");

        assertThat(p.xml()).isEqualTo("""
                <pool type='netfs'>
                  <name>n1</name>
                  <uuid>2c903eb6-7cea-412f-b0e4-828b62ce9899</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                    <host name='nfs.example'/>
                    <dir path='/exp'/>
                    <format type='nfs'/>
                  </source>
                  <target>
                    <path>/mnt/n1</path>
                    <permissions>
                      <mode>0755</mode>
                    </permissions>
                  </target>
                </pool>
                """);
        assertThat(conn.lookupStoragePoolByTargetPath("/mnt/n1/").name()).isEqualTo("n1");
    }

    @Test
    void aVolumeKeepsEveryTargetFieldAndTakesThePoolsPathAsItsKey() {
        StoragePool p = conn.lookupStoragePoolByName("default-pool");

        StorageVolume v = p.createVolume("<volume><name>q.qcow2</name><capacity unit='M'>10</capacity>"
                + "<allocation>0</allocation><target><format type='qcow2'/><compat>1.1</compat><features>"
                + "<lazy_refcounts/></features><permissions><mode>0640</mode></permissions></target></volume>");

        assertThat(v.xml()).isEqualTo("""
                <volume type='file'>
                  <name>q.qcow2</name>
                  <key>/default-pool/q.qcow2</key>
                  <capacity unit='bytes'>10485760</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <target>
                    <path>/default-pool/q.qcow2</path>
                    <format type='qcow2'/>
                    <permissions>
                      <mode>0640</mode>
                    </permissions>
                    <compat>1.1</compat>
                    <features>
                      <lazy_refcounts/>
                    </features>
                  </target>
                </volume>
                """);
    }

    @Test
    void aGivenKeyAndPathAreReplacedAndTheTypeAndBackingStoreKept() {
        StoragePool p = conn.lookupStoragePoolByName("default-pool");

        StorageVolume v = p.createVolume("<volume type='block'><name>blk</name><key>foo</key>"
                + "<capacity>1024</capacity><target><path>/elsewhere/x</path></target><backingStore>"
                + "<path>/var/lib/base.img</path><format type='raw'/></backingStore></volume>");

        assertThat(v.xml()).isEqualTo("""
                <volume type='block'>
                  <name>blk</name>
                  <key>/default-pool/blk</key>
                  <capacity unit='bytes'>1024</capacity>
                  <allocation unit='bytes'>1024</allocation>
                  <target>
                    <path>/default-pool/blk</path>
                    <format type='raw'/>
                  </target>
                  <backingStore>
                    <path>/var/lib/base.img</path>
                    <format type='raw'/>
                  </backingStore>
                </volume>
                """);
        assertThat(v.info().type()).isEqualTo(StorageVolumeType.BLOCK);
    }

    @Test
    void eachPoolTypeTakesItsOwnVolumeFormats() {
        StoragePool dir = conn.lookupStoragePoolByName("default-pool");
        StoragePool disk = conn.createStoragePool("<pool type='disk'><name>dk</name><source>"
                + "<device path='/dev/sdc'/></source><target><path>/dev</path></target></pool>");
        StoragePool lvm = conn.createStoragePool("<pool type='logical'><name>vg1</name><source>"
                + "<device path='/dev/sdb'/></source></pool>");

        assertThat(disk.createVolume(volume("sdc1", null)).xml()).contains("<path>/dev/sdc1</path>",
                "<format type='none'/>");
        assertThat(disk.createVolume(volume("sdc2", "linux")).xml()).contains("<format type='linux'/>");
        assertThat(lvm.createVolume(volume("lv", "qcow2")).xml()).contains("<path>/dev/vg1/lv</path>")
                .doesNotContain("<format");
        assertVirtError(() -> disk.createVolume(volume("sdc3", "raw")), ErrorCode.CONFIG_UNSUPPORTED,
                ErrorDomain.STORAGE, "unsupported configuration: unknown volume format type raw");
        assertVirtError(() -> dir.createVolume(volume("n", "none")), ErrorCode.CONFIG_UNSUPPORTED,
                ErrorDomain.STORAGE, "unsupported configuration: unknown volume format type none");
        assertVirtError(() -> dir.createVolume(volume("l", "linux")), ErrorCode.CONFIG_UNSUPPORTED,
                ErrorDomain.STORAGE, "unsupported configuration: unknown volume format type linux");
        assertThat(dir.listVolumes()).isEmpty();
    }

    /** libvirt's test driver has no volume-name check (its storage driver has): a '/' makes a deeper path. */
    @Test
    void aVolumeNameWithASlashIsTakenAsLibvirtsTestDriverTakesIt() {
        StoragePool p = conn.lookupStoragePoolByName("default-pool");

        StorageVolume v = p.createVolume(volume("x/y", null));

        assertThat(v.path()).isEqualTo("/default-pool/x/y");
        assertThat(p.lookupVolume("x/y").key()).isEqualTo("/default-pool/x/y");
    }

    @Test
    void aVolumeWithoutCapacityIsRefusedForCreateAndClone() {
        StoragePool p = conn.lookupStoragePoolByName("default-pool");
        StorageVolume src = p.createVolume(volume("src", null));

        assertVirtError(() -> p.createVolume("<volume><name>nocap</name></volume>"), ErrorCode.XML_ERROR,
                ErrorDomain.STORAGE, "XML error: missing capacity element");
        assertVirtError(() -> p.createVolumeFrom("<volume><name>nocap</name></volume>", src),
                ErrorCode.XML_ERROR, ErrorDomain.STORAGE, "XML error: missing capacity element");
    }

    @Test
    void aPoolNameWithASlashIsRefused() {
        assertVirtError(() -> conn.defineStoragePool(TestDriverStorageTest.pool("a/b", null, "/x")),
                ErrorCode.XML_ERROR, ErrorDomain.STORAGE, "XML error: name a/b cannot contain '/'");
    }

    private static String volume(String name, String format) {
        return "<volume><name>" + name + "</name><capacity unit='M'>1</capacity>"
                + (format == null ? "" : "<target><format type='" + format + "'/></target>") + "</volume>";
    }
}
