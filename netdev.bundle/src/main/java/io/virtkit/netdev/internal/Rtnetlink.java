package io.virtkit.netdev.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A NETLINK_ROUTE socket for link management: bridges, ports, MAC, MTU, up/down, queries.
 *
 * <p>A netlink socket acts in the network namespace of the thread that opened it, for its whole life,
 * so one instance serves exactly one namespace. Requests are serialised on the instance: one socket,
 * one outstanding sequence number at a time.
 */
final class Rtnetlink implements AutoCloseable {
    private static final int RECV_BUFFER = 64 * 1024;

    private final int fd;
    private int seq;
    private final byte[] rx = new byte[RECV_BUFFER];
    private boolean closed;

    private Rtnetlink(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static Rtnetlink open() {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw NetdevErrors.system(LibC.errno(e), "cannot create netlink socket", e);
        }
        try {
            LibC.bind(fd, sockaddrNl(0), 12);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw NetdevErrors.system(LibC.errno(e), "cannot bind netlink socket", e);
        }
        return new Rtnetlink(fd);
    }

    /** struct sockaddr_nl {family, pad, pid, groups}; pid 0 is the kernel as peer, or "assign one" on bind. */
    private static byte[] sockaddrNl(int pid) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(pid).putInt(0).array();
    }

    // ---- queries ----

    /** The link named {@code name}, or empty if there is none. */
    synchronized Optional<LinkInfo> link(String name) {
        InterfaceNames.validate(name, "Unable to get index for interface");
        Netlink.Request req = new Netlink.Request(Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST)
                .ifInfo(Netlink.AF_UNSPEC, 0, 0, 0)
                .attr(Netlink.IFLA_IFNAME, name);
        List<Netlink.Message> replies = transact(req, false);
        for (Netlink.Message m : replies) {
            if (m.type() == Netlink.NLMSG_ERROR) {
                int errno = m.errno();
                if (errno == LibC.ENODEV) {
                    return Optional.empty();
                }
                if (errno != 0) {
                    throw NetdevErrors.system(errno, "Unable to get index for interface " + name);
                }
            } else if (m.type() == Netlink.RTM_NEWLINK) {
                return Optional.of(LinkInfo.decode(m.payload()));
            }
        }
        return Optional.empty();
    }

    /** The link named {@code name}; a missing one is libvirt's "Unable to get index for interface X: No such device". */
    LinkInfo requireLink(String name) {
        return link(name).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV, "Unable to get index for interface " + name));
    }

    boolean exists(String name) {
        return link(name).isPresent();
    }

    /** Every link of this namespace, in the kernel's (index) order. */
    synchronized List<LinkInfo> links() {
        Netlink.Request req = new Netlink.Request(Netlink.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)
                .ifInfo(Netlink.AF_UNSPEC, 0, 0, 0);
        List<LinkInfo> out = new ArrayList<>();
        for (Netlink.Message m : transact(req, true)) {
            if (m.type() == Netlink.NLMSG_ERROR && m.errno() != 0) {
                throw NetdevErrors.system(m.errno(), "Unable to list network interfaces");
            }
            if (m.type() == Netlink.RTM_NEWLINK) {
                out.add(LinkInfo.decode(m.payload()));
            }
        }
        return out;
    }

    // ---- changes ----

    /** Creates a bridge named {@code name}, failing (EEXIST) if any link of that name exists. */
    void createBridge(String name) {
        InterfaceNames.validate(name, "error creating bridge interface");
        Netlink.Request req = new Netlink.Request(Netlink.RTM_NEWLINK,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                .ifInfo(Netlink.AF_UNSPEC, 0, 0, 0)
                .attr(Netlink.IFLA_IFNAME, name)
                .beginNest(Netlink.IFLA_LINKINFO).attr(Netlink.IFLA_INFO_KIND, "bridge").endNest();
        ack(req, errno -> "error creating bridge interface " + name);
    }

    /**
     * One end of a veth pair being created.
     *
     * @param name   the link's name in its namespace
     * @param mac    its address
     * @param mtu    its MTU, or null for the kernel's default
     */
    record VethEnd(String name, MacAddress mac, Integer mtu) {
    }

    /**
     * The request that creates, in one step, a veth pair: {@code host} in this socket's namespace (a port
     * of link {@code masterIndex} unless 0, up) and {@code peer} in the network namespace of process
     * {@code peerPid} (down: see {@link #setUp} from that namespace). Separate so its packing is unit-tested.
     */
    static Netlink.Request createVethRequest(VethEnd host, int masterIndex, VethEnd peer, long peerPid) {
        Netlink.Request req = new Netlink.Request(Netlink.RTM_NEWLINK,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                .ifInfo(Netlink.AF_UNSPEC, 0, Netlink.IFF_UP, Netlink.IFF_UP);
        endAttributes(req, host);
        if (masterIndex != 0) {
            req.attr(Netlink.IFLA_MASTER, masterIndex);
        }
        req.beginNest(Netlink.IFLA_LINKINFO).attr(Netlink.IFLA_INFO_KIND, "veth")
                .beginNest(Netlink.IFLA_INFO_DATA)
                .beginNest(Netlink.VETH_INFO_PEER)
                // not up yet: the kernel opens the peer before the two ends are linked (ENOTCONN)
                .ifInfo(Netlink.AF_UNSPEC, 0, 0, 0);
        endAttributes(req, peer);
        // a pid_t: the kernel reads IFLA_NET_NS_PID as u32
        req.attr(Netlink.IFLA_NET_NS_PID, (int) peerPid);
        return req.endNest().endNest().endNest();
    }

    private static void endAttributes(Netlink.Request req, VethEnd end) {
        req.attr(Netlink.IFLA_IFNAME, end.name()).attr(Netlink.IFLA_ADDRESS, end.mac().bytes());
        if (end.mtu() != null) {
            req.attr(Netlink.IFLA_MTU, end.mtu());
        }
    }

    /**
     * Creates a veth pair (see {@link #createVethRequest}); the kernel does it all or nothing, so a
     * failure (ESRCH for a process that is gone, EINVAL for a bad MTU, …) leaves no device.
     *
     * @return false, with nothing created, when a link of one of the names exists already (EEXIST): the
     *         caller knows which names it chose and what that means
     */
    boolean createVeth(VethEnd host, String master, VethEnd peer, long peerPid) {
        InterfaceNames.validate(host.name(), "Failed to create veth device");
        InterfaceNames.validate(peer.name(), "Failed to create veth device");
        int masterIndex = master == null ? 0
                : link(master).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV,
                        "Unable to add bridge " + master + " port " + host.name())).index();
        int errno = request(createVethRequest(host, masterIndex, peer, peerPid));
        if (errno == LibC.EEXIST) {
            return false;
        }
        if (errno != 0) {
            throw NetdevErrors.system(errno,
                    "Failed to create veth device pair '" + host.name() + "' and '" + peer.name() + "'");
        }
        return true;
    }

    /** Deletes the link {@code name} (a bridge, or any deletable link). */
    void deleteLink(String name) {
        InterfaceNames.validate(name, "error destroying network device");
        Netlink.Request req = new Netlink.Request(Netlink.RTM_DELLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .ifInfo(Netlink.AF_UNSPEC, 0, 0, 0)
                .attr(Netlink.IFLA_IFNAME, name);
        ack(req, errno -> "error destroying network device " + name);
    }

    /** Makes {@code port} a port of bridge {@code bridge}. */
    void attachToBridge(String port, String bridge) {
        InterfaceNames.validate(port, "Unable to add bridge " + bridge + " port");
        String what = "Unable to add bridge " + bridge + " port " + port;
        LinkInfo br = link(bridge).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV, what));
        setLink(port, 0, 0, r -> r.attr(Netlink.IFLA_MASTER, br.index()), what);
    }

    /** Removes {@code port} from bridge {@code bridge}; a port of another bridge (or none) is an error. */
    void detachFromBridge(String port, String bridge) {
        String what = "Unable to remove bridge " + bridge + " port " + port;
        InterfaceNames.validate(port, "Unable to remove bridge " + bridge + " port");
        LinkInfo br = link(bridge).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV, what));
        LinkInfo p = link(port).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV, what));
        if (p.masterIndex() != br.index()) {
            // the kernel's SIOCBRDELIF answers EINVAL for a device that is not this bridge's port
            throw NetdevErrors.system(LibC.EINVAL, what);
        }
        setLink(port, 0, 0, r -> r.attr(Netlink.IFLA_MASTER, 0), what);
    }

    void setMac(String name, MacAddress mac) {
        InterfaceNames.validate(name, "Cannot set interface MAC on");
        setLink(name, 0, 0, r -> r.attr(Netlink.IFLA_ADDRESS, mac.bytes()),
                "Cannot set interface MAC to " + mac + " on '" + name + "'");
    }

    void setMtu(String name, int mtu) {
        InterfaceNames.validate(name, "Cannot set interface MTU on");
        setLink(name, 0, 0, r -> r.attr(Netlink.IFLA_MTU, mtu), "Cannot set interface MTU on '" + name + "'");
    }

    void setUp(String name, boolean up) {
        InterfaceNames.validate(name, "Cannot set interface flags on");
        setLink(name, up ? Netlink.IFF_UP : 0, Netlink.IFF_UP, r -> { },
                "Cannot set interface flags on '" + name + "'");
    }

    private void setLink(String name, int flags, int change, java.util.function.Consumer<Netlink.Request> attrs,
            String what) {
        Netlink.Request req = new Netlink.Request(Netlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .ifInfo(Netlink.AF_UNSPEC, 0, flags, change)
                .attr(Netlink.IFLA_IFNAME, name);
        attrs.accept(req);
        ack(req, errno -> what);
    }

    // ---- IPv4 addresses ----

    /** The request that adds {@code address/prefixLength} to link {@code index}; separate so its packing is unit-tested. */
    static Netlink.Request addAddressRequest(int index, Ipv4 address, int prefixLength) {
        Ipv4.checkPrefix(prefixLength);
        Netlink.Request req = new Netlink.Request(Netlink.RTM_NEWADDR,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
                .ifAddr(Netlink.AF_INET, prefixLength, 0, Netlink.RT_SCOPE_UNIVERSE, index)
                .attr(Netlink.IFA_LOCAL, address.bytes())
                .attr(Netlink.IFA_ADDRESS, address.bytes());
        // /31 and /32 have no broadcast address (RFC 3021); the kernel would otherwise record a bogus one
        if (prefixLength < 31) {
            req.attr(Netlink.IFA_BROADCAST, address.broadcast(prefixLength).bytes());
        }
        return req;
    }

    static Netlink.Request deleteAddressRequest(int index, Ipv4 address, int prefixLength) {
        Ipv4.checkPrefix(prefixLength);
        return new Netlink.Request(Netlink.RTM_DELADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .ifAddr(Netlink.AF_INET, prefixLength, 0, Netlink.RT_SCOPE_UNIVERSE, index)
                .attr(Netlink.IFA_LOCAL, address.bytes())
                .attr(Netlink.IFA_ADDRESS, address.bytes());
    }

    /** Adds {@code address/prefixLength} (with its broadcast) to {@code name}; an address already there is EEXIST. */
    void addAddress(String name, Ipv4 address, int prefixLength) {
        InterfaceNames.validate(name, "Failed to add IP address to");
        String what = "Failed to add IP address " + address + "/" + prefixLength + " to " + name;
        Ipv4.checkPrefix(prefixLength);
        LinkInfo link = link(name).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV, what));
        ack(addAddressRequest(link.index(), address, prefixLength), errno -> what);
    }

    /** Removes {@code address/prefixLength} from {@code name}; one it does not hold is EADDRNOTAVAIL. */
    void deleteAddress(String name, Ipv4 address, int prefixLength) {
        InterfaceNames.validate(name, "Error removing IP address from");
        String what = "Error removing IP address " + address + "/" + prefixLength + " from " + name;
        Ipv4.checkPrefix(prefixLength);
        LinkInfo link = link(name).orElseThrow(() -> NetdevErrors.system(LibC.ENODEV, what));
        ack(deleteAddressRequest(link.index(), address, prefixLength), errno -> what);
    }

    /** The IPv4 addresses of {@code name}, in the kernel's order. */
    synchronized List<InterfaceAddress> addresses(String name) {
        InterfaceNames.validate(name, "Unable to get index for interface");
        LinkInfo link = requireLink(name);
        // a plain dump: older kernels ignore the index in the request, so the filtering is done here
        Netlink.Request req = new Netlink.Request(Netlink.RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)
                .ifAddr(Netlink.AF_INET, 0, 0, 0, 0);
        List<InterfaceAddress> out = new ArrayList<>();
        for (Netlink.Message m : transact(req, true)) {
            if (m.type() == Netlink.NLMSG_ERROR && m.errno() != 0) {
                throw NetdevErrors.system(m.errno(), "Unable to list addresses of " + name);
            }
            if (m.type() == Netlink.RTM_NEWADDR) {
                InterfaceAddress.decode(m.payload()).filter(a -> a.index() == link.index()).ifPresent(out::add);
            }
        }
        return out;
    }

    // ---- transport ----

    /** Sends {@code req} and answers the kernel's errno for it, 0 for an acknowledgement. */
    private synchronized int request(Netlink.Request req) {
        for (Netlink.Message m : transact(req, false)) {
            if (m.type() == Netlink.NLMSG_ERROR) {
                return m.errno();
            }
        }
        return LibC.EINVAL; // no acknowledgement: treated as the kernel refusing the request
    }

    private synchronized void ack(Netlink.Request req, IntFunction<String> what) {
        for (Netlink.Message m : transact(req, false)) {
            if (m.type() == Netlink.NLMSG_ERROR) {
                int errno = m.errno();
                if (errno != 0) {
                    throw NetdevErrors.system(errno, what.apply(errno));
                }
                return;
            }
        }
        throw NetdevErrors.system(LibC.EINVAL, what.apply(0) + " (no netlink acknowledgement)");
    }

    /**
     * Sends {@code req} and collects the replies to it: until NLMSG_DONE for a dump, else until the
     * first reply that is a data message or an error/ACK. Replies to older sequence numbers (left
     * over from an interrupted request) are skipped.
     */
    private synchronized List<Netlink.Message> transact(Netlink.Request req, boolean dump) {
        if (closed) {
            throw new IllegalStateException("netlink socket closed");
        }
        int mySeq = ++seq;
        byte[] msg = req.build(mySeq);
        byte[] kernel = sockaddrNl(0);
        try {
            LibC.sendto(fd, msg, new NativeLong(msg.length), 0, kernel, kernel.length);
        } catch (LastErrorException e) {
            throw NetdevErrors.system(LibC.errno(e), "cannot send to netlink socket", e);
        }
        List<Netlink.Message> out = new ArrayList<>();
        while (true) {
            int n;
            try {
                n = LibC.recv(fd, rx, new NativeLong(rx.length), 0).intValue();
            } catch (LastErrorException e) {
                throw NetdevErrors.system(LibC.errno(e), "error receiving from netlink socket", e);
            }
            // a copy per datagram: the messages kept from a dump are views, and the next recv reuses rx
            for (Netlink.Message m : Netlink.parse(java.util.Arrays.copyOf(rx, n), n)) {
                if (m.seq() != mySeq) {
                    continue;
                }
                if (m.type() == Netlink.NLMSG_DONE) {
                    return out;
                }
                out.add(m);
                if (!dump || m.type() == Netlink.NLMSG_ERROR) {
                    return out;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.closeQuietly(fd);
        }
    }
}
