package io.virtkit.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle on one snapshot of one domain, libvirt's {@code virDomainSnapshotPtr}. It names the snapshot by
 * its domain and name; every call fails with {@link ErrorCode#NO_DOMAIN_SNAPSHOT} once the snapshot no longer
 * exists, with {@link ErrorCode#NO_DOMAIN} once its domain has gone, and with {@link ErrorCode#INVALID_CONN}
 * once its connection is closed. Changes are refused on a read-only connection
 * ({@link ErrorCode#OPERATION_DENIED}).
 *
 * @since 1.6
 */
@ProviderType
public interface DomainSnapshot {

    /** {@code virDomainSnapshotGetName}. */
    String name();

    /** {@code virDomainSnapshotGetDomain}: the domain the snapshot belongs to. */
    Domain domain();

    /** The {@code <domainsnapshot>} XML ({@code virDomainSnapshotGetXMLDesc}). */
    String xml(DomainSnapshotXmlFlag... flags);

    /**
     * The snapshot this one was taken on top of ({@code virDomainSnapshotGetParent}).
     *
     * @throws VirtException {@link ErrorCode#NO_DOMAIN_SNAPSHOT} "snapshot '…' does not have a parent"
     */
    DomainSnapshot parent();

    /** Whether this is its domain's current snapshot ({@code virDomainSnapshotIsCurrent}). */
    boolean isCurrent();

    /** Whether the snapshot has metadata kept by the driver ({@code virDomainSnapshotHasMetadata}). */
    boolean hasMetadata();

    /**
     * The snapshot's children ({@code virDomainSnapshotListAllChildren}); {@link DomainSnapshotListFlag#DESCENDANTS}
     * for all descendants.
     */
    List<DomainSnapshot> listAllChildren(DomainSnapshotListFlag... flags);

    /** Puts the domain back in the state of this snapshot ({@code virDomainRevertToSnapshot}). */
    void revert(DomainSnapshotRevertFlag... flags);

    /** Deletes the snapshot, or its descendants, or both ({@code virDomainSnapshotDelete}). */
    void delete(DomainSnapshotDeleteFlag... flags);
}
