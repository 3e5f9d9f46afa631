package io.virtkit.test.internal;

import static io.virtkit.api.DomainEventDetail.RESUMED_FROM_SNAPSHOT;
import static io.virtkit.api.DomainEventDetail.STARTED_FROM_SNAPSHOT;
import static io.virtkit.api.DomainEventDetail.STOPPED_FROM_SNAPSHOT;
import static io.virtkit.api.DomainEventDetail.SUSPENDED_FROM_SNAPSHOT;
import static io.virtkit.api.DomainEventDetail.SUSPENDED_PAUSED;
import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.DomainSnapshotRevertFlag;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;

/** Snapshots on test:///default, checked against what virsh shows for libvirt 9.0's test driver. */
class TestDriverSnapshotTest {

    private static final String CD = """
            <domain type='test'><name>cd</name><uuid>aaaaaaaa-2222-3333-4444-555555555555</uuid>
              <memory>1024</memory><os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/a.img'/><target dev='vda'/></disk>
                <disk type='file' device='cdrom'><source file='/b.iso'/><target dev='hdc'/><readonly/></disk>
              </devices>
            </domain>""";

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

    private static List<String> names(List<DomainSnapshot> snapshots) {
        return snapshots.stream().map(DomainSnapshot::name).toList();
    }

    @Test
    void snapshotsFormATreeUnderTheCurrentOne() {
        assertThat(test.hasCurrentSnapshot()).isFalse();
        DomainSnapshot s1 = test.createSnapshot("<domainsnapshot><name>s1</name><description>hello</description>"
                + "</domainsnapshot>");
        DomainSnapshot s2 = test.createSnapshot("<domainsnapshot><name>s2</name></domainsnapshot>");

        assertThat(test.hasCurrentSnapshot()).isTrue();
        assertThat(test.currentSnapshot()).isEqualTo(s2);
        assertThat(s2.isCurrent()).isTrue();
        assertThat(s1.isCurrent()).isFalse();
        assertThat(s2.parent()).isEqualTo(s1);
        assertThat(s1.hasMetadata()).isTrue();
        assertThat(names(test.listAllSnapshots())).containsExactly("s1", "s2");
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.ROOTS))).containsExactly("s1");
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.LEAVES))).containsExactly("s2");
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.NO_LEAVES))).containsExactly("s1");
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.INACTIVE))).isEmpty();
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.ACTIVE, DomainSnapshotListFlag.INTERNAL)))
                .containsExactly("s1", "s2");
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.NO_METADATA))).isEmpty();
        assertThat(names(s1.listAllChildren())).containsExactly("s2");

        // as virsh snapshot-dumpxml test s2 prints it for libvirt's test driver
        String xml = s2.xml();
        assertThat(xml).startsWith("<domainsnapshot>\n  <name>s2</name>\n  <state>running</state>\n"
                + "  <parent>\n    <name>s1</name>\n  </parent>\n  <creationTime>");
        assertThat(xml).contains("""
                  <memory snapshot='internal'/>
                  <disks>
                    <disk name='vda' snapshot='internal'/>
                  </disks>
                  <domain type='test'>
                    <name>test</name>
                    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                """).endsWith("  </domain>\n</domainsnapshot>\n");
        assertThat(s1.xml()).contains("<description>hello</description>");

        DomainSnapshot s3 = s1.listAllChildren().get(0).parent();
        assertThat(s3).isEqualTo(s1);
        test.snapshotLookupByName("s1").revert();
        DomainSnapshot s4 = test.createSnapshot("<domainsnapshot><name>s4</name></domainsnapshot>");
        assertThat(s4.parent()).isEqualTo(s1);
        assertThat(names(s1.listAllChildren())).containsExactly("s2", "s4");
        assertThat(names(test.listAllSnapshots(DomainSnapshotListFlag.ROOTS))).containsExactly("s1");
    }

    @Test
    void anInactiveDomainsSnapshotKeepsNoMemoryAndSkipsReadOnlyDisks() {
        Domain cd = conn.defineDomain(CD);
        DomainSnapshot c1 = cd.createSnapshot("<domainsnapshot><name>c1</name></domainsnapshot>");
        assertThat(c1.xml()).contains("""
                  <state>shutoff</state>
                """).contains("""
                  <memory snapshot='no'/>
                  <disks>
                    <disk name='vda' snapshot='internal'/>
                    <disk name='hdc' snapshot='no'/>
                  </disks>
                """);
        assertThat(names(cd.listAllSnapshots(DomainSnapshotListFlag.INACTIVE))).containsExactly("c1");
        DomainSnapshot unnamed = cd.createSnapshot("");
        assertThat(unnamed.name()).matches("[0-9]+");
    }

    @Test
    void revertRestoresTheKeptDefinitionAndState() throws InterruptedException {
        Domain cd = conn.defineDomain(CD);
        Events events = new Events(conn);
        DomainSnapshot off = cd.createSnapshot("<domainsnapshot><name>off</name></domainsnapshot>");
        cd.start();
        events.next();
        DomainSnapshot on = cd.createSnapshot("<domainsnapshot><name>on</name></domainsnapshot>");
        cd.destroy();
        events.next();
        conn.defineDomain(CD.replace("<memory>1024</memory>", "<memory>4096</memory>"));
        events.next();

        on.revert();
        assertThat(cd.state().reason()).isEqualTo(DomainStateReason.RUNNING_FROM_SNAPSHOT);
        assertThat(cd.info().maxMemoryKiB()).isEqualTo(1024);
        events.expect("cd", STARTED_FROM_SNAPSHOT);
        assertThat(on.isCurrent()).isTrue();

        cd.suspend();
        events.expect("cd", SUSPENDED_PAUSED);
        on.revert();
        assertThat(cd.state().reason()).isEqualTo(DomainStateReason.RUNNING_FROM_SNAPSHOT);
        events.expect("cd", RESUMED_FROM_SNAPSHOT);
        on.revert(DomainSnapshotRevertFlag.PAUSED);
        assertThat(cd.state().reason()).isEqualTo(DomainStateReason.PAUSED_FROM_SNAPSHOT);
        events.expect("cd", SUSPENDED_FROM_SNAPSHOT);

        assertVirtError(() -> off.revert(DomainSnapshotRevertFlag.RUNNING), ErrorCode.SNAPSHOT_REVERT_RISKY,
                ErrorDomain.TEST, "revert requires force: must respawn guest to start inactive snapshot");
        off.revert();
        assertThat(cd.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_FROM_SNAPSHOT);
        events.expect("cd", STOPPED_FROM_SNAPSHOT);
        assertThat(off.isCurrent()).isTrue();
        // libvirt 9.0's test driver: RUNNING on an inactive snapshot leaves the domain shut off
        off.revert(DomainSnapshotRevertFlag.RUNNING);
        assertThat(cd.isActive()).isFalse();
        events.expectNone();
    }

    @Test
    void deleteReparentsOrTakesTheDescendantsAlong() {
        DomainSnapshot a = test.createSnapshot("<domainsnapshot><name>a</name></domainsnapshot>");
        test.createSnapshot("<domainsnapshot><name>b</name></domainsnapshot>");
        DomainSnapshot c = test.createSnapshot("<domainsnapshot><name>c</name></domainsnapshot>");

        test.snapshotLookupByName("b").delete();
        assertThat(c.parent()).isEqualTo(a);
        assertThat(names(test.listAllSnapshots())).containsExactly("a", "c");
        c.delete();
        assertThat(test.currentSnapshot()).isEqualTo(a);

        test.createSnapshot("<domainsnapshot><name>d</name></domainsnapshot>");
        test.createSnapshot("<domainsnapshot><name>e</name></domainsnapshot>");
        a.delete(DomainSnapshotDeleteFlag.CHILDREN_ONLY);
        assertThat(names(test.listAllSnapshots())).containsExactly("a");
        assertThat(test.currentSnapshot()).isEqualTo(a);
        test.createSnapshot("<domainsnapshot><name>f</name></domainsnapshot>");
        a.delete(DomainSnapshotDeleteFlag.CHILDREN);
        assertThat(test.listAllSnapshots()).isEmpty();
        assertThat(test.hasCurrentSnapshot()).isFalse();
    }

    @Test
    void redefiningKeepsWhatTheXmlSaysAndRefusesCycles() {
        DomainSnapshot s1 = test.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>");
        String kept = s1.xml();
        s1.delete();
        DomainSnapshot again = test.createSnapshot(kept, DomainSnapshotCreateFlag.REDEFINE);
        assertThat(again.xml()).isEqualTo(kept);
        assertThat(test.hasCurrentSnapshot()).isFalse();
        test.createSnapshot(kept.replace("<name>s1</name>", "<name>s2</name>")
                .replace("  <state>", "  <parent>\n    <name>s1</name>\n  </parent>\n  <state>"),
                DomainSnapshotCreateFlag.REDEFINE, DomainSnapshotCreateFlag.CURRENT);
        assertThat(test.currentSnapshot().name()).isEqualTo("s2");
        assertThat(test.currentSnapshot().parent()).isEqualTo(again);

        assertVirtError(() -> test.createSnapshot("<domainsnapshot><name>s1</name><state>running</state>"
                + "<parent><name>s2</name></parent><creationTime>1</creationTime></domainsnapshot>",
                DomainSnapshotCreateFlag.REDEFINE), ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                "invalid argument: parent s2 would create cycle to s1");
        assertVirtError(() -> test.createSnapshot("<domainsnapshot><name>s1</name><state>shutoff</state>"
                + "<creationTime>1</creationTime></domainsnapshot>", DomainSnapshotCreateFlag.REDEFINE),
                ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT, "invalid argument: cannot change between online"
                        + " and offline snapshot state in snapshot s1");
        DomainSnapshot bare = test.createSnapshot("<domainsnapshot><name>bare</name><state>running</state>"
                + "<creationTime>1</creationTime></domainsnapshot>", DomainSnapshotCreateFlag.REDEFINE);
        assertVirtError(bare::revert, ErrorCode.SNAPSHOT_REVERT_RISKY, ErrorDomain.TEST,
                "revert requires force: snapshot 'bare' lacks domain 'test' rollback info");
    }

    @Test
    void refusalsAreWordedAsLibvirtsTestDriver() {
        assertVirtError(() -> test.snapshotLookupByName("nope"), ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: no domain snapshot with matching name 'nope'");
        assertVirtError(test::currentSnapshot, ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: the domain does not have a current snapshot");
        DomainSnapshot s1 = test.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>");
        assertVirtError(s1::parent, ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: snapshot 's1' does not have a parent");
        assertVirtError(() -> test.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>"),
                ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "operation failed: domain moment s1 already exists");
        assertVirtError(() -> test.createSnapshot("<domainsnapshot><disks><disk name='hdz'/></disks>"
                + "</domainsnapshot>"), ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                "unsupported configuration: no disk named 'hdz'");
        assertVirtError(() -> test.createSnapshot("<domainsnapshot><disks><disk name='vda' snapshot='external'/>"
                + "</disks></domainsnapshot>"), ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                "unsupported configuration: disk 'vda' must use snapshot mode 'internal'");
        assertVirtError(() -> s1.delete(DomainSnapshotDeleteFlag.METADATA_ONLY), ErrorCode.INVALID_ARG,
                ErrorDomain.NONE, "invalid argument: unsupported flags (0x2) in function virDomainSnapshotDelete");
        assertVirtError(() -> test.createSnapshot("", DomainSnapshotCreateFlag.DISK_ONLY), ErrorCode.INVALID_ARG,
                ErrorDomain.NONE, "invalid argument: unsupported flags (0x10) in function virDomainSnapshotCreateXML");
        assertThat(names(test.listAllSnapshots())).containsExactly("s1");

        Domain transientOne = conn.createDomain(Xml.domain("tr", Xml.UUID_X));
        assertVirtError(() -> transientOne.createSnapshot("", DomainSnapshotCreateFlag.HALT),
                ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot halt after transient domain snapshot");

        Domain cd = conn.defineDomain(CD);
        cd.createSnapshot("");
        assertVirtError(cd::undefine, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot delete inactive domain with 1 snapshots");
    }

    @Test
    void haltStopsTheDomainAfterTheSnapshot() {
        test.createSnapshot("", DomainSnapshotCreateFlag.HALT);
        assertThat(test.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_FROM_SNAPSHOT);
        assertThat(test.currentSnapshot().xml()).contains("<state>running</state>");
    }
}
