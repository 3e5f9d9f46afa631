package io.virtkit.model.network;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.netcommon.IpRoute;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What libvirt's network parser checks of a whole definition (virNetworkDefParseXML and its helpers), with its
 * codes and wording. What a driver cannot run is not checked here: each driver refuses that itself.
 */
final class NetworkChecks {
    private NetworkChecks() {
    }

    static void check(String name, NetworkForward forward, NetworkBridge bridge, Integer mtu, NetworkDns dns,
            List<NetworkIp> ips, List<IpRoute> routes, List<PortGroup> portGroups) {
        checkInterfaceName(name, "bridge", bridge.name());
        if (forward != null) {
            for (ForwardInterface i : forward.interfaces()) {
                checkInterfaceName(name, "forward", i.dev());
            }
            checkInterfaceName(name, "forward", forward.pf());
        }
        if (mtu != null && (mtu <= 0 || mtu > 65535)) {
            throw xmlError("Invalid mtu size '" + mtu + "' in network '" + name + "'");
        }
        if (bridge.delay() < 0) {
            throw xmlError("Invalid delay value in network '" + name + "'");
        }
        for (NetworkIp ip : ips) {
            checkIp(name, ip);
        }
        for (IpRoute r : routes) {
            // the gateway must be reachable on one of the network's own subnets
            if (ips.stream().noneMatch(ip -> ip.prefix() >= 0
                    && IpAddresses.sameSubnet(ip.address(), r.gateway(), ip.prefix()))) {
                throw unsupported("unreachable static route gateway '" + IpAddresses.format(r.gateway())
                        + "' specified for network '" + name + "'");
            }
        }
        if (dns != null && Boolean.FALSE.equals(dns.enable()) && !dns.hasNoRecords()) {
            throw xmlError("Extra data in disabled network '" + name + "'");
        }
        checkForward(name, forward, bridge, mtu, ips);
    }

    /** Bridge and device names go to the kernel: at most 15 bytes, no '/', ':' or blanks. */
    private static void checkInterfaceName(String network, String what, String ifname) {
        if (ifname == null) {
            return;
        }
        if (ifname.isEmpty() || ifname.length() > NetworkDefinition.MAX_INTERFACE_NAME || ifname.equals(".")
                || ifname.equals("..")
                || ifname.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c > 0x7e)) {
            throw xmlError("Invalid " + what + " device name '" + ifname + "' in network '" + network + "'");
        }
    }

    private static void checkIp(String name, NetworkIp ip) {
        String address = IpAddresses.format(ip.address());
        boolean v6 = ip.isIpv6();
        if ("ipv6".equals(ip.family()) && !v6) {
            throw unsupported("Family 'ipv6' specified for non-IPv6 address '" + address + "' in network '" + name
                    + "'");
        }
        if (!"ipv6".equals(ip.family()) && v6) {
            throw unsupported((ip.family() == null ? "no" : ip.family()) + " family specified for non-IPv4 address '"
                    + address + "' in network '" + name + "'");
        }
        if (ip.netmask() != null && ip.prefixLength() != null) {
            throw unsupported("Network '" + name + "' IP address cannot have both a prefix and a netmask");
        }
        if (v6 && ip.netmask() != null) {
            throw unsupported("netmask not allowed for IPv6 address '" + address + "' in network '" + name + "'");
        }
        int maxPrefix = v6 ? 128 : 32;
        if (ip.prefixLength() != null && (ip.prefixLength() < 0 || ip.prefixLength() > maxPrefix)) {
            throw unsupported("Invalid " + (v6 ? "IPv6" : "IPv4") + " prefix '" + ip.prefixLength()
                    + "' in network '" + name + "'");
        }
        if (ip.netmask() != null && IpAddresses.prefixOf(ip.netmask()) < 0) {
            throw xmlError("Invalid netmask '" + IpAddresses.format(ip.netmask()) + "' in network '" + name + "'");
        }
        int prefix = ip.prefix();
        if (prefix < 0) {
            throw xmlError("Missing netmask or prefix for address '" + address + "' in network '" + name + "'");
        }
        if (v6 && ip.tftpRoot() != null) {
            throw unsupported("Unsupported <tftp> element in an IPv6 element in network '" + name + "'");
        }
        for (DhcpRange r : ip.dhcpRanges()) {
            checkRange(ip, r, prefix);
        }
        Set<String> macs = new HashSet<>();
        Set<InetAddress> addresses = new HashSet<>();
        for (DhcpHost h : ip.dhcpHosts()) {
            checkHost(name, ip, h);
            if (h.mac() != null && !macs.add(IpAddresses.normalizeMac(h.mac()))) {
                throw xmlError("Duplicate MAC address '" + h.mac() + "' in static host definitions of network '"
                        + name + "'");
            }
            if (!addresses.add(h.ip())) {
                throw xmlError("Duplicate IP address '" + IpAddresses.format(h.ip())
                        + "' in static host definitions of network '" + name + "'");
            }
        }
    }

    /** The checks and wording of libvirt's range check (virSocketAddrGetRange). */
    private static void checkRange(NetworkIp ip, DhcpRange r, int prefix) {
        String range = IpAddresses.format(r.start()) + " - " + IpAddresses.format(r.end());
        String net = IpAddresses.format(ip.address()) + "/" + prefix;
        if (!ip.inSubnet(r)) {
            throw internal("range " + range + " is not entirely within network " + net);
        }
        if (ip.isIpv4() && r.start().equals(ip.networkAddress())) {
            throw internal("start of range " + range + " in network " + net + " is the network address");
        }
        if (ip.isIpv4() && r.end().equals(ip.broadcastAddress())) {
            throw internal("end of range " + range + " in network " + net + " is the broadcast address");
        }
        byte[] s = r.start().getAddress();
        byte[] e = r.end().getAddress();
        for (int i = 0; i < s.length - 2; i++) {
            if (s[i] != e[i]) {
                throw internal("range " + range + " is too large (> 65535)");
            }
        }
        BigInteger size = IpAddresses.toNumber(r.end()).subtract(IpAddresses.toNumber(r.start()));
        if (size.signum() < 0) {
            throw internal("range " + range + " is reversed");
        }
    }

    private static void checkHost(String name, NetworkIp ip, DhcpHost h) {
        if (h.mac() != null) {
            if (ip.isIpv6()) {
                throw xmlError("Invalid to specify MAC address '" + h.mac() + "' in network '" + name
                        + "' IPv6 static host definition");
            }
            String canonical = IpAddresses.normalizeMac(h.mac());
            if (canonical == null) {
                throw xmlError("Cannot parse MAC address '" + h.mac() + "' in network '" + name + "'");
            }
            if (IpAddresses.isMulticastMac(canonical)) {
                throw xmlError("expected unicast mac address, found multicast '" + h.mac() + "' in network '"
                        + name + "'");
            }
        }
        if (h.name() != null && (h.name().isEmpty() || !Character.isLetterOrDigit(h.name().charAt(0))
                || h.name().charAt(0) > 0x7e)) {
            throw xmlError("Cannot use host name '" + h.name() + "' in network '" + name + "'");
        }
        if (ip.isIpv4() && h.mac() == null && h.name() == null) {
            throw xmlError("Static host definition in IPv4 network '" + name + "' must have mac or name attribute");
        }
        if (ip.isIpv6() && h.id() == null && h.name() == null) {
            throw xmlError("Static host definition in IPv6 network '" + name + "' must have id or name attribute");
        }
        if (!ip.inSubnet(h.ip())) {
            throw xmlError("Static host IP address '" + IpAddresses.format(h.ip()) + "' is not within network "
                    + IpAddresses.format(ip.address()) + "/" + ip.prefix() + " of network '" + name + "'");
        }
    }

    /** What libvirt's parser requires of each forward mode. */
    private static void checkForward(String name, NetworkForward forward, NetworkBridge bridge, Integer mtu,
            List<NetworkIp> ips) {
        if (forward == null) {
            return;
        }
        ForwardMode mode = forward.mode();
        String modeName = mode.xmlName();
        if (forward.nat() != null && mode != ForwardMode.NAT) {
            throw xmlError("The <nat> element can only be used when <forward> 'mode' is 'nat' in network " + name);
        }
        if (!forward.interfaces().isEmpty() && !forward.addresses().isEmpty()) {
            throw xmlError("the <forward> element of network '" + name + "' can have <interface> or <address>"
                    + " elements, but not both");
        }
        switch (mode) {
            case NAT, ROUTE, OPEN -> {
                if (ips.isEmpty()) {
                    throw xmlError(modeName + " forwarding requested, but no IP address provided for network '"
                            + name + "'");
                }
                if (forward.interfaces().size() > 1) {
                    throw xmlError("multiple forwarding interfaces specified for network '" + name
                            + "', only one is supported");
                }
                if (mode == ForwardMode.OPEN && !forward.interfaces().isEmpty()) {
                    throw xmlError("forward dev not allowed for network '" + name + "' with forward mode='open'");
                }
            }
            case PRIVATE, VEPA, PASSTHROUGH, HOSTDEV, BRIDGE -> {
                if (mode != ForwardMode.BRIDGE) {
                    if (bridge.name() != null) {
                        throw xmlError("bridge name not allowed in " + modeName + " mode (network '" + name + "')");
                    }
                    if (bridge.zone() != null) {
                        throw xmlError("bridge zone not allowed in " + modeName + " mode (network '" + name + "')");
                    }
                    if (bridge.macTableManager() != null) {
                        throw xmlError("bridge macTableManager setting not allowed in " + modeName
                                + " mode (network '" + name + "')");
                    }
                }
                if (!bridge.stp() || bridge.delay() != 0 || bridge.zone() != null) {
                    throw xmlError(bridgeOptionsNotAllowed(name, modeName));
                }
                if (bridge.name() != null && forward.dev() != null) {
                    throw xmlError("A network with forward mode='" + modeName + "' can specify a bridge name or a"
                            + " forward dev, but not both (network '" + name + "')");
                }
                if (mtu != null) {
                    throw xmlError("mtu size only allowed in open, route, nat, and isolated mode, not in "
                            + modeName + " (network '" + name + "')");
                }
            }
            default -> throw new IllegalStateException(modeName);
        }
    }

    static String bridgeOptionsNotAllowed(String name, String modeName) {
        return "bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in " + modeName
                + " (network '" + name + "')";
    }

    static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }

    private static VirtException internal(String detail) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, detail);
    }
}
