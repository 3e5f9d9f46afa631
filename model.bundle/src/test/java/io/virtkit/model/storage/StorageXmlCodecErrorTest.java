package io.virtkit.model.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.file.Files;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad pool and volume XML fails with libvirt's code and message, checked against what {@code virsh -c
 * test:///default pool-define} and {@code vol-create} print for the same XML (libvirt's own parser), and what
 * the model cannot keep is refused.
 */
class StorageXmlCodecErrorTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void virsh() {
        TestDriverVirsh.require();
    }

    /** What libvirt's test driver prints for {@code command FILE} with {@code xml} in FILE. */
    private String libvirtSays(String command, String xml) throws Exception {
        Path file = Files.createTempFile(dir, "bad", ".xml");
        Files.writeString(file, xml);
        return TestDriverVirsh.run(command.replace("FILE", file.toString()));
    }

    private static final String T = "<target><path>/a</path></target>";
    private static final String IQN = "<host name='h'/><device path='iqn.2013-06.com.example:t'/>";

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        <pool><name>a</name>$T</pool>|XML_ERROR|Missing required attribute 'type' in element 'pool'
        <pool type='foo'><name>a</name></pool>|XML_ERROR|Invalid value for attribute 'type' in element 'pool': 'foo'.
        <pool type='dir'>$T</pool>|XML_ERROR|missing pool source name element
        <pool type='dir'><name>a/b</name>$T</pool>|XML_ERROR|name a/b cannot contain '/'
        <pool type='dir'><name>a</name><uuid>zz</uuid>$T</pool>|XML_ERROR|malformed uuid element
        <pool type='dir'><name>a</name></pool>|XML_ERROR|missing storage pool target path
        <pool type='netfs'><name>a</name><features><cow state='no'/></features><source><host name='h'/><dir path='/x'/></source>$T</pool>|NO_SUPPORT|cow feature may only be used for 'fs' and 'dir' pools
        <pool type='dir'><name>a</name><features><cow state='maybe'/></features>$T</pool>|XML_ERROR|Invalid value for attribute 'state' in element 'cow': 'maybe'.
        <pool type='netfs'><name>a</name><source><dir path='/x'/></source>$T</pool>|XML_ERROR|missing storage pool source host name
        <pool type='netfs'><name>a</name><source><host name='h'/></source>$T</pool>|XML_ERROR|missing storage pool source path
        <pool type='netfs'><name>a</name><source><host/><dir path='/x'/></source>$T</pool>|XML_ERROR|missing storage pool host name
        <pool type='netfs'><name>a</name><source><host name='h' port='x'/><dir path='/x'/></source>$T</pool>|XML_ERROR|Invalid value for attribute 'port' in element 'host': 'x'. Expected integer value
        <pool type='fs'><name>a</name><source/>$T</pool>|XML_ERROR|missing storage pool source device name
        <pool type='fs'><name>a</name><source><device/></source>$T</pool>|XML_ERROR|missing storage pool source device path
        <pool type='disk'><name>a</name><source><device path='/dev/x' part_separator='maybe'/></source>$T</pool>|XML_ERROR|Invalid value for attribute 'part_separator' in element 'device': 'maybe'.
        <pool type='fs'><name>a</name><source><device path='/dev/x'/><format type='ntfs'/></source>$T</pool>|CONFIG_UNSUPPORTED|unknown pool format type ntfs
        <pool type='netfs'><name>a</name><source><host name='h'/><dir path='x'/><format type='cifs'/><protocol ver='3'/></source>$T</pool>|CONFIG_UNSUPPORTED|storage pool protocol ver unsupported for pool type 'cifs'
        <pool type='rbd'><name>a</name><source><host name='h'/></source></pool>|XML_ERROR|element 'name' is mandatory for RBD pool
        <pool type='iscsi'><name>a</name><source>$IQN<auth username='u'><secret usage='x'/></auth></source>$T</pool>|CONFIG_UNSUPPORTED|storage pool missing auth type
        <pool type='iscsi'><name>a</name><source>$IQN<auth type='x' username='u'><secret usage='x'/></auth></source>$T</pool>|CONFIG_UNSUPPORTED|unknown auth type 'x'
        <pool type='iscsi'><name>a</name><source>$IQN<auth type='chap'><secret usage='x'/></auth></source>$T</pool>|XML_ERROR|missing username for auth
        <pool type='iscsi'><name>a</name><source>$IQN<auth type='chap' username='u'/></source>$T</pool>|XML_ERROR|Missing <secret> element in auth
        <pool type='iscsi'><name>a</name><source>$IQN<auth type='chap' username='u'><secret/></auth></source>$T</pool>|XML_ERROR|missing secret uuid or usage attribute
        <pool type='iscsi'><name>a</name><source>$IQN<auth type='chap' username='u'><secret uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87' usage='x'/></auth></source>$T</pool>|XML_ERROR|either secret uuid or usage expected
        <pool type='iscsi'><name>a</name><source>$IQN<auth type='chap' username='u'><secret uuid='zz'/></auth></source>$T</pool>|XML_ERROR|invalid secret uuid 'zz'
        <pool type='iscsi-direct'><name>a</name><source>$IQN</source></pool>|CONFIG_UNSUPPORTED|missing initiator IQN
        <pool type='scsi'><name>a</name><source/>$T</pool>|XML_ERROR|missing storage pool source adapter
        <pool type='scsi'><name>a</name><source><adapter type='x' name='h'/></source>$T</pool>|XML_ERROR|Invalid value for attribute 'type' in element 'adapter': 'x'.
        <pool type='scsi'><name>a</name><source><adapter type='fc_host' wwpn='10000000c9831b4c'/></source>$T</pool>|XML_ERROR|'wwnn' and 'wwpn' must be specified for adapter type 'fchost'
        <pool type='scsi'><name>a</name><source><adapter type='fc_host' wwnn='zz' wwpn='10000000c9831b4c'/></source>$T</pool>|INTERNAL_ERROR|Malformed wwn: zz
        <pool type='scsi'><name>a</name><source><adapter type='fc_host' managed='x' wwnn='20000000c9831b4c' wwpn='10000000c9831b4c'/></source>$T</pool>|XML_ERROR|Invalid value for attribute 'managed' in element 'adapter': 'x'.
        <pool type='scsi'><name>a</name><source><adapter wwnn='20000000c9831b4c' wwpn='10000000c9831b4c'/></source>$T</pool>|XML_ERROR|Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'
        <pool type='scsi'><name>a</name><source><adapter type='scsi_host'/></source>$T</pool>|XML_ERROR|Either 'name' or 'parent' must be specified for the 'scsi_host' adapter
        <pool type='scsi'><name>a</name><source><adapter type='scsi_host' name='host0'><parentaddr unique_id='1'><address domain='0' bus='0' slot='1' function='0'/></parentaddr></adapter></source>$T</pool>|XML_ERROR|Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter
        <pool type='scsi'><name>a</name><source><adapter type='scsi_host'><parentaddr><address domain='0' bus='0' slot='1' function='0'/></parentaddr></adapter></source>$T</pool>|XML_ERROR|Missing or invalid scsi adapter 'unique_id' value
        <pool type='scsi'><name>a</name><source><adapter type='scsi_host'><parentaddr unique_id='1'><address domain='0' bus='0' slot='99' function='0'/></parentaddr></adapter></source>$T</pool>|XML_ERROR|Invalid PCI address slot='0x63', must be <= 0x1F
        <pool type='scsi'><name>a</name><source><adapter type='scsi_host'><parentaddr unique_id='1'><address domain='0' bus='x' slot='1' function='0'/></parentaddr></adapter></source>$T</pool>|XML_ERROR|Invalid value for attribute 'bus' in element 'address': 'x'. Expected non-negative integer value
        <pool type='dir'><name>a</name><target><path>/a</path><permissions><mode>9</mode></permissions></target></pool>|XML_ERROR|malformed octal mode
        <pool type='dir'><name>a</name><target><path>/a</path><permissions><owner>x</owner></permissions></target></pool>|XML_ERROR|malformed owner element
        <pool type='dir'><name>a</name><target><path>/a</path><permissions><group>-2</group></permissions></target></pool>|XML_ERROR|malformed group element
        <pool type='rbd'><name>a</name><source><name>r</name><host name='h'/></source><refresh><volume allocation='x'/></refresh></pool>|CONFIG_UNSUPPORTED|unknown storage pool volume refresh allocation type x
        <pol type='dir'/>|XML_ERROR|expecting root element of 'pool', not 'pol'
        """)
    void poolErrorsAreLibvirts(String xml, ErrorCode code, String message) throws Exception {
        String doc = xml.replace("$T", T).replace("$IQN", IQN);
        assertThat(libvirtSays("pool-define FILE", doc)).contains("error: " + code.message(message) + "\n");
        assertFails(() -> StoragePoolXmlCodec.parse(doc), code, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        <volume><capacity>1</capacity></volume>|XML_ERROR|missing volume name element
        <volume><name>a</name></volume>|XML_ERROR|missing capacity element
        <volume><name>a</name><capacity>x</capacity></volume>|XML_ERROR|malformed capacity element
        <volume><name>a</name><capacity>-1</capacity></volume>|XML_ERROR|malformed capacity element
        <volume><name>a</name><capacity unit='Q'>1</capacity></volume>|INVALID_ARG|unknown suffix 'Q'
        <volume><name>a</name><capacity unit='EiB'>9</capacity></volume>|OVERFLOW|value too large: 9EiB
        <volume><name>a</name><capacity>1</capacity><allocation>y</allocation></volume>|XML_ERROR|malformed capacity element
        <volume type='foo'><name>a</name><capacity>1</capacity></volume>|CONFIG_UNSUPPORTED|unknown volume type 'foo'
        <volume><name>a</name><capacity>1</capacity><target><format type='ntfs'/></target></volume>|CONFIG_UNSUPPORTED|unknown volume format type ntfs
        <volume><name>a</name><capacity>1</capacity><target><format type='ext4'/></target></volume>|CONFIG_UNSUPPORTED|unknown volume format type ext4
        <volume><name>a</name><capacity>1</capacity><target><format type='luks'/></target></volume>|CONFIG_UNSUPPORTED|unknown volume format type luks
        <volume><name>a</name><capacity>1</capacity><backingStore><path>/b</path><format type='zz'/></backingStore></volume>|CONFIG_UNSUPPORTED|unknown volume format type zz
        <volume><name>a</name><capacity>1</capacity><target><compat>1.x</compat></target></volume>|XML_ERROR|forbidden characters in 'compat' attribute
        <volume><name>a</name><capacity>1</capacity><target><clusterSize>z</clusterSize></target></volume>|XML_ERROR|Invalid value 'z' for element or attribute './target/clusterSize'
        <volume><name>a</name><capacity>1</capacity><target><features><foo/></features></target></volume>|CONFIG_UNSUPPORTED|unsupported feature foo
        <volume><name>a</name><capacity>1</capacity><target><encryption format='x'/></target></volume>|CONFIG_UNSUPPORTED|unknown volume encryption format type x
        <volume><name>a</name><capacity>1</capacity><target><encryption format='luks'><secret type='passphrase'/></encryption></target></volume>|XML_ERROR|missing secret uuid or usage attribute
        <volume><name>a</name><capacity>1</capacity><target><encryption format='luks'><secret type='x' usage='u'/></encryption></target></volume>|CONFIG_UNSUPPORTED|unknown volume encryption secret type x
        <volume><name>a</name><capacity>1</capacity><target><encryption format='luks' engine='x'/></target></volume>|XML_ERROR|Invalid value for attribute 'engine' in element 'encryption': 'x'.
        <volume><name>a</name><capacity>1</capacity><target><encryption format='luks'><cipher name='aes' size='x'/></encryption></target></volume>|XML_ERROR|Invalid value for attribute 'size' in element 'cipher': 'x'. Expected non-negative integer value
        <volume><name>a</name><capacity>1</capacity><target><permissions><mode>1777</mode></permissions></target></volume>|XML_ERROR|malformed octal mode
        <vol/>|XML_ERROR|expecting root element of 'volume', not 'vol'
        """)
    void volumeErrorsAreLibvirts(String xml, ErrorCode code, String message) throws Exception {
        assertThat(libvirtSays("vol-create default-pool FILE", xml)).contains("error: " + code.message(message) + "\n");
        assertFails(() -> StorageVolumeXmlCodec.parse(xml), code, message);
    }

    @Test
    void notWellFormedXmlIsAnXmlDetailWithTheLine() {
        assertThatThrownBy(() -> StoragePoolXmlCodec.parse("<pool type='dir'>\n<name>a</pool>"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL);
                    assertThat(e.getMessage()).startsWith("(storage_pool_definition):2: ");
                });
        assertThatThrownBy(() -> StorageVolumeXmlCodec.parse("<volume>"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.getMessage())
                        .startsWith("(storage_volume_definition):1: "));
    }

    @Test
    void aDtdIsRefusedSoNoEntityIsExpanded() {
        String xml = "<!DOCTYPE pool [<!ENTITY x 'y'>]><pool type='dir'><name>&x;</name>" + T + "</pool>";
        assertThatThrownBy(() -> StoragePoolXmlCodec.parse(xml)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL));
        String external = "<!DOCTYPE volume SYSTEM 'file:///etc/passwd'><volume><name>a</name></volume>";
        assertThatThrownBy(() -> StorageVolumeXmlCodec.parse(external)).isInstanceOf(VirtException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        <pool type='dir'><name>a</name><bogus/>$T</pool>|element 'pool/bogus' is not supported
        <pool type='dir' extra='1'><name>a</name>$T</pool>|attribute 'extra' of element 'pool' is not supported
        <pool type='dir'><name>a</name><source><host name='h'/></source>$T</pool>|element 'pool/source/host' is not supported in a pool of type 'dir'
        <pool type='rbd'><name>a</name><source><name>r</name><host name='h'/></source>$T</pool>|element 'pool/target' is not supported in a pool of type 'rbd'
        <pool type='scsi'><name>a</name><source><adapter type='scsi_host'><parentaddr unique_id='1'><address domain='0' bus='0' slot='1' function='0' multifunction='on'/></parentaddr></adapter></source>$T</pool>|attribute 'multifunction' of element 'pool/source/adapter/parentaddr/address' is not supported
        <pool type='scsi'><name>a</name><source><adapter type='fc_host' name='n' wwnn='20000000c9831b4c' wwpn='10000000c9831b4c'/></source>$T</pool>|'name' of element 'pool/source/adapter' is not supported for this adapter type
        <pool type='dir' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'><name>a</name>$T<fs:mount_opts><fs:option name='x'/></fs:mount_opts></pool>|mount options are only supported in pools of type 'fs' and 'netfs', not 'dir'
        """)
    void whatTheModelCannotKeepIsRefused(String xml, String message) {
        String doc = xml.replace("$T", T);
        assertFails(() -> StoragePoolXmlCodec.parse(doc), ErrorCode.CONFIG_UNSUPPORTED, message);
    }

    @Test
    void aCipherOutsideLuksIsRefusedAsLibvirtWouldDropIt() {
        assertFails(() -> StorageVolumeXmlCodec.parse("<volume><name>a</name><capacity>1</capacity><target>"
                + "<encryption format='qcow'><cipher name='aes' size='256'/></encryption></target></volume>"),
                ErrorCode.CONFIG_UNSUPPORTED, "element 'volume/target/encryption/cipher' is supported for encryption"
                + " format 'luks' only, not 'qcow'");
    }

    @Test
    void anUnknownVolumeElementIsRefused() {
        assertFails(() -> StorageVolumeXmlCodec.parse(
                "<volume><name>a</name><capacity>1</capacity><target><bogus/></target></volume>"),
                ErrorCode.CONFIG_UNSUPPORTED, "element 'volume/target/bogus' is not supported");
    }

    private static void assertFails(ThrowingCallable parse, ErrorCode code, String message) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(ErrorDomain.STORAGE);
            assertThat(e.getMessage()).isEqualTo(code.message(message));
        });
    }
}
