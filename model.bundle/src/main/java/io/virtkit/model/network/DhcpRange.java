package io.virtkit.model.network;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * A {@code <range>} of a network's DHCP server: the addresses handed out dynamically, both ends included.
 * Whether it fits its network is checked by {@link NetworkDefinition}.
 */
public record DhcpRange(Inet4Address start, Inet4Address end) {

    public DhcpRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** The number of addresses in the range (0 when reversed). */
    public long size() {
        long n = Ipv4.toLong(end) - Ipv4.toLong(start) + 1;
        return Math.max(n, 0);
    }

    /** Whether {@code address} lies inside the range. */
    public boolean contains(Inet4Address address) {
        long a = Ipv4.toLong(address);
        return a >= Ipv4.toLong(start) && a <= Ipv4.toLong(end);
    }
}
