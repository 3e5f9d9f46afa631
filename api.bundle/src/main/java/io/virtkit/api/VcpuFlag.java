package io.virtkit.api;

/**
 * What a vCPU count call reads or changes, libvirt's {@code virDomainVcpuFlags} with the same bits (for
 * {@link Domain#setVcpus} and {@link Domain#vcpusFlags}). No flag (or {@link #CURRENT}) means the running
 * domain when it runs, else its persistent configuration.
 *
 * @since 1.6
 */
public enum VcpuFlag implements Flag {
    /** The current state: live if the domain runs, else its persistent configuration. */
    CURRENT(0),
    /** The running domain (fails with OPERATION_INVALID if it is not running). */
    LIVE(1),
    /** The persistent configuration (fails with OPERATION_INVALID for a transient domain). */
    CONFIG(1 << 1),
    /** The maximum number of vCPUs rather than the number enabled (a change needs {@link #CONFIG}). */
    MAXIMUM(1 << 2),
    /** The vCPUs the guest OS has online, through its agent (not with {@link #CONFIG}). */
    GUEST(1 << 3),
    /** Make the added vCPUs hot-pluggable (unpluggable later). */
    HOTPLUGGABLE(1 << 4);

    private final int bit;

    VcpuFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
