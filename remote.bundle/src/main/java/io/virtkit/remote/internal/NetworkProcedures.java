package io.virtkit.remote.internal;

import java.util.List;
import java.util.Locale;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;

/** The network procedures, each decoding its {@code remote_network_*_args} and encoding its reply. */
final class NetworkProcedures {
    /** {@code VIR_NETWORK_XML_INACTIVE}: unlike the domain flag, bit 0. */
    static final int XML_INACTIVE = 1;
    /** {@code REMOTE_NETWORK_DHCP_LEASES_MAX}. */
    static final int DHCP_LEASES_MAX = 65536;
    /** {@code virIPAddrType}. */
    static final int IP_ADDR_IPV4 = 0;
    static final int IP_ADDR_IPV6 = 1;

    private NetworkProcedures() {
    }

    static void call(Procedure p, Connection conn, XdrReader in, XdrWriter out) {
        String fn = p.function();
        ErrorDomain ed = p.errorDomain();
        switch (p) {
            case CONNECT_LIST_ALL_NETWORKS -> listAll(conn, in, out);
            case CONNECT_NUM_OF_NETWORKS -> out.writeInt(conn.listAllNetworks(NetworkListFlag.ACTIVE).size());
            case CONNECT_NUM_OF_DEFINED_NETWORKS -> out.writeInt(conn.listAllNetworks(NetworkListFlag.INACTIVE).size());
            case CONNECT_LIST_NETWORKS -> names(conn, NetworkListFlag.ACTIVE, in, out);
            case CONNECT_LIST_DEFINED_NETWORKS -> names(conn, NetworkListFlag.INACTIVE, in, out);
            case NETWORK_LOOKUP_BY_NAME -> RemoteTypes.writeNetwork(out, conn.lookupNetworkByName(in.readString(RemoteTypes.STRING_MAX)));
            case NETWORK_LOOKUP_BY_UUID -> RemoteTypes.writeNetwork(out, conn.lookupNetworkByUuid(RemoteTypes.readUuid(in)));
            case NETWORK_DEFINE_XML -> RemoteTypes.writeNetwork(out, conn.defineNetwork(in.readString(RemoteTypes.STRING_MAX)));
            case NETWORK_CREATE_XML -> RemoteTypes.writeNetwork(out, conn.createNetwork(in.readString(RemoteTypes.STRING_MAX)));
            case NETWORK_DEFINE_XML_FLAGS, NETWORK_CREATE_XML_FLAGS -> {
                String xml = in.readString(RemoteTypes.STRING_MAX);
                // the only flag, VALIDATE, asks for RNG schema validation, which Virtkit does not have
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, ed);
                RemoteTypes.writeNetwork(out, p == Procedure.NETWORK_DEFINE_XML_FLAGS
                        ? conn.defineNetwork(xml) : conn.createNetwork(xml));
            }
            case NETWORK_CREATE -> RemoteTypes.readNetwork(in, conn).start();
            case NETWORK_DESTROY -> RemoteTypes.readNetwork(in, conn).destroy();
            case NETWORK_UNDEFINE -> RemoteTypes.readNetwork(in, conn).undefine();
            case NETWORK_GET_XML_DESC -> {
                Network n = RemoteTypes.readNetwork(in, conn);
                long bits = in.readUnsigned();
                RemoteTypes.refuseFlags(bits & ~(long) XML_INACTIVE, fn, ed);
                out.writeString((bits & XML_INACTIVE) != 0 ? n.xml(XmlFlag.INACTIVE) : n.xml());
            }
            case NETWORK_GET_AUTOSTART -> out.writeInt(RemoteTypes.readNetwork(in, conn).autostart() ? 1 : 0);
            case NETWORK_SET_AUTOSTART -> {
                Network n = RemoteTypes.readNetwork(in, conn);
                n.setAutostart(in.readInt() != 0);
            }
            case NETWORK_GET_BRIDGE_NAME -> out.writeString(RemoteTypes.readNetwork(in, conn).bridgeName());
            case NETWORK_IS_ACTIVE -> out.writeInt(RemoteTypes.readNetwork(in, conn).isActive() ? 1 : 0);
            case NETWORK_IS_PERSISTENT -> out.writeInt(RemoteTypes.readNetwork(in, conn).isPersistent() ? 1 : 0);
            case NETWORK_GET_DHCP_LEASES -> leases(conn, in, out, fn, ed);
            default -> throw new IllegalStateException("not a network procedure: " + p);
        }
    }

    private static void listAll(Connection conn, XdrReader in, XdrWriter out) {
        boolean needResults = in.readInt() != 0;
        List<NetworkListFlag> wanted = RemoteTypes.flags(in.readUnsigned(), NetworkListFlag.values(),
                NetworkListFlag::bit, "virConnectListAllNetworks", ErrorDomain.NETWORK);
        List<Network> networks = conn.listAllNetworks(wanted.toArray(NetworkListFlag[]::new));
        if (networks.size() > RemoteTypes.LIST_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many networks " + networks.size());
        }
        out.writeArray(needResults ? networks : List.of(), RemoteTypes::writeNetwork);
        out.writeUnsigned(networks.size());
    }

    private static void names(Connection conn, NetworkListFlag which, XdrReader in, XdrWriter out) {
        int max = RemoteTypes.listBound(in.readInt(), "maxnames");
        out.writeArray(conn.listAllNetworks(which).stream().map(Network::name).limit(max).toList(),
                XdrWriter::writeString);
    }

    /**
     * {@code remote_network_get_dhcp_leases}: the leases, optionally only those of one MAC address
     * (compared without regard to case, as libvirt does), each as a {@code remote_network_dhcp_lease}.
     */
    private static void leases(Connection conn, XdrReader in, XdrWriter out, String fn, ErrorDomain ed) {
        Network n = RemoteTypes.readNetwork(in, conn);
        String mac = in.readOptionalString(RemoteTypes.STRING_MAX);
        boolean needResults = in.readInt() != 0;
        RemoteTypes.refuseFlags(in.readUnsigned(), fn, ed);
        List<NetworkDhcpLease> leases = n.dhcpLeases().stream()
                .filter(l -> mac == null || (l.mac() != null && l.mac().toLowerCase(Locale.ROOT)
                        .equals(mac.toLowerCase(Locale.ROOT))))
                .toList();
        if (leases.size() > DHCP_LEASES_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many leases " + leases.size());
        }
        out.writeArray(needResults ? leases : List.of(), NetworkProcedures::writeLease);
        out.writeUnsigned(leases.size());
    }

    /** {@code remote_network_dhcp_lease}; Virtkit's leases carry no IAID (a DHCPv6 notion). */
    static void writeLease(XdrWriter out, NetworkDhcpLease lease) {
        out.writeString(lease.iface());
        out.writeHyper(lease.expiry() == null ? 0 : lease.expiry().getEpochSecond());
        out.writeInt(lease.ipAddress().contains(":") ? IP_ADDR_IPV6 : IP_ADDR_IPV4);
        out.writeOptionalString(lease.mac());
        out.writeOptionalString(null);
        out.writeString(lease.ipAddress());
        out.writeUnsigned(lease.prefix());
        out.writeOptionalString(lease.hostname());
        out.writeOptionalString(lease.clientId());
    }
}
