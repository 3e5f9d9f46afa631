package io.virtkit.api;

/** How a connection is opened, libvirt's {@code virConnectFlags} with the same bits. */
public enum ConnectFlag implements Flag {
    /** Only calls that change nothing are allowed; the others fail with OPERATION_DENIED. */
    READ_ONLY(1),
    /** Do not expand the URI through the client's aliases (kept for the remote protocol). */
    NO_ALIASES(1 << 1);

    private final int bit;

    ConnectFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
