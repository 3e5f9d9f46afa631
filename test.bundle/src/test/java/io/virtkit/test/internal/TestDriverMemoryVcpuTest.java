package io.virtkit.test.internal;

import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.XmlFlag;

/**
 * setmem, setmaxmem, setvcpus, vcpucount and maxvcpus on the test driver; the expected answers are those of
 * libvirt 9.0's own test driver ({@code test:///default}, through python3-libvirt) for the same calls.
 */
class TestDriverMemoryVcpuTest {

    private TestDriver driver;
    private Connection conn;
    private Domain test;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
        test = conn.lookupDomainByName("test");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void theDefaultDomainReportsLibvirtsSizes() {
        assertThat(test.maxMemory()).isEqualTo(8388608);
        assertThat(test.info().memoryKiB()).isEqualTo(2097152);
        assertThat(test.maxVcpus()).isEqualTo(2);
        assertThat(counts(test)).containsExactly(2, 2, 2, 2, 2, 2);
    }

    @Test
    void liveMemoryChangesTheBalloonOnlyWhileMaximumIsRefusedOnARunningDomain() {
        test.setMemory(1000);
        test.setMemory(2000, MemoryModFlag.CONFIG);
        assertThat(test.info().memoryKiB()).isEqualTo(1000);
        assertThat(test.xml()).contains("<currentMemory unit='KiB'>1000</currentMemory>");
        assertThat(test.xml(XmlFlag.INACTIVE)).contains("<currentMemory unit='KiB'>2000</currentMemory>");

        assertVirtError(() -> test.setMemory(100000000), ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: cannot set memory higher than max memory");
        assertVirtError(() -> test.setMemory(100000000, MemoryModFlag.MAXIMUM), ErrorCode.OPERATION_INVALID,
                ErrorDomain.TEST, "Requested operation is not valid: cannot resize the maximum memory on an active domain");
        assertVirtError(() -> test.setMaxMemory(100000), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot resize the maximum memory on an active domain");
        assertVirtError(() -> test.setMemory(1000, MemoryModFlag.LIVE, MemoryModFlag.CONFIG), ErrorCode.INVALID_ARG,
                ErrorDomain.DOMAIN, "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");

        test.setMemory(100000000, MemoryModFlag.CONFIG, MemoryModFlag.MAXIMUM);
        assertThat(test.maxMemory()).isEqualTo(8388608); // the live maximum
        assertThat(test.xml(XmlFlag.INACTIVE)).contains("<memory unit='KiB'>100000000</memory>");
        test.destroy();
        assertThat(test.maxMemory()).isEqualTo(100000000);
        assertThat(test.info().memoryKiB()).isEqualTo(2000);
    }

    @Test
    void anInactiveDomainTakesMaximumMemoryAndCutsItsBalloonToIt() {
        test.destroy();
        assertVirtError(() -> test.setMemory(3000, MemoryModFlag.LIVE), ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, "Requested operation is not valid: domain is not running");

        test.setMaxMemory(100);
        assertThat(test.maxMemory()).isEqualTo(100);
        assertThat(test.info().memoryKiB()).isEqualTo(100);
        assertVirtError(() -> test.setMemory(3000), ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: cannot set memory higher than max memory");
        test.setMemory(50000, MemoryModFlag.MAXIMUM);
        test.setMemory(3000);
        assertThat(test.info().maxMemoryKiB()).isEqualTo(50000);
        assertThat(test.info().memoryKiB()).isEqualTo(3000);
    }

    @Test
    void maximumMemoryStaysWithinMaxMemoryForHotplug() {
        Domain mm = conn.defineDomain("<domain type='test'><name>mm</name><maxMemory slots='4'>200000</maxMemory>"
                + "<memory>100000</memory><currentMemory>50000</currentMemory><vcpu>3</vcpu>"
                + "<os><type>hvm</type></os></domain>");
        assertVirtError(() -> mm.setMaxMemory(300000), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot set initial memory size greater than the maximum memory size");
        mm.setMaxMemory(10000);
        assertThat(mm.xml()).contains("<memory unit='KiB'>10000</memory>")
                .contains("<currentMemory unit='KiB'>10000</currentMemory>");
    }

    @Test
    void vcpusChangeWithinTheMaximumOfEachDefinition() {
        assertVirtError(() -> test.setVcpus(3, VcpuFlag.LIVE), ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: requested cpu amount exceeds maximum (3 > 2)");
        assertVirtError(() -> test.setVcpus(3, VcpuFlag.CONFIG), ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: requested cpu amount exceeds maximum (3 > 2)");
        assertVirtError(() -> test.setVcpus(3, VcpuFlag.LIVE, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM),
                ErrorCode.INVALID_ARG, ErrorDomain.TEST, "invalid argument: requested cpu amount exceeds maximum (3 > 2)");
        assertVirtError(() -> test.setVcpus(100, VcpuFlag.LIVE), ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: requested cpu amount exceeds maximum supported amount (100 > 32)");
        assertVirtError(() -> test.setVcpus(2, VcpuFlag.HOTPLUGGABLE), ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid argument: unsupported flags (0x10) in function virDomainSetVcpusFlags");
        assertVirtError(() -> test.vcpusFlags(VcpuFlag.GUEST), ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid argument: unsupported flags (0x8) in function virDomainGetVcpusFlags");
        assertThat(counts(test)).containsExactly(2, 2, 2, 2, 2, 2); // nothing changed

        test.setVcpus(3, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM);
        test.setVcpus(1, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM);
        assertThat(counts(test)).containsExactly(2, 2, 1, 2, 2, 1);
        test.setVcpus(1, VcpuFlag.LIVE);
        assertThat(counts(test)).containsExactly(1, 1, 1, 2, 2, 1);
        assertThat(test.xml()).contains("<vcpu placement='static' current='1'>2</vcpu>");
        assertThat(test.xml(XmlFlag.INACTIVE)).contains("<vcpu placement='static'>1</vcpu>");
        assertThat(test.info().vcpus()).isEqualTo(1); // virsh dominfo's CPU(s): the enabled ones
        assertThat(test.stats().fields()).containsEntry("vcpu.current", 1).containsEntry("vcpu.maximum", 2);

        test.destroy();
        assertVirtError(() -> test.vcpusFlags(VcpuFlag.LIVE), ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        assertVirtError(test::maxVcpus, ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        assertThat(test.vcpusFlags()).isEqualTo(1);
    }

    @Test
    void aTransientDomainHasNoConfigToChange() {
        Domain tr = conn.createDomain("<domain type='test'><name>tr</name><memory>100000</memory>"
                + "<vcpu current='1'>3</vcpu><os><type>hvm</type></os></domain>");
        String noConfig = "Requested operation is not valid: transient domains do not have any persistent config";
        assertVirtError(() -> tr.setMemory(1000, MemoryModFlag.CONFIG), ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, noConfig);
        assertVirtError(() -> tr.setVcpus(1, VcpuFlag.CONFIG), ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                noConfig);
        assertVirtError(() -> tr.vcpusFlags(VcpuFlag.CONFIG), ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                noConfig);
        assertThat(tr.maxVcpus()).isEqualTo(3);
        tr.setVcpus(3);
        assertThat(tr.vcpusFlags()).isEqualTo(3);
        assertThat(tr.xml()).contains("<vcpu placement='static'>3</vcpu>");
    }

    @Test
    void aVcpusListFollowsTheCountsAsLibvirtsDoes() {
        Domain pp = conn.defineDomain("<domain type='test'><name>pp</name><memory>100000</memory>"
                + "<vcpu current='1'>3</vcpu><vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>"
                + "<vcpu id='1' enabled='no' hotpluggable='yes'/><vcpu id='2' enabled='no' hotpluggable='yes'/>"
                + "</vcpus><os><type>hvm</type></os></domain>");
        pp.setVcpus(2);
        assertThat(pp.xml()).contains("<vcpu placement='static' current='2'>3</vcpu>")
                .contains("<vcpu id='1' enabled='yes' hotpluggable='yes'/>")
                .contains("<vcpu id='2' enabled='no' hotpluggable='yes'/>");
        pp.setVcpus(4, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM);
        assertThat(pp.xml()).contains("<vcpu placement='static' current='2'>4</vcpu>")
                .contains("<vcpu id='3' enabled='no'/>");
        pp.setVcpus(1, VcpuFlag.CONFIG, VcpuFlag.MAXIMUM);
        assertThat(pp.xml()).contains("<vcpu placement='static'>1</vcpu>")
                .contains("<vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>")
                .doesNotContain("<vcpu id='1'");
    }

    @Test
    void domxmlFromNativeIsNotSupported() {
        assertVirtError(() -> conn.domainXmlFromNative("foo", "bar"), ErrorCode.NO_SUPPORT, ErrorDomain.NONE,
                "this function is not supported by the connection driver: virConnectDomainXMLFromNative");
    }

    /** current, live, config; maximum current, live, config: virsh vcpucount's six numbers. */
    private static java.util.List<Integer> counts(Domain d) {
        return java.util.List.of(d.vcpusFlags(), d.vcpusFlags(VcpuFlag.LIVE), d.vcpusFlags(VcpuFlag.CONFIG),
                d.vcpusFlags(VcpuFlag.MAXIMUM), d.vcpusFlags(VcpuFlag.LIVE, VcpuFlag.MAXIMUM),
                d.vcpusFlags(VcpuFlag.CONFIG, VcpuFlag.MAXIMUM));
    }
}
