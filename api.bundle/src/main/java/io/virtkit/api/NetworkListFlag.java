package io.virtkit.api;

/**
 * Filters for {@link Connection#listAllNetworks}, libvirt's {@code virConnectListAllNetworksFlags} with the
 * same bits; flags of one group widen, groups narrow each other, none lists every network.
 */
public enum NetworkListFlag implements Flag {
    INACTIVE(1, 0), ACTIVE(1 << 1, 0),
    PERSISTENT(1 << 2, 1), TRANSIENT(1 << 3, 1),
    AUTOSTART(1 << 4, 2), NO_AUTOSTART(1 << 5, 2);

    private final int bit;
    private final int group;

    NetworkListFlag(int bit, int group) {
        this.bit = bit;
        this.group = group;
    }

    public int bit() {
        return bit;
    }

    public int group() {
        return group;
    }
}
