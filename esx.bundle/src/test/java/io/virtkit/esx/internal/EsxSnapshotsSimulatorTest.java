package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.DomainSnapshotRevertFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DomainSnapshotRef;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * Simulator test: Virtkit's ESX snapshots against libvirt 9.0's esx driver (Debian's virsh) on a simulator of the
 * test's own: a snapshot taken by one is seen by the other with the same XML, tree, current snapshot and
 * listings; revert and delete by either show in both; refusals have libvirt's codes and wording.
 */
class EsxSnapshotsSimulatorTest extends OwnSimulatorTest {

    private static final String VM = "ha-host_VM0";

    private static List<String> virshNames(String... args) throws Exception {
        return Arrays.stream(virsh(args).split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> names(List<DomainSnapshotRef> refs) {
        return refs.stream().map(DomainSnapshotRef::name).toList();
    }

    private static String xml(String name, String description) {
        return "<domainsnapshot><name>" + name + "</name>"
                + (description == null ? "" : "<description>" + description + "</description>") + "</domainsnapshot>";
    }

    @Test
    void snapshotsTakenByEitherAreTheSameTreeInBoth() throws Exception {
        DomainRef vm = conn.lookupDomainByName(VM);
        virsh("snapshot-create-as", VM, "base", "--description", "taken by libvirt");
        DomainSnapshotRef mid = conn.snapshotCreateXml(vm, xml("mid", "taken by Virtkit"), 0);
        virsh("snapshot-create-as", VM, "top");
        conn.snapshotCreateXml(vm, xml("quiet", null), DomainSnapshotCreateFlag.QUIESCE.bit());

        assertThat(mid.name()).isEqualTo("mid");
        assertThat(names(conn.snapshotListAll(vm, 0))).containsExactly("base", "mid", "top", "quiet");
        assertThat(virshNames("snapshot-list", VM, "--name")).containsExactlyInAnyOrder("base", "mid", "top", "quiet");
        for (String name : List.of("base", "mid", "top", "quiet")) {
            assertThat(conn.snapshotXml(new DomainSnapshotRef(vm, name), 0)).as(name)
                    .isEqualTo(virsh("snapshot-dumpxml", VM, name));
        }
        assertThat(conn.snapshotXml(mid, 0)).contains("<description>taken by Virtkit</description>",
                "<parent>\n    <name>base</name>\n  </parent>", "<uuid>" + vm.uuid() + "</uuid>");
        assertThat(virsh("snapshot-current", VM, "--name").strip()).isEqualTo(conn.snapshotCurrent(vm, 0).name())
                .isEqualTo("quiet");
        assertThat(conn.snapshotParent(mid, 0).name()).isEqualTo("base");
        assertThat(conn.snapshotHasCurrent(vm, 0)).isTrue();
        assertThat(conn.snapshotHasMetadata(mid, 0)).isFalse();
        assertThat(virsh("snapshot-info", VM, "mid")).contains("Metadata:       no");

        // the listings' filters, against virsh's
        assertThat(names(conn.snapshotListAll(vm, DomainSnapshotListFlag.ROOTS.bit())))
                .isEqualTo(virshNames("snapshot-list", VM, "--roots", "--name")).containsExactly("base");
        assertThat(names(conn.snapshotListAll(vm, DomainSnapshotListFlag.LEAVES.bit())))
                .isEqualTo(virshNames("snapshot-list", VM, "--leaves", "--name")).containsExactly("quiet");
        assertThat(names(conn.snapshotListAll(vm, DomainSnapshotListFlag.METADATA.bit())))
                .isEqualTo(virshNames("snapshot-list", VM, "--metadata", "--name")).isEmpty();
        DomainSnapshotRef base = new DomainSnapshotRef(vm, "base");
        assertThat(names(conn.snapshotListChildren(base, 0)))
                .isEqualTo(virshNames("snapshot-list", VM, "--from", "base", "--name")).containsExactly("mid");
        assertThat(names(conn.snapshotListChildren(base, DomainSnapshotListFlag.DESCENDANTS.bit())))
                .containsExactlyInAnyOrderElementsOf(virshNames("snapshot-list", VM, "--from", "base",
                        "--descendants", "--name")).containsExactly("mid", "top", "quiet");
        assertThat(names(conn.snapshotListAll(vm, DomainSnapshotListFlag.NO_LEAVES.bit())))
                .containsExactly("base", "mid", "top");

        // revert by one, current in the other
        conn.snapshotRevert(base, 0);
        assertThat(virsh("snapshot-current", VM, "--name").strip()).isEqualTo("base");
        virsh("snapshot-revert", VM, "top");
        assertThat(conn.snapshotCurrent(vm, 0).name()).isEqualTo("top");
        assertThat(conn.snapshotIsCurrent(new DomainSnapshotRef(vm, "top"), 0)).isTrue();
        assertThat(conn.snapshotIsCurrent(base, 0)).isFalse();

        // delete by one, gone in the other
        virsh("snapshot-delete", VM, "quiet");
        assertThatThrownBy(() -> conn.snapshotLookupByName(vm, "quiet", 0))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN_SNAPSHOT))
                .satisfies(e -> assertThat(virshError("snapshot-dumpxml", VM, "quiet")).endsWith(e.getMessage()));
        conn.snapshotDelete(new DomainSnapshotRef(vm, "mid"), DomainSnapshotDeleteFlag.METADATA_ONLY.bit());
        assertThat(virshNames("snapshot-list", VM, "--name")).contains("mid"); // no metadata to remove: still there
        conn.snapshotDelete(base, DomainSnapshotDeleteFlag.CHILDREN.bit());
        assertThat(virshNames("snapshot-list", VM, "--name")).isEmpty();
        assertThat(conn.snapshotListAll(vm, 0)).isEmpty();
        assertThat(conn.snapshotHasCurrent(vm, 0)).isFalse();
    }

    @Test
    void refusesAsLibvirtDoes() throws Exception {
        DomainRef vm = conn.lookupDomainByName("ha-host_VM1");
        String name = "ha-host_VM1";
        assertThatThrownBy(() -> conn.snapshotCurrent(vm, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN_SNAPSHOT))
                .hasMessage("Domain snapshot not found: Domain has no current snapshot");
        virsh("snapshot-create-as", name, "one");
        assertThat(virshError("snapshot-create-as", name, "one")).isEqualTo("error: " + message(
                () -> conn.snapshotCreateXml(vm, xml("one", null), 0), ErrorCode.OPERATION_INVALID))
                .isEqualTo("error: Requested operation is not valid: Snapshot 'one' already exists");
        assertThat(virshError("snapshot-create-as", name, "two", "--live")).isEqualTo("error: " + message(
                () -> conn.snapshotCreateXml(vm, xml("two", null), DomainSnapshotCreateFlag.LIVE.bit()),
                ErrorCode.INVALID_ARG)).isEqualTo("error: unsupported flags (0x100) in function esxDomainSnapshotCreateXML");
        assertThat(virshError("snapshot-create-as", name, "three", "--diskspec", "sda,snapshot=external"))
                .isEqualTo("error: " + message(() -> conn.snapshotCreateXml(vm, "<domainsnapshot><name>three</name>"
                        + "<disks><disk name='sda' snapshot='external'/></disks></domainsnapshot>", 0),
                        ErrorCode.CONFIG_UNSUPPORTED));
        DomainSnapshotRef one = new DomainSnapshotRef(vm, "one");
        assertThat(virshError("snapshot-revert", name, "one", "--running")).isEqualTo("error: " + message(
                () -> conn.snapshotRevert(one, DomainSnapshotRevertFlag.RUNNING.bit()), ErrorCode.INVALID_ARG));
        assertThat(message(() -> conn.snapshotParent(one, 0), ErrorCode.NO_DOMAIN_SNAPSHOT))
                .isEqualTo("Domain snapshot not found: snapshot 'one' does not have a parent");
        assertThat(message(() -> conn.snapshotDelete(one, DomainSnapshotDeleteFlag.CHILDREN_ONLY.bit()),
                ErrorCode.INVALID_ARG)).isEqualTo("unsupported flags (0x4) in function esxDomainSnapshotDelete");
        assertThat(message(() -> conn.snapshotXml(one, 1), ErrorCode.INVALID_ARG))
                .isEqualTo("unsupported flags (0x1) in function esxDomainSnapshotGetXMLDesc");
        assertThat(virshNames("snapshot-list", name, "--name")).containsExactly("one"); // nothing else was made
    }

    /** Through a vCenter (vpx://) the VM's snapshots are the same vSphere objects, for both drivers. */
    @Test
    void snapshotsThroughAVcenter() throws Exception {
        try (VcsimFixture vcenter = VcsimFixture.start(VcsimFixture.Options.vcenter(1, 1));
                HypervisorConnection vpx = EsxDrivers.open(vcenter)) {
            LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
            DomainRef vm = vpx.lookupDomainByName("DC0_H0_VM0");
            vpx.snapshotCreateXml(vm, xml("via-vcenter", "by Virtkit"), 0);
            libvirt.virsh(vcenter, "snapshot-create-as", "DC0_H0_VM0", "by-libvirt");
            assertThat(names(vpx.snapshotListAll(vm, 0))).containsExactly("via-vcenter", "by-libvirt");
            assertThat(vpx.snapshotXml(new DomainSnapshotRef(vm, "by-libvirt"), 0))
                    .isEqualTo(libvirt.virsh(vcenter, "snapshot-dumpxml", "DC0_H0_VM0", "by-libvirt"));
            vpx.snapshotDelete(new DomainSnapshotRef(vm, "via-vcenter"), DomainSnapshotDeleteFlag.CHILDREN.bit());
            assertThat(libvirt.virsh(vcenter, "snapshot-list", "DC0_H0_VM0", "--name").strip()).isEmpty();
        }
    }
}
