package io.virtkit.model.network;

import io.virtkit.model.internal.netcommon.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A {@code <range>} of a network's DHCP server: the addresses handed out dynamically, both ends included.
 * Whether it fits its network is checked by {@link NetworkDefinition}.
 *
 * @param start the first address
 * @param end   the last address
 * @param lease the lease time of addresses of this range, or {@code null} for the default
 */
public record DhcpRange(InetAddress start, InetAddress end, DhcpLease lease) {

    public DhcpRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** A range with the default lease time. */
    public DhcpRange(InetAddress start, InetAddress end) {
        this(start, end, null);
    }

    /** The number of addresses in the range (0 when reversed or of two families). */
    public long size() {
        if (start.getClass() != end.getClass()) {
            return 0;
        }
        long n = IpAddresses.toNumber(end).subtract(IpAddresses.toNumber(start)).longValue() + 1;
        return Math.max(n, 0);
    }

    /** Whether {@code address} lies inside the range. */
    public boolean contains(InetAddress address) {
        var a = IpAddresses.toNumber(address);
        return address.getClass() == start.getClass() && a.compareTo(IpAddresses.toNumber(start)) >= 0
                && a.compareTo(IpAddresses.toNumber(end)) <= 0;
    }
}
