package io.virtkit.api;

/**
 * Options of a migration, as libvirt's {@code virDomainMigrateFlags} with the same bits (they travel to drivers and
 * over libvirt's wire as these bits).
 *
 * @since 1.8
 */
public enum MigrateFlag implements Flag {
    /** Keep the guest running while its memory is copied (else it is paused for the copy). */
    LIVE(1),
    /** The source host connects to the destination itself ({@code dconnuri}); the caller holds one connection. */
    PEER2PEER(1 << 1),
    /** Migration data through libvirt's RPC connection: not offered by Virtkit (refused as libvirt's drivers without it). */
    TUNNELLED(1 << 2),
    /** Define the guest persistently on the destination. */
    PERSIST_DEST(1 << 3),
    /** Undefine the guest's definition on the source once it runs on the destination. */
    UNDEFINE_SOURCE(1 << 4),
    /** Leave the guest paused on the destination. */
    PAUSED(1 << 5),
    /** Copy non-shared disks whole. */
    NON_SHARED_DISK(1 << 6),
    /** Copy non-shared disks incrementally. */
    NON_SHARED_INC(1 << 7),
    /** Refuse configuration changes to the guest during the migration. */
    CHANGE_PROTECTION(1 << 8),
    /** Migrate even where libvirt would call it unsafe (cache modes of shared disks). */
    UNSAFE(1 << 9),
    /** Move only the definition (the guest need not run); needs {@link #PERSIST_DEST}. */
    OFFLINE(1 << 10),
    /** Compress the memory sent. */
    COMPRESSED(1 << 11),
    /** Abort on I/O errors during the migration. */
    ABORT_ON_ERROR(1 << 12),
    /** Throttle the guest's vCPUs when the memory copy does not converge. */
    AUTO_CONVERGE(1 << 13);

    private final int bit;

    MigrateFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
