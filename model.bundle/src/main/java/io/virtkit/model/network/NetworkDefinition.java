package io.virtkit.model.network;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A virtual network's configuration: libvirt's network XML as an immutable value. {@link NetworkXmlCodec}
 * reads and writes it. Every definition is valid: the constructor checks what libvirt checks and throws
 * a {@link VirtException} from {@link ErrorDomain#NETWORK} naming the network otherwise. Optional parts
 * are {@code null} when absent.
 *
 * @param name        the unique name (non-empty, no {@code /}, newline or NUL)
 * @param uuid        the unique id
 * @param forwardMode how guests reach the outside ({@link ForwardMode#NONE} for an isolated network)
 * @param forwardDev  the host device traffic is forwarded through ({@code <forward dev>}), or {@code null} for any
 * @param bridgeName  the bridge's name; {@code null} lets the driver pick {@code virbr<N>} (not for
 *                    {@link ForwardMode#BRIDGE}, where it names the existing host bridge)
 * @param stp         whether the bridge runs the spanning tree protocol (always {@code true} in bridge mode)
 * @param stpDelay    the bridge's forward delay in seconds (always 0 in bridge mode)
 * @param mac         the bridge's MAC address, lower case, or {@code null} to let the driver generate one
 * @param mtu         the bridge's MTU, or {@code null} for the kernel's default
 * @param domainName  the DNS domain of the guests ({@code <domain name>}), or {@code null}
 * @param ips         the host's addresses on the network (IPv4 only; at most one with DHCP)
 */
public record NetworkDefinition(String name, UUID uuid, ForwardMode forwardMode, String forwardDev,
        String bridgeName, boolean stp, long stpDelay, String mac, Integer mtu, String domainName,
        List<NetworkIp> ips) {

    /** The longest network interface name Linux accepts (IFNAMSIZ - 1). */
    public static final int MAX_INTERFACE_NAME = 15;

    public NetworkDefinition {
        checkName(name);
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(forwardMode, "forwardMode");
        ips = List.copyOf(ips);
        checkInterfaceName(name, "bridge", bridgeName);
        checkInterfaceName(name, "forward", forwardDev);
        if (mac != null) {
            String canonical = Ipv4.normalizeMac(mac);
            if (canonical == null) {
                throw xmlError("Invalid bridge mac address '" + mac + "' in network '" + name + "'");
            }
            if (Ipv4.isMulticastMac(canonical)) {
                throw xmlError("Invalid multicast bridge mac address '" + mac + "' in network '" + name + "'");
            }
            mac = canonical;
        }
        if (mtu != null && (mtu <= 0 || mtu > 65535)) {
            throw xmlError("Invalid mtu size '" + mtu + "' in network '" + name + "'");
        }
        if (stpDelay < 0) {
            throw xmlError("Invalid delay value in network '" + name + "'");
        }
        checkIps(name, ips);
        checkForwardMode(name, forwardMode, forwardDev, bridgeName, stp, stpDelay, mac, mtu, domainName, ips);
    }

    /** The address that runs the DHCP server, if any. */
    public Optional<NetworkIp> dhcpIp() {
        return ips.stream().filter(NetworkIp::hasDhcp).findFirst();
    }

    /** A copy with another UUID. */
    public NetworkDefinition withUuid(UUID newUuid) {
        return toBuilder().uuid(newUuid).build();
    }

    /** A copy with another bridge name (e.g. the {@code virbr<N>} the driver picked). */
    public NetworkDefinition withBridgeName(String newBridgeName) {
        return toBuilder().bridgeName(newBridgeName).build();
    }

    /** A copy with another bridge MAC address (e.g. the one the driver generated). */
    public NetworkDefinition withMac(String newMac) {
        return toBuilder().mac(newMac).build();
    }

    /**
     * Checks a network name as libvirt checks domain names: present and non-empty, and no {@code /}
     * (names become file names), newline or NUL.
     *
     * @throws VirtException {@link ErrorCode#NO_NAME} or {@link ErrorCode#XML_DETAIL} as libvirt
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw VirtException.withMessage(ErrorCode.NO_NAME, ErrorDomain.NETWORK, "missing name information");
        }
        for (char c : List.of('/', '\n', '\0')) {
            if (name.indexOf(c) >= 0) {
                // libvirt reports this as a parser detail without a prefix.
                throw VirtException.withMessage(ErrorCode.XML_DETAIL, ErrorDomain.NETWORK,
                        "invalid char in name: " + (c == '\0' ? "0x00" : String.valueOf(c)));
            }
        }
    }

    /** Bridge and device names go to the kernel: at most 15 bytes, no '/', ':' or blanks. */
    private static void checkInterfaceName(String network, String what, String ifname) {
        if (ifname == null) {
            return;
        }
        if (ifname.isEmpty() || ifname.length() > MAX_INTERFACE_NAME || ifname.equals(".") || ifname.equals("..")
                || ifname.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c > 0x7e)) {
            throw xmlError("Invalid " + what + " device name '" + ifname + "' in network '" + network + "'");
        }
    }

    private static void checkIps(String name, List<NetworkIp> ips) {
        int withDhcp = 0;
        for (NetworkIp ip : ips) {
            checkIp(name, ip);
            if (ip.hasDhcp()) {
                withDhcp++;
            }
        }
        if (withDhcp > 1) {
            // one dnsmasq serves one IPv4 subnet per network, as in libvirt
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                    "Multiple IPv4 dhcp sections found -- dhcp is supported only for a single IPv4 address on each"
                            + " network");
        }
    }

    private static void checkIp(String name, NetworkIp ip) {
        String address = ip.address().getHostAddress();
        if (ip.netmask() != null && ip.prefixLength() != null) {
            throw unsupported("Network '" + name + "' IP address cannot have both a prefix and a netmask");
        }
        if (ip.prefixLength() != null && (ip.prefixLength() < 0 || ip.prefixLength() > 32)) {
            throw unsupported("Invalid IPv4 prefix '" + ip.prefixLength() + "' in network '" + name + "'");
        }
        if (ip.netmask() != null && Ipv4.prefixOf(ip.netmask()) < 0) {
            throw xmlError("Invalid netmask '" + ip.netmask().getHostAddress() + "' in network '" + name + "'");
        }
        int prefix = ip.prefix();
        if (prefix < 0) {
            throw xmlError("Missing netmask or prefix for address '" + address + "' in network '" + name + "'");
        }
        for (DhcpRange r : ip.dhcpRanges()) {
            checkRange(ip, r, prefix);
        }
        Set<String> macs = new HashSet<>();
        Set<Inet4Address> addresses = new HashSet<>();
        for (DhcpHost h : ip.dhcpHosts()) {
            checkHost(name, ip, h);
            if (h.mac() != null && !macs.add(Ipv4.normalizeMac(h.mac()))) {
                throw xmlError("Duplicate MAC address '" + h.mac() + "' in static host definitions of network '"
                        + name + "'");
            }
            if (!addresses.add(h.ip())) {
                throw xmlError("Duplicate IP address '" + h.ip().getHostAddress()
                        + "' in static host definitions of network '" + name + "'");
            }
        }
    }

    /** The checks and wording of libvirt's range check (virSocketAddrGetRange) for IPv4. */
    private static void checkRange(NetworkIp ip, DhcpRange r, int prefix) {
        String range = r.start().getHostAddress() + " - " + r.end().getHostAddress();
        String net = ip.address().getHostAddress() + "/" + prefix;
        if (!ip.inSubnet(r)) {
            throw internal("range " + range + " is not entirely within network " + net);
        }
        if (r.start().equals(ip.networkAddress())) {
            throw internal("start of range " + range + " in network " + net + " is the network address");
        }
        if (r.end().equals(ip.broadcastAddress())) {
            throw internal("end of range " + range + " in network " + net + " is the broadcast address");
        }
        byte[] s = r.start().getAddress();
        byte[] e = r.end().getAddress();
        if (s[0] != e[0] || s[1] != e[1]) {
            throw internal("range " + range + " is too large (> 65535)");
        }
        if (Ipv4.toLong(r.end()) < Ipv4.toLong(r.start())) {
            throw internal("range " + range + " is reversed");
        }
    }

    private static void checkHost(String name, NetworkIp ip, DhcpHost h) {
        if (h.mac() != null) {
            String canonical = Ipv4.normalizeMac(h.mac());
            if (canonical == null) {
                throw xmlError("Cannot parse MAC address '" + h.mac() + "' in network '" + name + "'");
            }
            if (Ipv4.isMulticastMac(canonical)) {
                throw xmlError("expected unicast mac address, found multicast '" + h.mac() + "' in network '"
                        + name + "'");
            }
        }
        if (h.name() != null && (h.name().isEmpty() || !Character.isLetterOrDigit(h.name().charAt(0))
                || h.name().charAt(0) > 0x7e)) {
            throw xmlError("Cannot use host name '" + h.name() + "' in network '" + name + "'");
        }
        if (h.mac() == null && h.name() == null) {
            throw xmlError("Static host definition in IPv4 network '" + name + "' must have mac or name attribute");
        }
        if (!ip.inSubnet(h.ip())) {
            throw xmlError("Static host IP address '" + h.ip().getHostAddress() + "' is not within network "
                    + ip.address().getHostAddress() + "/" + ip.prefix() + " of network '" + name + "'");
        }
    }

    /** What libvirt requires of each forward mode (virNetworkDefParseXML and the network driver's validation). */
    private static void checkForwardMode(String name, ForwardMode mode, String forwardDev, String bridgeName,
            boolean stp, long stpDelay, String mac, Integer mtu, String domainName, List<NetworkIp> ips) {
        String modeName = mode.xmlName();
        switch (mode) {
            case NONE -> {
                if (forwardDev != null) {
                    throw xmlError("forward dev not allowed for network '" + name + "' with forward mode='none'");
                }
            }
            case NAT, ROUTE -> {
                if (ips.isEmpty()) {
                    throw xmlError(modeName + " forwarding requested, but no IP address provided for network '"
                            + name + "'");
                }
            }
            case BRIDGE -> {
                if (!stp || stpDelay != 0) {
                    throw xmlError(bridgeOptionsNotAllowed(name));
                }
                if (bridgeName != null && forwardDev != null) {
                    throw xmlError("A network with forward mode='bridge' can specify a bridge name or a forward dev,"
                            + " but not both (network '" + name + "')");
                }
                if (mtu != null) {
                    throw xmlError("mtu size only allowed in open, route, nat, and isolated mode, not in bridge"
                            + " (network '" + name + "')");
                }
                if (mac != null) {
                    throw unsupportedInBridgeMode(name, "mac");
                }
                if (!ips.isEmpty()) {
                    throw unsupportedInBridgeMode(name, "ip");
                }
                if (domainName != null) {
                    throw unsupportedInBridgeMode(name, "domain");
                }
                if (bridgeName == null) {
                    // a forward dev alone would mean macvtap, which Virtkit does not do
                    throw unsupported("network '" + name + "' with forward mode='bridge' needs the name of an"
                            + " existing host bridge in <bridge name='...'/>");
                }
            }
            default -> throw new IllegalStateException(modeName);
        }
    }

    static String bridgeOptionsNotAllowed(String name) {
        return "bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in bridge"
                + " (network '" + name + "')";
    }

    private static VirtException unsupportedInBridgeMode(String name, String element) {
        return unsupported("Unsupported <" + element + "> element in network " + name + " with forward mode='bridge'");
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }

    private static VirtException internal(String detail) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, detail);
    }

    /**
     * A builder with libvirt's defaults: an isolated network ({@link ForwardMode#NONE}), STP on with no delay,
     * no addresses, and a random UUID unless one is set.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this definition's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.uuid = uuid;
        b.forwardMode = forwardMode;
        b.forwardDev = forwardDev;
        b.bridgeName = bridgeName;
        b.stp = stp;
        b.stpDelay = stpDelay;
        b.mac = mac;
        b.mtu = mtu;
        b.domainName = domainName;
        b.ips = new ArrayList<>(ips);
        return b;
    }

    /** Builds a {@link NetworkDefinition}; {@link #build()} checks it as the constructor does. */
    public static final class Builder {
        private String name;
        private UUID uuid;
        private ForwardMode forwardMode = ForwardMode.NONE;
        private String forwardDev;
        private String bridgeName;
        private boolean stp = true;
        private long stpDelay;
        private String mac;
        private Integer mtu;
        private String domainName;
        private List<NetworkIp> ips = new ArrayList<>();

        private Builder() {
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder uuid(UUID value) {
            this.uuid = value;
            return this;
        }

        public Builder forwardMode(ForwardMode value) {
            this.forwardMode = value;
            return this;
        }

        public Builder forwardDev(String value) {
            this.forwardDev = value;
            return this;
        }

        public Builder bridgeName(String value) {
            this.bridgeName = value;
            return this;
        }

        public Builder stp(boolean value) {
            this.stp = value;
            return this;
        }

        public Builder stpDelay(long value) {
            this.stpDelay = value;
            return this;
        }

        public Builder mac(String value) {
            this.mac = value;
            return this;
        }

        public Builder mtu(Integer value) {
            this.mtu = value;
            return this;
        }

        public Builder domainName(String value) {
            this.domainName = value;
            return this;
        }

        public Builder ips(List<NetworkIp> value) {
            this.ips = new ArrayList<>(value);
            return this;
        }

        /** Appends one address. */
        public Builder ip(NetworkIp value) {
            this.ips.add(value);
            return this;
        }

        public NetworkDefinition build() {
            return new NetworkDefinition(name, uuid == null ? UUID.randomUUID() : uuid, forwardMode, forwardDev,
                    bridgeName, stp, stpDelay, mac, mtu, domainName, ips);
        }
    }
}
