package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.driver.DomainRef;

/**
 * Simulator test: Virtkit's ESX memory, vCPU and native-format entries against libvirt 9.0's esx driver (Debian's
 * virsh) on a simulator of the test's own: a change made by one is what the other reads, refusals have libvirt's
 * codes and wording, domxml-from-native and -to-native give libvirt's text.
 */
class EsxResourcesSimulatorTest extends OwnSimulatorTest {

    private static final String VM = "ha-host_VM1";

    private static String dominfo(String field) throws Exception {
        return virsh("dominfo", VM).lines().filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow()
                .substring(field.length() + 1).strip();
    }

    @Test
    void memoryAndVcpusChangedByEitherAreReadByTheOther() throws Exception {
        DomainRef vm = conn.lookupDomainByName(VM);
        // the current memory is the VM's limit, in whole MiB
        conn.setDomainMemory(vm, 20000, MemoryModFlag.LIVE.bit());
        assertThat(dominfo("Used memory")).isEqualTo("20480 KiB");
        virsh("setmem", VM, "30000", "--current");
        assertThat(conn.domainInfo(vm).memoryKiB()).isEqualTo(30720);
        assertThat(virshError("setmem", VM, "30000", "--config")).isEqualTo("error: " + message(
                () -> conn.setDomainMemory(vm, 30000, MemoryModFlag.CONFIG.bit()), ErrorCode.INVALID_ARG))
                .isEqualTo("error: unsupported flags (0x2) in function esxDomainSetMemoryFlags");
        // virsh 9.0's setmaxmem passes MAXIMUM to virDomainSetMemoryFlags, which the esx driver refuses
        assertThat(virshError("setmaxmem", VM, "65536")).isEqualTo("error: " + message(
                () -> conn.setDomainMemory(vm, 65536, MemoryModFlag.MAXIMUM.bit()), ErrorCode.INVALID_ARG));
        // virDomainSetMaxMemory itself (as libvirt's python binding shows): only while powered off
        assertThat(message(() -> conn.setDomainMaxMemory(vm, 65536), ErrorCode.OPERATION_INVALID))
                .isEqualTo("Requested operation is not valid: Domain is not powered off");

        // vCPUs up to the host's maximum, which every count libvirt's driver answers is
        conn.setDomainVcpus(vm, 2, VcpuFlag.LIVE.bit());
        assertThat(dominfo("CPU(s)")).isEqualTo("2");
        virsh("setvcpus", VM, "3");
        assertThat(conn.domainInfo(vm).vcpus()).isEqualTo(3);
        assertThat(virsh("vcpucount", VM, "--maximum", "--live").strip())
                .isEqualTo(Integer.toString(conn.domainVcpus(vm, VcpuFlag.LIVE.bit() | VcpuFlag.MAXIMUM.bit())))
                .isEqualTo(Integer.toString(conn.domainMaxVcpus(vm))).isEqualTo("128");
        assertThat(virshError("setvcpus", VM, "2", "--config")).isEqualTo("error: " + message(
                () -> conn.setDomainVcpus(vm, 2, VcpuFlag.CONFIG.bit()), ErrorCode.INVALID_ARG));
        assertThat(virshError("setvcpus", VM, "200")).isEqualTo("error: " + message(
                () -> conn.setDomainVcpus(vm, 200, VcpuFlag.LIVE.bit()), ErrorCode.INVALID_ARG));
        assertThat(message(() -> conn.domainVcpus(vm, VcpuFlag.CONFIG.bit()), ErrorCode.INVALID_ARG))
                .isEqualTo("unsupported flags (0x2) in function esxDomainGetVcpusFlags");

        // the maximum memory of a powered-off VM, a multiple of 4 MiB
        conn.destroyDomain(vm, 0);
        assertThat(conn.domainState(vm, 0).state()).isEqualTo(DomainState.SHUTOFF);
        conn.setDomainMaxMemory(vm, 65537);
        assertThat(dominfo("Max memory")).isEqualTo("69632 KiB");
        assertThat(conn.domainInfo(vm).maxMemoryKiB()).isEqualTo(69632);
    }

    @Test
    void nativeConfigsAsLibvirtsWithTheHostsDatastores() throws Exception {
        Path vmx;
        try (Stream<Path> files = Files.walk(sim.directory())) {
            vmx = files.filter(p -> p.getFileName().toString().equals("ha-host_VM0.vmx")).findFirst().orElseThrow();
        }
        String text = Files.readString(vmx);
        String mount = vmx.getParent().getParent().toString();
        Path relative = Files.writeString(home.resolve("relative.vmx"), text);
        Path absolute = Files.writeString(home.resolve("absolute.vmx"),
                text.replace("\"disk1.vmdk\"", "\"" + mount + "/ha-host_VM0/disk1.vmdk\""));
        Path volumes = Files.writeString(home.resolve("volumes.vmx"),
                text.replace("\"disk1.vmdk\"", "\"/vmfs/volumes/LocalDS_0/ha-host_VM0/disk1.vmdk\""));
        for (Path file : List.of(relative, absolute, volumes)) {
            assertThat(conn.domainXmlFromNative("vmware-vmx", Files.readString(file), 0)).as(file.toString())
                    .isEqualTo(virsh("domxml-from-native", "vmware-vmx", file.toString()));
        }
        assertThat(conn.domainXmlFromNative("vmware-vmx", Files.readString(absolute), 0))
                .contains("<source file='[LocalDS_0] ha-host_VM0/disk1.vmdk'/>");
        assertThat(virshError("domxml-from-native", "foo", relative.toString())).isEqualTo("error: " + message(
                () -> conn.domainXmlFromNative("foo", text, 0), ErrorCode.INVALID_ARG));

        Path xml = Files.writeString(home.resolve("vm0.xml"), virsh("dumpxml", "ha-host_VM0"));
        assertThat(conn.domainXmlToNative("vmware-vmx", Files.readString(xml), 0))
                .isEqualTo(virsh("domxml-to-native", "vmware-vmx", xml.toString()))
                .contains(mount + "/ha-host_VM0/disk1.vmdk");
    }
}
