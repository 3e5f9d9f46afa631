package io.virtkit.api;

/**
 * Where a device change applies, libvirt's {@code virDomainDeviceModifyFlags} with the same bits. No flag
 * (or {@link #CURRENT}) means the running definition of an active domain, else the persistent one.
 */
public enum DeviceModifyFlag implements Flag {
    /** The current state: live if the domain runs, else its persistent configuration. */
    CURRENT(0),
    /** The running domain (fails with OPERATION_INVALID if it is not running). */
    LIVE(1),
    /** The persistent configuration (fails with OPERATION_INVALID for a transient domain). */
    CONFIG(1 << 1);

    private final int bit;

    DeviceModifyFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
