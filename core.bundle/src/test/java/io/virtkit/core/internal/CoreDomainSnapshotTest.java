package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.DomainSnapshotRevertFlag;
import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** Core's snapshot handles ({@link CoreDomainSnapshot}) over a recording hypervisor sub-driver. */
class CoreDomainSnapshotTest {

    private static final Set<String> SNAPSHOT_ENTRIES = Set.of("snapshotCreateXml", "snapshotListAll",
            "snapshotListChildren", "snapshotLookupByName", "snapshotHasCurrent", "snapshotCurrent", "snapshotXml",
            "snapshotParent", "snapshotIsCurrent", "snapshotHasMetadata", "snapshotRevert", "snapshotDelete");

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final FakeSubDrivers.Hypervisor test =
            new FakeSubDrivers.Hypervisor("TEST", true, SNAPSHOT_ENTRIES, "test");
    private final FakeSubDrivers.Hypervisor bare = new FakeSubDrivers.Hypervisor("BARE", true, "bare");

    CoreDomainSnapshotTest() {
        factory.addHypervisorDriver(test, Map.of(Constants.SERVICE_ID, 1L));
        factory.addHypervisorDriver(bare, Map.of(Constants.SERVICE_ID, 2L));
    }

    @Test
    void callsReachTheDriverWithLibvirtsBitsAndAnswersBecomeHandlesOnTheDomain() {
        Connection c = factory.open("test:///default");
        Domain dom = c.lookupDomainByName("vm1");

        DomainSnapshot snap = dom.createSnapshot("<domainsnapshot/>", DomainSnapshotCreateFlag.REDEFINE,
                DomainSnapshotCreateFlag.CURRENT);
        assertThat(test.lastFlags).isEqualTo(3L);
        assertThat(snap.name()).isEqualTo("snap1");
        assertThat(snap.domain()).isEqualTo(dom);
        assertThat(snap).isEqualTo(dom.snapshotLookupByName("snap1")).isEqualTo(dom.currentSnapshot())
                .isEqualTo(snap.parent());
        assertThat(dom.listAllSnapshots(DomainSnapshotListFlag.ROOTS, DomainSnapshotListFlag.LEAVES))
                .containsExactly(snap);
        assertThat(test.lastFlags).isEqualTo(1L | 4L);
        assertThat(snap.listAllChildren(DomainSnapshotListFlag.DESCENDANTS, DomainSnapshotListFlag.TOPOLOGICAL))
                .containsExactly(snap);
        assertThat(test.lastFlags).isEqualTo(1L | 1024L);
        assertThat(snap.xml(DomainSnapshotXmlFlag.SECURE)).isEqualTo("<domainsnapshot/>");
        assertThat(test.lastFlags).isEqualTo(1L);
        assertThat(dom.hasCurrentSnapshot()).isTrue();
        assertThat(snap.isCurrent()).isTrue();
        assertThat(snap.hasMetadata()).isTrue();
        snap.revert(DomainSnapshotRevertFlag.PAUSED, DomainSnapshotRevertFlag.FORCE);
        assertThat(test.lastFlags).isEqualTo(2L | 4L);
        snap.delete(DomainSnapshotDeleteFlag.CHILDREN_ONLY, DomainSnapshotDeleteFlag.METADATA_ONLY);
        assertThat(test.lastFlags).isEqualTo(4L | 2L);
        assertThat(test.calls).containsSubsequence("snapshotCreateXml", "snapshotLookupByName", "snapshotCurrent",
                "snapshotParent", "snapshotListAll", "snapshotListChildren", "snapshotXml", "snapshotHasCurrent",
                "snapshotIsCurrent", "snapshotHasMetadata", "snapshotRevert", "snapshotDelete");
    }

    @Test
    void mutuallyExclusiveFlagsAreRefusedBeforeTheDriverAsLibvirtsPublicFunctions() {
        Connection c = factory.open("test:///default");
        Domain dom = c.lookupDomainByName("vm1");
        DomainSnapshot snap = dom.snapshotLookupByName("snap1");
        test.calls.clear();

        assertInvalidArg(() -> dom.createSnapshot("", DomainSnapshotCreateFlag.REDEFINE,
                DomainSnapshotCreateFlag.NO_METADATA), "invalid argument: Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE'"
                + " and 'VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA' are mutually exclusive");
        assertInvalidArg(() -> dom.createSnapshot("", DomainSnapshotCreateFlag.CURRENT), "invalid argument: Flag"
                + " 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'");
        assertInvalidArg(() -> snap.revert(DomainSnapshotRevertFlag.RUNNING, DomainSnapshotRevertFlag.PAUSED),
                "invalid argument: Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and"
                        + " 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive");
        assertInvalidArg(() -> snap.delete(DomainSnapshotDeleteFlag.CHILDREN, DomainSnapshotDeleteFlag.CHILDREN_ONLY),
                "invalid argument: Flags 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN' and"
                        + " 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY' are mutually exclusive");
        assertThat(test.calls).isEmpty();
    }

    @Test
    void aReadOnlyConnectionMayLookButNotChangeNorSeeSecrets() {
        Connection c = factory.open(ConnectRequest.to("test:///default").withFlags(ConnectFlag.READ_ONLY));
        Domain dom = c.lookupDomainByName("vm1");
        DomainSnapshot snap = dom.snapshotLookupByName("snap1");
        assertThat(snap.xml()).isEqualTo("<domainsnapshot/>");
        assertThat(dom.listAllSnapshots()).hasSize(1);

        assertDenied(() -> dom.createSnapshot(""), "operation forbidden: read only access prevents"
                + " virDomainSnapshotCreateXML");
        assertDenied(() -> snap.revert(), "operation forbidden: read only access prevents virDomainRevertToSnapshot");
        assertDenied(() -> snap.delete(), "operation forbidden: read only access prevents virDomainSnapshotDelete");
        assertDenied(() -> snap.xml(DomainSnapshotXmlFlag.SECURE),
                "operation forbidden: virDomainSnapshotGetXMLDesc with secure flag");
    }

    @Test
    void aClosedConnectionAnswersInvalidConnNamingTheFunction() {
        Connection c = factory.open("test:///default");
        Domain dom = c.lookupDomainByName("vm1");
        DomainSnapshot snap = dom.snapshotLookupByName("snap1");
        c.close();

        assertThatThrownBy(snap::isCurrent).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONN);
            assertThat(e.getMessage()).isEqualTo("invalid connection pointer in virDomainSnapshotIsCurrent");
        });
        assertThatThrownBy(() -> dom.listAllSnapshots()).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.getMessage()).isEqualTo("invalid connection pointer in virDomainListAllSnapshots"));
    }

    @Test
    void aDriverWithoutSnapshotsAnswersNoSupportFromTheSnapshotDomain() {
        Domain dom = factory.open("bare:///").lookupDomainByName("vm1");
        assertThatThrownBy(() -> dom.createSnapshot("")).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN_SNAPSHOT);
            assertThat(e.getMessage()).isEqualTo(
                    "this function is not supported by the connection driver: virDomainSnapshotCreateXML");
        });
        assertThatThrownBy(dom::currentSnapshot).hasMessageEndingWith("virDomainSnapshotCurrent");
        assertThatThrownBy(() -> dom.listAllSnapshots()).hasMessageEndingWith("virDomainListAllSnapshots");
    }

    private static void assertInvalidArg(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN_SNAPSHOT);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_DENIED);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
