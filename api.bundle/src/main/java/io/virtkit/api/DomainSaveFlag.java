package io.virtkit.api;

/**
 * How a domain's memory state is saved and restored, libvirt's {@code virDomainSaveRestoreFlags} with the same
 * bits (for {@link Domain#managedSave}, {@link Domain#save} and {@link Connection#restoreDomain}). RUNNING and
 * PAUSED exclude each other.
 *
 * @since 1.7
 */
public enum DomainSaveFlag implements Flag {
    /** Bypass the host's file system cache while writing or reading the image. */
    BYPASS_CACHE(1),
    /** Run the domain when it is restored, whatever its state when saved. */
    RUNNING(1 << 1),
    /** Leave the domain paused when it is restored. */
    PAUSED(1 << 2),
    /** Reset the domain's NVRAM from its template when it is restored. */
    RESET_NVRAM(1 << 3);

    private final int bit;

    DomainSaveFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
