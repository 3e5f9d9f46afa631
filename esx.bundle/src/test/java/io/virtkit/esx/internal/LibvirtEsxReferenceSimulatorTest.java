package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * Simulator test: Virtkit's ESX driver answers as libvirt's own ESX driver (Debian's virsh 9.0) on the same
 * simulator: the host, the simulator's VMs, VMs registered from awkward {@code .vmx} files of this test's own,
 * VMs defined by either side (each usable by the other), the {@code .vmx} a define uploads, its refusals, and
 * {@code domxml-to-native}.
 */
class LibvirtEsxReferenceSimulatorTest {

    /** Awkward for a datastore: non-ASCII, spaces, two SCSI controllers, a CD-ROM, two NICs, a serial file. */
    private static final String DEFINED_BY_LIBVIRT = """
            <domain type='vmware'>
              <name>défini par libvirt</name>
              <uuid>6b0a5c1e-2d3f-4a5b-8c7d-9e0f1a2b3c4d</uuid>
              <memory unit='KiB'>131072</memory>
              <vcpu>2</vcpu>
              <os><type arch='x86_64'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='[LocalDS_0] dossier à espaces/disque système.vmdk'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='[LocalDS_0] données/zweite Platte.vmdk'/>
                  <target dev='sdq' bus='scsi'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='[LocalDS_0] iso images/Debian ü 12.iso'/>
                  <target dev='hda' bus='ide'/>
                </disk>
                <controller type='scsi' index='0' model='lsilogic'/>
                <controller type='scsi' index='1' model='vmpvscsi'/>
                <interface type='bridge'>
                  <mac address='00:50:56:3f:00:11'/>
                  <source bridge='VM Network'/>
                  <model type='vmxnet3'/>
                </interface>
                <interface type='bridge'>
                  <mac address='00:0c:29:86:45:a8'/>
                  <source bridge='Réseau invité'/>
                  <model type='e1000'/>
                </interface>
                <serial type='file'>
                  <source path='[LocalDS_0] logs/série 0.log'/>
                  <target port='0'/>
                </serial>
              </devices>
            </domain>
            """;

    /** A name with characters a datastore file name escapes ({@code % : ?} and non-ASCII). */
    private static final String DEFINED_BY_VIRTKIT = """
            <domain type='vmware'>
              <name>Virtkit: « VM » 50%?</name>
              <uuid>0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9</uuid>
              <memory unit='KiB'>65536</memory>
              <vcpu>1</vcpu>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='[LocalDS_0] Virtkit « dossier »/plat.vmdk'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
                <controller type='scsi' index='0' model='lsisas1068'/>
                <interface type='bridge'>
                  <mac address='00:0c:29:01:02:03'/>
                  <source bridge='VM Network'/>
                </interface>
              </devices>
            </domain>
            """;

    @TempDir
    Path home;

    @Test
    void answersForTheHostAsLibvirt() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            assertThat(VirshAnswers.nodeinfo(conn.nodeInfo()))
                    .containsExactlyEntriesOf(VirshAnswers.fields(libvirt.virsh(esx, "nodeinfo")));
            assertThat(conn.hostname()).isEqualTo(libvirt.virsh(esx, "hostname").strip());
            assertThat(libvirt.virsh(esx, "version")).contains("Running hypervisor: " + conn.type() + " "
                    + VirshAnswers.version(conn.hypervisorVersion()) + "\n");
            assertThat(conn.capabilities().strip()).isEqualTo(libvirt.virsh(esx, "capabilities").strip());
            // virsh uri shows libvirt's URI as given; Virtkit's is the one the test opened, the same text
            assertThat(conn.uri()).isEqualTo(EsxDrivers.uri(esx, null));
            assertThat(libvirt.virsh(esx, "uri").strip()).isEqualTo(LibvirtEsxVirsh.uri(esx));
        }
    }

    @Test
    void showsTheSimulatorsVmsAsLibvirt() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            sameAsLibvirt(esx, conn, List.of("ha-host_VM0", "ha-host_VM1"));
        }
    }

    @Test
    void readsAwkwardVmxFilesAsLibvirt() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            SimulatorDatastore ds = SimulatorDatastore.of(own);
            ds.register("several-controllers.vmx", "Résumé Ordner/Résumé VM.vmx", "Résumé VM mit Leer zeichen");
            ds.register("missing-keys.vmx", "nötig/nötig.vmx", "nur das Nötigste");
            // (vcsim 0.24 cannot register a .vmx at a datastore's root: its log directory would be ".")
            ds.register("sata-cdrom.vmx", "SATA/à la racine.vmx", "à la racine");
            List<String> names = List.of("Résumé VM mit Leer zeichen", "nur das Nötigste", "à la racine");
            sameAsLibvirt(own, conn, names);
            String xml = conn.domainXml(conn.lookupDomainByName("Résumé VM mit Leer zeichen"), 0);
            // names by the mount path and by /vmfs/volumes/<name> are datastore paths; others stay as they are
            assertThat(xml).contains("<source file='[LocalDS_0] données partagées/Daten Platte.vmdk'/>",
                    "<source file='[LocalDS_0] dritte Platte/disk 3.vmdk'/>",
                    "<source file='[LocalDS_0] iso images/Debian ü 12.iso'/>",
                    "<source file='/srv/außerhalb/boot.iso'/>", "<source path='[LocalDS_0] logs/série 0.log'/>");
        }
    }

    @Test
    void vmsDefinedByEitherShowTheSameAndServeTheOther() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
            Path byLibvirt = Files.writeString(home.resolve("by-libvirt.xml"), DEFINED_BY_LIBVIRT);
            libvirt.virsh(own, "define", byLibvirt.toString());
            DomainRef byVirtkit = conn.defineDomain(DEFINED_BY_VIRTKIT, 0);
            assertThat(byVirtkit.name()).isEqualTo("Virtkit: « VM » 50%?");
            sameAsLibvirt(own, conn, List.of("défini par libvirt", byVirtkit.name()));

            // libvirt's VM, used by Virtkit
            DomainRef theirs = conn.lookupDomainByName("défini par libvirt");
            conn.startDomain(theirs, 0);
            assertThat(libvirt.virsh(own, "domstate", "défini par libvirt").strip()).isEqualTo("running");
            sameAsLibvirt(own, conn, List.of("défini par libvirt"));
            conn.destroyDomain(theirs, 0);
            conn.undefineDomain(theirs, 0);
            assertThat(VirshAnswers.list(libvirt.virsh(own, "list", "--all"))).extracting(VirshAnswers.Row::name)
                    .containsExactly(byVirtkit.name());

            // Virtkit's VM, used by libvirt
            libvirt.virsh(own, "start", byVirtkit.name());
            assertThat(conn.domainState(byVirtkit, 0).state()).isEqualTo(DomainState.RUNNING);
            sameAsLibvirt(own, conn, List.of(byVirtkit.name()));
            libvirt.virsh(own, "destroy", byVirtkit.name());
            libvirt.virsh(own, "undefine", byVirtkit.name());
            assertThatThrownBy(() -> conn.lookupDomainByUuid(byVirtkit.uuid()))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
            assertThat(conn.listAllDomains(0)).isEmpty();
        }
    }

    @Test
    void definesTheVmxLibvirtWouldAndRefusesDuplicatesInItsWords() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
            SimulatorDatastore ds = SimulatorDatastore.of(own);
            Path xml = Files.writeString(home.resolve("vm.xml"), DEFINED_BY_LIBVIRT);
            libvirt.virsh(own, "define", xml.toString());
            Path vmx = ds.file("dossier à espaces/d+w6k-fini par libvirt.vmx"); // libvirt's escaped file name
            String libvirtsVmx = Files.readString(vmx);
            assertThat(libvirtsVmx).contains("virtualHW.version = \"10\"\n") // libvirt's default for ESX 6.5
                    .contains("scsi0:0.fileName = \"" + ds.mountPath() + "/dossier à espaces/disque système.vmdk\"");

            LibvirtEsxVirsh.Result again = libvirt.run(own, own.options().password(), "define", xml.toString());
            VirtException refused = catchVirt(() -> conn.defineDomain(DEFINED_BY_LIBVIRT, 0));
            assertThat(refused.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(again.err()).contains("error: " + refused.getMessage() + "\n");
            // the same UUID under another name is refused the same way by both
            String renamed = DEFINED_BY_LIBVIRT.replace("<name>défini par libvirt</name>", "<name>autre</name>");
            Path renamedXml = Files.writeString(home.resolve("renamed.xml"), renamed);
            LibvirtEsxVirsh.Result sameUuid = libvirt.run(own, own.options().password(), "define", renamedXml.toString());
            assertThat(sameUuid.err()).contains("error: " + catchVirt(() -> conn.defineDomain(renamed, 0)).getMessage()
                    + "\n");

            libvirt.virsh(own, "undefine", "défini par libvirt"); // leaves its files, as libvirt's undefine does
            Files.delete(vmx);
            conn.defineDomain(DEFINED_BY_LIBVIRT, 0);
            assertThat(Files.readString(vmx)).isEqualTo(libvirtsVmx);
        }
    }

    @Test
    void convertsXmlToVmxAsLibvirt() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        Path xml = Files.writeString(home.resolve("native.xml"), DEFINED_BY_LIBVIRT);
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            assertThat(conn.domainXmlToNative("vmware-vmx", DEFINED_BY_LIBVIRT, 0)).isEqualTo(
                    new LibvirtEsxVirsh(home).virsh(esx, "domxml-to-native", "vmware-vmx", xml.toString()));
            // a NIC without a MAC gets a random one under VMware's prefix, written as generated, as libvirt does
            String withoutMac = DEFINED_BY_LIBVIRT.replace("<mac address='00:0c:29:86:45:a8'/>", "");
            assertThat(conn.domainXmlToNative("vmware-vmx", withoutMac, 0))
                    .containsPattern("ethernet1.addressType = \"generated\"\nethernet1.generatedAddress = "
                            + "\"00:0c:29:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}\"\nethernet1.generatedAddressOffset = \"0\"\n");
        }
    }

    /** The listing, and each named VM's dominfo, domstate --reason and dumpxml, are libvirt's. */
    private void sameAsLibvirt(VcsimFixture fixture, HypervisorConnection conn, List<String> names) throws Exception {
        LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
        assertThat(VirshAnswers.list(conn)).isEqualTo(VirshAnswers.list(libvirt.virsh(fixture, "list", "--all")));
        for (String name : names) {
            DomainRef d = conn.lookupDomainByName(name);
            assertThat(VirshAnswers.dominfo(conn, d)).as("dominfo %s", name)
                    .containsExactlyEntriesOf(VirshAnswers.dominfoOfDriver(libvirt.virsh(fixture, "dominfo", name)));
            assertThat(VirshAnswers.domstate(conn, d)).as("domstate --reason %s", name)
                    .isEqualTo(libvirt.virsh(fixture, "domstate", "--reason", name).strip());
            assertThat(conn.domainXml(d, 0)).as("dumpxml %s", name)
                    .isEqualTo(libvirt.virsh(fixture, "dumpxml", name).stripTrailing() + "\n");
        }
    }

    private static VirtException catchVirt(Runnable call) {
        try {
            call.run();
        } catch (VirtException e) {
            return e;
        }
        throw new AssertionError("no VirtException");
    }
}
