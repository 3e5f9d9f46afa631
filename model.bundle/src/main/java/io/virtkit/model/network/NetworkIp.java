package io.virtkit.model.network;

import io.virtkit.model.internal.netcommon.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * An {@code <ip>} of a network: the host's address on the network's bridge, its subnet, and the DHCP
 * server that serves it. Whether the parts fit together (ranges and hosts inside the subnet, no duplicates)
 * is checked by {@link NetworkDefinition}, whose name the errors carry.
 *
 * @param family       {@code ipv4} or {@code ipv6} as written, or {@code null} (IPv4)
 * @param address      the host's address on the bridge (e.g. {@code 192.168.122.1} or {@code fd00::1})
 * @param netmask      the IPv4 netmask as written ({@code netmask} attribute), or {@code null}
 * @param prefixLength the prefix as written ({@code prefix}), or {@code null}; never both
 * @param localPtr     whether reverse lookups of the subnet are answered locally ({@code localPtr}), or
 *                     {@code null}
 * @param tftpRoot     the directory served over TFTP ({@code <tftp root>}, IPv4), or {@code null}
 * @param dhcpRanges   the dynamic DHCP ranges
 * @param dhcpHosts    the static DHCP hosts
 * @param bootp        the DHCP boot file ({@code <bootp>}, IPv4), or {@code null}
 */
public record NetworkIp(String family, InetAddress address, InetAddress netmask, Integer prefixLength,
        Boolean localPtr, String tftpRoot, List<DhcpRange> dhcpRanges, List<DhcpHost> dhcpHosts, DhcpBootp bootp) {

    public NetworkIp {
        Objects.requireNonNull(address, "address");
        dhcpRanges = List.copyOf(dhcpRanges);
        dhcpHosts = List.copyOf(dhcpHosts);
    }

    /** An address with its netmask or prefix and DHCP ranges and hosts, as before IPv6. */
    public NetworkIp(InetAddress address, InetAddress netmask, Integer prefixLength, List<DhcpRange> dhcpRanges,
            List<DhcpHost> dhcpHosts) {
        this(address instanceof Inet6Address ? "ipv6" : null, address, netmask, prefixLength, null, null, dhcpRanges,
                dhcpHosts, null);
    }

    /** An address with a prefix and no DHCP. */
    public static NetworkIp of(InetAddress address, int prefix) {
        return new NetworkIp(address, null, prefix, List.of(), List.of());
    }

    /** Whether this is an IPv6 address. */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /**
     * The effective prefix length: the {@code prefix} attribute, else the netmask's length, else (as libvirt
     * does) 64 for IPv6 and the IPv4 address's classful length — 8, 16 or 24 — or -1 for a class D/E address
     * or a netmask whose bits are not contiguous.
     */
    public int prefix() {
        if (prefixLength != null) {
            return prefixLength;
        }
        if (netmask != null) {
            return IpAddresses.prefixOf(netmask);
        }
        if (isIpv6()) {
            return 64;
        }
        int first = address.getAddress()[0] & 0xFF;
        if (IpAddresses.toNumber(address).signum() == 0) {
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
    public InetAddress effectiveNetmask() {
        return IpAddresses.netmask(requirePrefix(), IpAddresses.bits(address));
    }

    /** The subnet's network address (e.g. {@code 192.168.122.0}). */
    public InetAddress networkAddress() {
        return IpAddresses.network(address, requirePrefix());
    }

    /** The subnet's last address: the IPv4 broadcast address (e.g. {@code 192.168.122.255}). */
    public InetAddress broadcastAddress() {
        return IpAddresses.broadcast(address, requirePrefix());
    }

    /** Whether {@code other} is inside this address's subnet (and of its family). */
    public boolean inSubnet(InetAddress other) {
        return IpAddresses.sameSubnet(address, other, requirePrefix());
    }

    /** Whether the whole range lies inside this address's subnet. */
    public boolean inSubnet(DhcpRange range) {
        return inSubnet(range.start()) && inSubnet(range.end());
    }

    /** {@code address/prefix}, e.g. {@code 192.168.122.1/24}: what is assigned to the bridge. */
    public String cidr() {
        return IpAddresses.format(address) + "/" + prefix();
    }

    /** Whether this address runs a DHCP server (it has a range or a static host). */
    public boolean hasDhcp() {
        return !dhcpRanges.isEmpty() || !dhcpHosts.isEmpty();
    }

    /** Whether this is an IPv4 address. */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    private int requirePrefix() {
        int p = prefix();
        if (p < 0) {
            throw new IllegalStateException("no valid prefix for " + IpAddresses.format(address));
        }
        return p;
    }
}
