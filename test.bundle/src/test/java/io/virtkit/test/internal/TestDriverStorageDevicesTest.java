package io.virtkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.XmlFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test driver takes what libvirt's schema takes of disks, controllers, host devices and USB redirection,
 * runs it, and gives it back; attaching a NIC keeps every other device.
 */
class TestDriverStorageDevicesTest {

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
