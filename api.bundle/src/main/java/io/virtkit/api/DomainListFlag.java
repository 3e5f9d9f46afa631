package io.virtkit.api;

/**
 * Filters for {@link Connection#listAllDomains}, as libvirt's {@code virConnectListAllDomainsFlags} with
 * the same bits. Flags of one group (active/inactive, persistent/transient, state, managed save, autostart) widen the
 * selection within that group; groups narrow each other. No flag at all lists every domain.
 */
public enum DomainListFlag implements Flag {
    ACTIVE(1, 0), INACTIVE(1 << 1, 0),
    PERSISTENT(1 << 2, 1), TRANSIENT(1 << 3, 1),
    RUNNING(1 << 4, 2), PAUSED(1 << 5, 2), SHUTOFF(1 << 6, 2), OTHER(1 << 7, 2),
    /** With a managed save image (virsh {@code list --with-managed-save}). @since 1.7 */
    MANAGEDSAVE(1 << 8, 3),
    /** Without a managed save image. @since 1.7 */
    NO_MANAGEDSAVE(1 << 9, 3),
    AUTOSTART(1 << 10, 4), NO_AUTOSTART(1 << 11, 4);

    private final int bit;
    private final int group;

    DomainListFlag(int bit, int group) {
        this.bit = bit;
        this.group = group;
    }

    /** libvirt's bit for this flag. */
    public int bit() {
        return bit;
    }

    /** Flags with the same group number are alternatives of one filter. */
    public int group() {
        return group;
    }
}
