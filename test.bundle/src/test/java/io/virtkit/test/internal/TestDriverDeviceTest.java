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

/** Interface attach/detach on the test driver: only definitions change. */
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
        assertVirtError(() -> test.attachDevice("<disk type='file' device='disk'/>"), ErrorCode.OPERATION_UNSUPPORTED,
                ErrorDomain.TEST, "Operation not supported: live attach of device 'disk' is not supported");
        assertVirtError(() -> test.attachDevice("<interface type='network'/>"), ErrorCode.XML_ERROR,
                ErrorDomain.DOMAIN, "XML error: interface type='network' requires a 'source' element");
        test.detachDevice(MAC_ONLY);
        assertThat(test.xml()).isEqualTo(before);
    }
}
