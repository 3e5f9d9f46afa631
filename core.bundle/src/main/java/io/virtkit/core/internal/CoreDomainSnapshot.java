package io.virtkit.core.internal;

import java.util.List;
import java.util.Objects;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.DomainSnapshotRevertFlag;
import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Flag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DomainSnapshotRef;

/**
 * The one implementation of {@link DomainSnapshot}, libvirt's {@code virDomainSnapshotPtr}: a domain handle and
 * the driver's reference. Calls go through the connection's checks (INVALID_CONN once closed, OPERATION_DENIED
 * for create, revert and delete on a read-only one) to the hypervisor sub-driver, after the argument checks
 * libvirt's public functions make themselves (mutually exclusive flags). The domain's own snapshot entries
 * ({@link #create}, {@link #listAll} …) are here too, so that {@link CoreDomain} only forwards. Two handles are
 * equal when they name the same snapshot of the same domain on the same connection.
 */
final class CoreDomainSnapshot implements DomainSnapshot {

    private final CoreDomain domain;
    private final DomainSnapshotRef ref;

    CoreDomainSnapshot(CoreDomain domain, DomainSnapshotRef ref) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.ref = Objects.requireNonNull(ref, "ref");
    }

    // --- the domain's entries -----------------------------------------------------------------------------

    static DomainSnapshot create(CoreDomain domain, DomainRef ref, String xml, DomainSnapshotCreateFlag... flags) {
        long bits = Flag.bits(flags);
        if ((bits & DomainSnapshotCreateFlag.CURRENT.bit()) != 0 && (bits & DomainSnapshotCreateFlag.REDEFINE.bit()) == 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT, "Flag "
                    + "'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'");
        }
        exclusive(bits, DomainSnapshotCreateFlag.REDEFINE, DomainSnapshotCreateFlag.NO_METADATA,
                "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE", "VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA");
        exclusive(bits, DomainSnapshotCreateFlag.REDEFINE, DomainSnapshotCreateFlag.HALT,
                "VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE", "VIR_DOMAIN_SNAPSHOT_CREATE_HALT");
        DomainSnapshotRef made = domain.connection().hypervisorForChange("virDomainSnapshotCreateXML")
                .snapshotCreateXml(ref, xml == null ? "" : xml, bits);
        return new CoreDomainSnapshot(domain, made);
    }

    static List<DomainSnapshot> listAll(CoreDomain domain, DomainRef ref, DomainSnapshotListFlag... flags) {
        return wrap(domain, domain.connection().hypervisor("virDomainListAllSnapshots")
                .snapshotListAll(ref, Flag.bits(flags)));
    }

    static DomainSnapshot lookupByName(CoreDomain domain, DomainRef ref, String name) {
        if (name == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                    "name in virDomainSnapshotLookupByName must not be NULL");
        }
        return new CoreDomainSnapshot(domain, domain.connection().hypervisor("virDomainSnapshotLookupByName")
                .snapshotLookupByName(ref, name, 0));
    }

    static boolean hasCurrent(CoreDomain domain, DomainRef ref) {
        return domain.connection().hypervisor("virDomainHasCurrentSnapshot").snapshotHasCurrent(ref, 0);
    }

    static DomainSnapshot current(CoreDomain domain, DomainRef ref) {
        return new CoreDomainSnapshot(domain,
                domain.connection().hypervisor("virDomainSnapshotCurrent").snapshotCurrent(ref, 0));
    }

    // --- the snapshot's entries ---------------------------------------------------------------------------

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public Domain domain() {
        return domain;
    }

    @Override
    public String xml(DomainSnapshotXmlFlag... flags) {
        long bits = Flag.bits(flags);
        if ((bits & DomainSnapshotXmlFlag.SECURE.bit()) != 0 && domain.connection().isReadOnly()) {
            // libvirt: secure information is not for read-only connections
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "virDomainSnapshotGetXMLDesc with secure flag");
        }
        return domain.connection().hypervisor("virDomainSnapshotGetXMLDesc").snapshotXml(ref, bits);
    }

    @Override
    public DomainSnapshot parent() {
        return new CoreDomainSnapshot(domain,
                domain.connection().hypervisor("virDomainSnapshotGetParent").snapshotParent(ref, 0));
    }

    @Override
    public boolean isCurrent() {
        return domain.connection().hypervisor("virDomainSnapshotIsCurrent").snapshotIsCurrent(ref, 0);
    }

    @Override
    public boolean hasMetadata() {
        return domain.connection().hypervisor("virDomainSnapshotHasMetadata").snapshotHasMetadata(ref, 0);
    }

    @Override
    public List<DomainSnapshot> listAllChildren(DomainSnapshotListFlag... flags) {
        return wrap(domain, domain.connection().hypervisor("virDomainSnapshotListAllChildren")
                .snapshotListChildren(ref, Flag.bits(flags)));
    }

    @Override
    public void revert(DomainSnapshotRevertFlag... flags) {
        long bits = Flag.bits(flags);
        exclusive(bits, DomainSnapshotRevertFlag.RUNNING, DomainSnapshotRevertFlag.PAUSED,
                "VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING", "VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED");
        domain.connection().hypervisorForChange("virDomainRevertToSnapshot").snapshotRevert(ref, bits);
    }

    @Override
    public void delete(DomainSnapshotDeleteFlag... flags) {
        long bits = Flag.bits(flags);
        exclusive(bits, DomainSnapshotDeleteFlag.CHILDREN, DomainSnapshotDeleteFlag.CHILDREN_ONLY,
                "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN", "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY");
        domain.connection().hypervisorForChange("virDomainSnapshotDelete").snapshotDelete(ref, bits);
    }

    private static List<DomainSnapshot> wrap(CoreDomain domain, List<DomainSnapshotRef> refs) {
        return refs.stream().<DomainSnapshot>map(r -> new CoreDomainSnapshot(domain, r)).toList();
    }

    /** libvirt's VIR_EXCLUSIVE_FLAGS check in its public snapshot functions. */
    private static void exclusive(long bits, Flag a, Flag b, String nameA, String nameB) {
        if ((bits & a.bit()) != 0 && (bits & b.bit()) != 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                    "Flags '" + nameA + "' and '" + nameB + "' are mutually exclusive");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreDomainSnapshot other && other.domain.equals(domain) && other.ref.name().equals(ref.name());
    }

    @Override
    public int hashCode() {
        return domain.hashCode() * 31 + ref.name().hashCode();
    }

    @Override
    public String toString() {
        return "DomainSnapshot[" + ref.name() + " of " + domain + "]";
    }
}
