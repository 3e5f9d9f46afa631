package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;

/** Simulator test: Virtkit's ESX driver against vcsim in ESX and vCenter mode. */
class EsxDriverSimulatorTest {

    @Test
    void listsTheHostsVmsWithTheirStateAndIds() throws Exception {
        try (HypervisorConnection conn = EsxDrivers.open(VcsimFixture.esx())) {
            List<DomainRef> all = conn.listAllDomains(0);
            assertThat(all).extracting(DomainRef::name).contains("ha-host_VM0", "ha-host_VM1");
            DomainRef vm0 = conn.lookupDomainByName("ha-host_VM0");
            assertThat(conn.domainState(vm0, 0).state()).isEqualTo(DomainState.RUNNING);
            assertThat(conn.lookupDomainById(vm0.id()).uuid()).isEqualTo(vm0.uuid());
            assertThat(conn.lookupDomainByUuid(vm0.uuid()).name()).isEqualTo("ha-host_VM0");
            assertThat(conn.domainInfo(vm0).maxMemoryKiB()).isEqualTo(32768);
        }
    }

    @Test
    void readsTheHost() throws Exception {
        try (HypervisorConnection conn = EsxDrivers.open(VcsimFixture.esx())) {
            NodeInfo node = conn.nodeInfo();
            assertThat(node.cpus()).isPositive();
            assertThat(conn.hostname()).isNotEmpty();
            assertThat(conn.hypervisorVersion()).isGreaterThan(5_000_000);
            assertThat(conn.capabilities()).contains("<domain type='vmware'/>");
            // beyond libvirt (its esx driver has no sysinfo): the simulated host's SMBIOS facts
            assertThat(conn.sysinfo(0)).startsWith("<sysinfo type='smbios'>").contains("<system>")
                    .containsPattern("<entry name='uuid'>[0-9a-f-]{36}</entry>");
        }
    }

    @Test
    void dumpsAVmsXmlFromItsVmx() throws Exception {
        try (HypervisorConnection conn = EsxDrivers.open(VcsimFixture.esx())) {
            String xml = conn.domainXml(conn.lookupDomainByName("ha-host_VM0"), 0);
            assertThat(xml).contains("<source file='[LocalDS_0] ha-host_VM0/disk1.vmdk'/>")
                    .contains("<vmware:datacenterpath>ha-datacenter</vmware:datacenterpath>")
                    .contains("<vmware:moref>vm-");
        }
    }

    @Test
    void opensAHostThroughVcenter() throws Exception {
        try (HypervisorConnection conn = EsxDrivers.open(VcsimFixture.vcenter())) {
            assertThat(conn.listAllDomains(0)).extracting(DomainRef::name).contains("DC0_H0_VM0", "DC0_H0_VM1");
        }
    }

    @Test
    void definesStartsAndUndefinesAVm() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            DomainRef d = conn.defineDomain("""
                    <domain type='vmware'>
                      <name>défini par Virtkit</name>
                      <memory unit='KiB'>65536</memory>
                      <vcpu>1</vcpu>
                      <os><type>hvm</type></os>
                      <devices>
                        <disk type='file' device='disk'>
                          <source file='[LocalDS_0] dir with space/disk.vmdk'/>
                          <target dev='sda' bus='scsi'/>
                        </disk>
                        <controller type='scsi' index='0' model='lsilogic'/>
                      </devices>
                    </domain>""", 0);
            assertThat(conn.domainState(d, 0).state()).isEqualTo(DomainState.SHUTOFF);
            conn.startDomain(d, 0);
            assertThat(conn.domainState(d, 0).state()).isEqualTo(DomainState.RUNNING);
            conn.suspendDomain(d);
            assertThat(conn.domainState(d, 0).state()).isEqualTo(DomainState.PAUSED);
            conn.resumeDomain(d);
            conn.destroyDomain(d, 0);
            assertThatThrownBy(() -> conn.destroyDomain(d, 0)).isInstanceOf(VirtException.class)
                    .hasMessageContaining("Domain is not powered on");
            conn.undefineDomain(d, 0);
            assertThatThrownBy(() -> conn.lookupDomainByName("défini par Virtkit"))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
        }
    }

    /** Autostart through the host's autostart manager: what Virtkit sets, libvirt's esx driver reads, and back. */
    @Test
    void autostartIsTheHostsAutostartManagers(@TempDir Path home) throws Exception {
        LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(2));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            DomainRef vm0 = conn.lookupDomainByName("ha-host_VM0");
            assertThat(conn.domainAutostart(vm0)).isFalse();
            conn.setDomainAutostart(vm0, true);
            assertThat(conn.domainAutostart(vm0)).isTrue();
            assertThat(libvirt.virsh(own, "list", "--all", "--autostart", "--name").strip()).isEqualTo("ha-host_VM0");
            assertThat(conn.listAllDomains(DomainListFlag.AUTOSTART.bit())).extracting(DomainRef::name)
                    .containsExactly("ha-host_VM0");
            libvirt.virsh(own, "autostart", "ha-host_VM1");
            libvirt.virsh(own, "autostart", "--disable", "ha-host_VM0");
            assertThat(conn.listAllDomains(DomainListFlag.AUTOSTART.bit())).extracting(DomainRef::name)
                    .containsExactly("ha-host_VM1");
            assertThat(conn.listAllDomains(DomainListFlag.NO_AUTOSTART.bit())).extracting(DomainRef::name)
                    .containsExactly("ha-host_VM0");
        }
    }

    @Test
    void refusesAnUntrustedCertificateUnlessNoVerify() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        EsxDriver untrusting = new EsxDriver(EsxSettings.DEFAULTS, java.util.Map.of());
        assertThatThrownBy(() -> untrusting.open(new OpenRequest(URI.create(EsxDrivers.uri(esx, null)), false,
                EsxDrivers.password(esx), ClientIdentity.UNKNOWN), ConnectionEvents.NONE))
                .isInstanceOf(VirtException.class).hasMessageContaining("certificate");
        java.nio.file.Path empty = java.nio.file.Files.createTempFile("no-ca", ".pem");
        try {
            EsxDriver emptyCa = new EsxDriver(EsxSettings.DEFAULTS.withCaFiles(List.of(empty)), java.util.Map.of());
            assertThatThrownBy(() -> emptyCa.open(new OpenRequest(URI.create(EsxDrivers.uri(esx, null)), false,
                    EsxDrivers.password(esx), ClientIdentity.UNKNOWN), ConnectionEvents.NONE))
                    .isInstanceOf(VirtException.class).hasMessageContaining("certificate");
        } finally {
            java.nio.file.Files.delete(empty);
        }
        try (HypervisorConnection conn = untrusting.open(new OpenRequest(URI.create(EsxDrivers.uri(esx, "no_verify=1")),
                false, EsxDrivers.password(esx), ClientIdentity.UNKNOWN), ConnectionEvents.NONE).orElseThrow()) {
            assertThat(conn.listAllDomains(0)).isNotEmpty();
        }
    }
}
