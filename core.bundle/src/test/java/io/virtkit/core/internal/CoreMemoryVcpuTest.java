package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.framework.Constants;

import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;

/**
 * Core's memory and vCPU calls and domxml-from-native: libvirt's public-API checks (read-only, zero, overflow,
 * flag combinations) before the driver, flags as libvirt's bits, NO_SUPPORT where the driver has no entry.
 */
class CoreMemoryVcpuTest {

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final FakeSubDrivers.Hypervisor offering = new FakeSubDrivers.Hypervisor("QEMU", true,
            Set.of("setDomainMemory", "setDomainMaxMemory", "domainMaxMemory", "setDomainVcpus", "domainVcpus",
                    "domainMaxVcpus", "domainXmlFromNative"),
            "qemu");
    private final FakeSubDrivers.Hypervisor bare = new FakeSubDrivers.Hypervisor("LXC", true, Set.of(), "lxc");

    CoreMemoryVcpuTest() {
        factory.addHypervisorDriver(offering, Map.of(Constants.SERVICE_ID, 1L));
        factory.addHypervisorDriver(bare, Map.of(Constants.SERVICE_ID, 2L));
    }

    @Test
    void callsReachTheDriverWithLibvirtsBits() {
        Domain d = factory.open("qemu:///system").lookupDomainByName("vm1");

        d.setMemory(1024, MemoryModFlag.CONFIG, MemoryModFlag.MAXIMUM);
        assertThat(offering.lastFlags).isEqualTo(6);
        d.setVcpus(2, VcpuFlag.LIVE, VcpuFlag.HOTPLUGGABLE);
        assertThat(offering.lastFlags).isEqualTo(17);
        d.vcpusFlags(VcpuFlag.CONFIG, VcpuFlag.MAXIMUM);
        assertThat(offering.lastFlags).isEqualTo(6);
        d.setMaxMemory(2048);
        d.maxMemory();
        d.maxVcpus();
        d.connection().domainXmlFromNative("vmware-vmx", "config.version = \"8\"");
        assertThat(offering.calls).containsSubsequence("setDomainMemory", "setDomainVcpus", "domainVcpus",
                "setDomainMaxMemory", "domainMaxMemory", "domainMaxVcpus", "domainXmlFromNative");
    }

    @Test
    void libvirtsArgumentChecksComeBeforeTheDriver() {
        Domain d = factory.open("qemu:///system").lookupDomainByName("vm1");
        int before = offering.calls.size();

        assertVirtError(() -> d.setMemory(0), ErrorCode.INVALID_ARG,
                "memory in virDomainSetMemoryFlags must not be zero");
        assertVirtError(() -> d.setMaxMemory(0), ErrorCode.INVALID_ARG,
                "memory in virDomainSetMaxMemory must not be zero");
        assertVirtError(() -> d.setMemory(1L << 62), ErrorCode.OVERFLOW,
                "numerical overflow: input too large: 4611686018427387904");
        assertVirtError(() -> d.setMaxMemory(-1), ErrorCode.OVERFLOW,
                "numerical overflow: input too large: 18446744073709551615");
        assertVirtError(() -> d.setVcpus(0), ErrorCode.INVALID_ARG,
                "nvcpus in virDomainSetVcpusFlags must not be zero");
        assertVirtError(() -> d.setVcpus(2, VcpuFlag.MAXIMUM), ErrorCode.INVALID_ARG,
                "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
        assertVirtError(() -> d.setVcpus(2, VcpuFlag.GUEST, VcpuFlag.CONFIG), ErrorCode.INVALID_ARG,
                "Flags 'VIR_DOMAIN_VCPU_GUEST' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        assertVirtError(() -> d.vcpusFlags(VcpuFlag.LIVE, VcpuFlag.CONFIG), ErrorCode.INVALID_ARG,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        assertVirtError(() -> d.connection().domainXmlFromNative(null, "x"), ErrorCode.INVALID_ARG,
                "nativeFormat in virConnectDomainXMLFromNative must not be NULL");
        assertVirtError(() -> d.connection().domainXmlFromNative("vmware-vmx", null), ErrorCode.INVALID_ARG,
                "nativeConfig in virConnectDomainXMLFromNative must not be NULL");
        assertThat(offering.calls.subList(before, offering.calls.size())).isEmpty();
    }

    @Test
    void aReadOnlyConnectionRefusesChangesAndNativeConversionsButReadsCounts() {
        Connection c = factory.open(ConnectRequest.to("qemu:///system").withFlags(ConnectFlag.READ_ONLY));
        Domain d = c.lookupDomainByName("vm1");

        assertVirtError(() -> d.setMemory(0), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainSetMemoryFlags"); // before the zero check
        assertVirtError(() -> d.setMaxMemory(1024), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainSetMaxMemory");
        assertVirtError(() -> d.setVcpus(1), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainSetVcpusFlags");
        assertVirtError(() -> d.vcpusFlags(VcpuFlag.GUEST), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainGetVcpusFlags");
        assertVirtError(() -> c.domainXmlFromNative("vmware-vmx", ""), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virConnectDomainXMLFromNative");
        assertVirtError(() -> c.domainXmlToNative("qemu-argv", "<domain/>"), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virConnectDomainXMLToNative");
        assertThat(offering.calls).containsExactly("lookupDomainByName");

        d.vcpusFlags(VcpuFlag.MAXIMUM);
        d.maxVcpus();
        d.maxMemory();
        assertThat(offering.calls).containsExactly("lookupDomainByName", "domainVcpus", "domainMaxVcpus",
                "domainMaxMemory");
    }

    @Test
    void aDriverWithoutTheEntriesAnswersNoSupportNamingLibvirtsFunction() {
        Connection c = factory.open("lxc:///system");
        Domain d = c.lookupDomainByName("vm1");

        assertVirtError(() -> d.setMemory(1024), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainSetMemoryFlags");
        assertVirtError(() -> d.setMaxMemory(1024), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainSetMaxMemory");
        assertVirtError(() -> d.setVcpus(1), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainSetVcpusFlags");
        assertVirtError(() -> d.vcpusFlags(), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainGetVcpusFlags");
        assertVirtError(d::maxVcpus, ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainGetMaxVcpus");
        assertVirtError(() -> c.domainXmlFromNative("vmware-vmx", ""), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virConnectDomainXMLFromNative");
    }

    @Test
    void closedConnectionsAreInvalidForEveryCall() {
        Connection c = factory.open("qemu:///system");
        Domain d = c.lookupDomainByName("vm1");
        c.close();

        assertVirtError(() -> d.setMemory(1024), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainSetMemoryFlags");
        assertVirtError(d::maxMemory, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainGetMaxMemory");
        assertVirtError(d::maxVcpus, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainGetMaxVcpus");
        assertVirtError(() -> d.vcpusFlags(), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainGetVcpusFlags");
        assertVirtError(() -> c.domainXmlFromNative("vmware-vmx", ""), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virConnectDomainXMLFromNative");
    }

    private static void assertVirtError(Executable call, ErrorCode code, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isIn(ErrorDomain.NONE, ErrorDomain.DOMAIN);
        }).hasMessage(message);
    }
}
