package io.virtkit.model.network;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * An {@code <ip>} of a network: the host's address on the network's bridge, its subnet, and the DHCP
 * server that serves it. Virtkit supports IPv4 only. Whether the parts fit together (ranges and hosts
 * inside the subnet, no duplicates) is checked by {@link NetworkDefinition}, whose name the errors carry.
 *
 * @param address      the host's address on the bridge (e.g. {@code 192.168.122.1})
 * @param netmask      the netmask as written ({@code netmask} attribute), or {@code null}
 * @param prefixLength the prefix as written ({@code prefix} attribute, 1 to 32), or {@code null}; never both
 * @param dhcpRanges   the dynamic DHCP ranges
 * @param dhcpHosts    the static DHCP hosts
 */
public record NetworkIp(Inet4Address address, Inet4Address netmask, Integer prefixLength, List<DhcpRange> dhcpRanges,
        List<DhcpHost> dhcpHosts) {

    public NetworkIp {
        Objects.requireNonNull(address, "address");
        dhcpRanges = List.copyOf(dhcpRanges);
        dhcpHosts = List.copyOf(dhcpHosts);
    }

    /** An address with a prefix and no DHCP. */
    public static NetworkIp of(Inet4Address address, int prefix) {
        return new NetworkIp(address, null, prefix, List.of(), List.of());
    }

    /**
     * The effective prefix length: the {@code prefix} attribute, else the netmask's length, else (as libvirt
     * does) the address's classful length — 8, 16 or 24 — or -1 for a class D/E address or a netmask whose
     * bits are not contiguous.
     */
    public int prefix() {
        if (prefixLength != null) {
            return prefixLength;
        }
        if (netmask != null) {
            return Ipv4.prefixOf(netmask);
        }
        int first = (int) (Ipv4.toLong(address) >>> 24);
        if (Ipv4.toLong(address) == 0) {
            return 0;
        }
        if ((first & 0x80) == 0) {
            return 8;
        }
        if ((first & 0xC0) == 0x80) {
            return 16;
        }
        if ((first & 0xE0) == 0xC0) {
            return 24;
        }
        return -1;
    }

    /** The netmask of {@link #prefix()} (e.g. {@code 255.255.255.0}). */
    public Inet4Address effectiveNetmask() {
        return Ipv4.fromLong(Ipv4.maskOf(requirePrefix()));
    }

    /** The subnet's network address (e.g. {@code 192.168.122.0}). */
    public Inet4Address networkAddress() {
        return Ipv4.fromLong(Ipv4.toLong(address) & Ipv4.maskOf(requirePrefix()));
    }

    /** The subnet's broadcast address (e.g. {@code 192.168.122.255}). */
    public Inet4Address broadcastAddress() {
        long mask = Ipv4.maskOf(requirePrefix());
        return Ipv4.fromLong((Ipv4.toLong(address) & mask) | (~mask & 0xFFFFFFFFL));
    }

    /** Whether {@code other} is inside this address's subnet. */
    public boolean inSubnet(Inet4Address other) {
        long mask = Ipv4.maskOf(requirePrefix());
        return (Ipv4.toLong(other) & mask) == (Ipv4.toLong(address) & mask);
    }

    /** Whether the whole range lies inside this address's subnet. */
    public boolean inSubnet(DhcpRange range) {
        return inSubnet(range.start()) && inSubnet(range.end());
    }

    /** {@code address/prefix}, e.g. {@code 192.168.122.1/24}: what is assigned to the bridge. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefix();
    }

    /** Whether this address runs a DHCP server (it has a range or a static host). */
    public boolean hasDhcp() {
        return !dhcpRanges.isEmpty() || !dhcpHosts.isEmpty();
    }

    private int requirePrefix() {
        int p = prefix();
        if (p < 0) {
            throw new IllegalStateException("no valid prefix for " + address.getHostAddress());
        }
        return p;
    }
}
