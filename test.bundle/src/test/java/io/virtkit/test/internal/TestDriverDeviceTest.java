package io.virtkit.test.internal;

import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static io.virtkit.test.internal.Xml.domain;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.XmlFlag;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device definitions on the test driver: interface attach/detach changes only definitions; every device is kept. */
class TestDriverDeviceTest {

    private static final String NIC = "<interface type='network'><mac address='52:54:00:12:34:56'/>"
            + "<source network='default'/><model type='virtio'/></interface>";
    private static final String MAC_ONLY = "<interface type='network'><mac address='52:54:00:12:34:56'/>"
            + "<source network='default'/></interface>";

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
    void liveAttachChangesOnlyTheRunningDefinitionAndDetachRemovesIt() {
        Domain test = conn.lookupDomainByName("test");
        test.attachDevice(NIC);
        assertThat(test.xml()).contains("52:54:00:12:34:56").contains("<model type='virtio'/>");
        assertThat(test.xml(XmlFlag.INACTIVE)).doesNotContain("52:54:00:12:34:56");
        test.detachDevice(MAC_ONLY, DeviceModifyFlag.LIVE);
        assertThat(test.xml()).doesNotContain("52:54:00:12:34:56");
        test.destroy();
        assertThat(test.xml()).doesNotContain("52:54:00:12:34:56");
    }

    @Test
    void configAttachOnARunningDomainTakesEffectAtTheNextStart() {
        Domain test = conn.lookupDomainByName("test");
        test.attachDevice(NIC, DeviceModifyFlag.CONFIG);
        assertThat(test.xml()).doesNotContain("52:54:00:12:34:56");
        assertThat(test.xml(XmlFlag.INACTIVE)).contains("52:54:00:12:34:56");
        test.destroy();
        assertThat(test.xml()).contains("52:54:00:12:34:56");
        test.detachDevice(MAC_ONLY); // CURRENT on an inactive domain: config
        assertThat(test.xml()).doesNotContain("52:54:00:12:34:56");
    }

    @Test
    void liveAndConfigTogether() {
        Domain test = conn.lookupDomainByName("test");
        test.attachDevice(NIC, DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG);
        assertThat(test.xml()).contains("52:54:00:12:34:56");
        assertThat(test.xml(XmlFlag.INACTIVE)).contains("52:54:00:12:34:56");
    }

    @Test
    void flagsAreCheckedAgainstTheDomainsState() {
        Domain test = conn.lookupDomainByName("test");
        test.destroy();
        assertVirtError(() -> test.attachDevice(NIC, DeviceModifyFlag.LIVE), ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, "Requested operation is not valid: domain is not running");
        Domain transientDom = conn.createDomain(domain("tr", "11111111-2222-3333-4444-555555555555"));
        assertVirtError(() -> transientDom.attachDevice(NIC, DeviceModifyFlag.CONFIG), ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, "Requested operation is not valid: cannot change persistent config of a transient domain");
        assertThat(transientDom.xml()).doesNotContain("52:54:00:12:34:56");
    }

    @Test
    void errorsLeaveTheDefinitionsAlone() {
        Domain test = conn.lookupDomainByName("test");
        String before = test.xml();
        assertVirtError(() -> test.detachDevice(MAC_ONLY), ErrorCode.OPERATION_FAILED, ErrorDomain.TEST,
                "operation failed: no device matching MAC address 52:54:00:12:34:56 found");
        test.attachDevice(NIC);
        assertVirtError(() -> test.attachDevice(NIC, DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG),
                ErrorCode.OPERATION_FAILED, ErrorDomain.TEST,
                "operation failed: target already exists: MAC address 52:54:00:12:34:56");
        assertThat(test.xml(XmlFlag.INACTIVE)).doesNotContain("52:54:00:12:34:56");
        assertVirtError(() -> test.attachDevice("<sound model='ich9'/>"), ErrorCode.OPERATION_UNSUPPORTED,
                ErrorDomain.TEST, "Operation not supported: live attach of device 'sound' is not supported");
        assertVirtError(() -> test.attachDevice("<interface type='network'/>"), ErrorCode.XML_ERROR,
                ErrorDomain.DOMAIN, "XML error: interface type='network' requires a 'source' element");
        test.detachDevice(MAC_ONLY);
        assertThat(test.xml()).isEqualTo(before);
    }

    private static final String DISK = "<disk type='file' device='disk'><source file='/var/lib/images/b.img'/>"
            + "<target dev='vdb' bus='virtio'/></disk>";
    private static final String CDROM = "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/>"
            + "</disk>";

    @Test
    void disksAreAttachedAndDetachedByTargetLiveAndConfig() {
        Domain test = conn.lookupDomainByName("test");
        test.attachDevice(DISK);
        assertThat(test.xml()).contains("<source file='/var/lib/images/b.img'/>", "<target dev='vdb' bus='virtio'/>");
        assertThat(test.xml(XmlFlag.INACTIVE)).doesNotContain("vdb");
        assertVirtError(() -> test.attachDevice(DISK), ErrorCode.OPERATION_FAILED, ErrorDomain.TEST,
                "operation failed: target vdb already exists");
        test.attachDevice(DISK, DeviceModifyFlag.CONFIG);
        assertThat(test.xml(XmlFlag.INACTIVE)).contains("<target dev='vdb' bus='virtio'/>");
        test.detachDevice("<disk type='file' device='disk'><source file='/elsewhere.img'/><target dev='vdb'/></disk>",
                DeviceModifyFlag.LIVE,
                DeviceModifyFlag.CONFIG);
        assertThat(test.xml()).doesNotContain("vdb");
        assertThat(test.xml(XmlFlag.INACTIVE)).doesNotContain("vdb");
        assertVirtError(() -> test.detachDevice(DISK), ErrorCode.DEVICE_MISSING, ErrorDomain.TEST,
                "device not found: disk vdb not found");
    }

    @Test
    void updateChangesOnlyARemovableDrivesMedium() {
        Domain test = conn.lookupDomainByName("test");
        test.attachDevice(CDROM, DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG);
        test.updateDevice("<disk type='file' device='cdrom'><source file='/iso/a.iso'/><target dev='hdc' bus='ide'/>"
                + "<readonly/></disk>");
        assertThat(test.xml()).contains("<source file='/iso/a.iso'/>");
        assertThat(test.xml(XmlFlag.INACTIVE)).doesNotContain("a.iso");
        test.updateDevice(CDROM, DeviceModifyFlag.LIVE);
        assertThat(test.xml()).doesNotContain("a.iso").contains("<target dev='hdc' bus='ide'/>");
        assertVirtError(() -> test.updateDevice("<disk type='file' device='disk'><source file='/x.img'/>"
                + "<target dev='vda' bus='virtio'/></disk>"), ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "Operation not supported: disk source can be changed only in removable drives");
        assertVirtError(() -> test.updateDevice("<disk type='file' device='disk'><source file='/x.img'/>"
                + "<target dev='hdc'/></disk>"),
                ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "Operation not supported: cannot modify field 'device' of the disk");
        assertVirtError(() -> test.updateDevice("<disk type='file' device='cdrom'><target dev='hdz'/></disk>"),
                ErrorCode.INVALID_ARG, ErrorDomain.TEST, "invalid argument: target hdz doesn't exist.");
        assertVirtError(() -> test.updateDevice(NIC), ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "Operation not supported: only disks can be updated by the test driver");
    }

    /** Disks of network storage, controller settings, host devices and USB redirection (schema-valid). */
    private static final String DEVICES = """
            <disk type='network' device='disk'>
              <driver name='qemu' type='raw' cache='none' io='native' discard='unmap'/>
              <source protocol='rbd' name='pool/image'>
                <host name='mon1.example.org' port='6789'/>
                <auth username='admin'>
                  <secret type='ceph' usage='client.admin secret'/>
                </auth>
              </source>
              <target dev='vda' bus='virtio'/>
              <serial>RBD-1</serial>
              <boot order='1'/>
            </disk>
            <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
            <hostdev mode='subsystem' type='pci' managed='yes'>
              <source>
                <address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/>
              </source>
            </hostdev>
            <redirdev bus='usb' type='spicevmc'/>
            <hub type='usb'/>""";

    /** The driver takes them as the schema does, runs them, gives them back, and a NIC attach keeps them. */
    @Test
    void storageAndUsbDevicesRunAndReadBack() {
        Domain d = conn.defineDomain("<domain type='test'><name>st</name><memory>1024</memory>"
                + "<os><type>hvm</type></os><devices>" + DEVICES + "</devices></domain>");
        d.start();
        for (String xml : new String[] {d.xml(), d.xml(XmlFlag.INACTIVE)}) {
            assertThat(xml).contains("<source protocol='rbd' name='pool/image'>",
                    "<driver name='qemu' type='raw' cache='none' io='native' discard='unmap'/>",
                    "<secret type='ceph' usage='client.admin secret'/>", "<boot order='1'/>",
                    "<controller type='usb' index='0' model='qemu-xhci' ports='15'/>",
                    "<hostdev mode='subsystem' type='pci' managed='yes'>", "<redirdev bus='usb' type='spicevmc'",
                    "<hub type='usb'");
        }
        d.attachDevice("<interface type='network'><mac address='52:54:00:12:34:57'/>"
                + "<source network='default'/></interface>");
        assertThat(d.xml()).contains("52:54:00:12:34:57", "<hostdev mode='subsystem' type='pci' managed='yes'>",
                "<controller type='usb' index='0' model='qemu-xhci' ports='15'/>", "<hub type='usb'");
    }
}
