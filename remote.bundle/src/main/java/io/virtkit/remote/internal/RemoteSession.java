package io.virtkit.remote.internal;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;

/**
 * One client's state (its open {@link Connection}) and the dispatch of its calls to the Virtkit API.
 * Procedure numbers and argument layouts are those of libvirt's {@code remote_protocol.x}.
 */
final class RemoteSession implements AutoCloseable {
    static final int REMOTE_PROGRAM = 0x20008086;
    static final int KEEPALIVE_PROGRAM = 0x6b656570;
    static final int KEEPALIVE_PING = 1;
    static final int KEEPALIVE_PONG = 2;

    private static final int DOMAIN_LIST_MAX = 16384;
    private static final int AUTH_NONE = 0;
    private static final int ERR_LEVEL_ERROR = 2;

    private final ConnectionFactory factory;
    private final boolean readOnly;
    private final Consumer<Packet> events;
    private volatile Connection connection;

    /**
     * @param readOnly the client came through a read-only socket: mutating procedures are refused
     * @param events where asynchronous MESSAGE packets (events) for this client go; must be thread-safe
     */
    RemoteSession(ConnectionFactory factory, boolean readOnly, Consumer<Packet> events) {
        this.factory = factory;
        this.readOnly = readOnly;
        this.events = events;
    }

    /** The URI of the open connection, or null before CONNECT_OPEN. */
    String uri() {
        Connection c = connection;
        return c == null ? null : c.uri();
    }

    /**
     * The reply to send for {@code packet}, or null when it needs none. Called concurrently for the
     * calls one client has outstanding (replies may go out of order, as libvirt allows).
     */
    Packet handle(Packet packet) {
        Header h = packet.header();
        if (h.program() == KEEPALIVE_PROGRAM) {
            if (h.type() == Header.MESSAGE && h.procedure() == KEEPALIVE_PING) {
                return new Packet(new Header(KEEPALIVE_PROGRAM, 1, KEEPALIVE_PONG, Header.MESSAGE, 0, Header.OK), new byte[0]);
            }
            return null;
        }
        if (h.type() != Header.CALL && h.type() != Header.CALL_WITH_FDS) {
            return null; // streams and messages are not part of this slice; a call never waits on them
        }
        try {
            if (h.program() != REMOTE_PROGRAM || h.version() != 1) {
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                        "cannot find program " + h.program() + " version " + h.version());
            }
            if (h.type() == Header.CALL_WITH_FDS) {
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "file descriptor passing is not supported");
            }
            XdrWriter out = new XdrWriter();
            XdrReader in = new XdrReader(packet.body());
            dispatch(h.procedure(), in, out);
            return new Packet(h.reply(Header.OK), out.toByteArray());
        } catch (VirtException e) {
            return new Packet(h.reply(Header.ERROR), error(e.code().number(), e.domain().number(), e.getMessage()));
        } catch (XdrException e) {
            return new Packet(h.reply(Header.ERROR), error(ErrorCode.RPC.number(), ErrorDomain.RPC.number(),
                    ErrorCode.RPC.message("cannot decode arguments: " + e.getMessage())));
        } catch (RuntimeException e) {
            return new Packet(h.reply(Header.ERROR), error(ErrorCode.INTERNAL_ERROR.number(), ErrorDomain.REMOTE.number(),
                    ErrorCode.INTERNAL_ERROR.message(String.valueOf(e.getMessage()))));
        }
    }

    /** {@code remote_error}: virsh rebuilds its error from code, domain, message and level. */
    static byte[] error(int code, int domain, String message) {
        return new XdrWriter().writeInt(code).writeInt(domain).writeOptionalString(message).writeInt(ERR_LEVEL_ERROR)
                .writeBool(false) // dom
                .writeOptionalString(null).writeOptionalString(null).writeOptionalString(null)
                .writeInt(0).writeInt(0)
                .writeBool(false) // net
                .toByteArray();
    }

    private void dispatch(int proc, XdrReader in, XdrWriter out) {
        switch (proc) {
            case 66 -> out.writeArray(List.of(AUTH_NONE), XdrWriter::writeInt); // AUTH_LIST
            case 1 -> open(in.readOptionalString(Packet.STRING_MAX), in.readUnsigned()); // CONNECT_OPEN
            case 2 -> close(); // CONNECT_CLOSE
            case 60 -> { // CONNECT_SUPPORTS_FEATURE: none of the optional protocol features yet
                in.readInt();
                out.writeInt(0);
            }
            case 3 -> out.writeString(conn().type()); // CONNECT_GET_TYPE
            case 4 -> out.writeHyper(conn().hypervisorVersion()); // CONNECT_GET_VERSION
            case 157 -> out.writeHyper(conn().libraryVersion()); // CONNECT_GET_LIB_VERSION
            case 59 -> out.writeString(conn().hostname()); // CONNECT_GET_HOSTNAME
            case 110 -> out.writeString(conn().uri()); // CONNECT_GET_URI
            case 149 -> out.writeInt(1); // CONNECT_IS_SECURE: a local UNIX socket
            case 7 -> out.writeString(conn().capabilities()); // CONNECT_GET_CAPABILITIES
            case 273 -> listAll(in, out); // CONNECT_LIST_ALL_DOMAINS
            case 23 -> writeDomain(out, conn().lookupDomainByName(in.readString(Packet.STRING_MAX))); // LOOKUP_BY_NAME
            case 24 -> writeDomain(out, conn().lookupDomainByUuid(readUuid(in))); // LOOKUP_BY_UUID
            case 22 -> writeDomain(out, conn().lookupDomainById(in.readInt())); // LOOKUP_BY_ID
            case 11 -> writeDomain(out, conn().defineDomain(in.readString(Packet.STRING_MAX))); // DEFINE_XML
            case 350 -> { // DEFINE_XML_FLAGS
                String xml = in.readString(Packet.STRING_MAX);
                noFlags(in.readUnsigned(), "virDomainDefineXMLFlags");
                writeDomain(out, conn().defineDomain(xml));
            }
            case 16 -> info(readDomain(in), out); // DOMAIN_GET_INFO
            case 212 -> { // DOMAIN_GET_STATE
                Domain d = readDomain(in);
                noFlags(in.readUnsigned(), "virDomainGetState");
                DomainStateInfo st = d.state();
                out.writeInt(st.state().number()).writeInt(st.reason().number());
            }
            case 14 -> { // DOMAIN_GET_XML_DESC
                Domain d = readDomain(in);
                out.writeString(d.xml(xmlFlags(in.readUnsigned())));
            }
            case 34 -> readDomain(in).suspend(); // DOMAIN_SUSPEND
            case 28 -> readDomain(in).resume(); // DOMAIN_RESUME
            case 9 -> readDomain(in).start(); // DOMAIN_CREATE
            case 196 -> { // DOMAIN_CREATE_WITH_FLAGS: the reply carries the domain's new id
                Domain d = readDomain(in);
                d.start(startFlags(in.readUnsigned()));
                writeDomain(out, d);
            }
            case 12 -> readDomain(in).destroy(); // DOMAIN_DESTROY
            case 234 -> { // DOMAIN_DESTROY_FLAGS
                Domain d = readDomain(in);
                noFlags(in.readUnsigned(), "virDomainDestroyFlags");
                d.destroy();
            }
            case 33 -> readDomain(in).shutdown(); // DOMAIN_SHUTDOWN
            case 27 -> { // DOMAIN_REBOOT
                Domain d = readDomain(in);
                noFlags(in.readUnsigned(), "virDomainReboot");
                d.reboot();
            }
            case 35 -> readDomain(in).undefine(); // DOMAIN_UNDEFINE
            case 231 -> { // DOMAIN_UNDEFINE_FLAGS
                Domain d = readDomain(in);
                noFlags(in.readUnsigned(), "virDomainUndefineFlags");
                d.undefine();
            }
            case 15 -> out.writeInt(readDomain(in).autostart() ? 1 : 0); // DOMAIN_GET_AUTOSTART
            case 29 -> { // DOMAIN_SET_AUTOSTART
                Domain d = readDomain(in);
                d.setAutostart(in.readInt() != 0);
            }
            case 150 -> out.writeInt(readDomain(in).isActive() ? 1 : 0); // DOMAIN_IS_ACTIVE
            case 151 -> out.writeInt(readDomain(in).isPersistent() ? 1 : 0); // DOMAIN_IS_PERSISTENT
            case 202 -> { // DOMAIN_IS_UPDATED: Virtkit applies changes to both definitions at once
                readDomain(in);
                out.writeInt(0);
            }
            case 19 -> out.writeString(readDomain(in).osType()); // DOMAIN_GET_OS_TYPE
            case 183 -> { // DOMAIN_HAS_MANAGED_SAVE_IMAGE: Virtkit has no managed save
                readDomain(in);
                in.readUnsigned();
                out.writeInt(0);
            }
            default -> throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.REMOTE, "remote procedure " + proc);
        }
    }

    private synchronized void open(String name, long flags) {
        if (connection != null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection already open");
        }
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.REMOTE, "the default URI");
        }
        connection = factory.open(stripTransport(name));
    }

    /** {@code test+unix:///default} names the driver {@code test}; the transport was the client's business. */
    static String stripTransport(String uri) {
        int colon = uri.indexOf(':');
        int plus = uri.indexOf('+');
        if (plus < 0 || colon < 0 || plus > colon) {
            return uri;
        }
        return uri.substring(0, plus) + uri.substring(colon);
    }

    private Connection conn() {
        if (connection == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection not open");
        }
        return connection;
    }

    private void listAll(XdrReader in, XdrWriter out) {
        boolean needResults = in.readInt() != 0;
        long flags = in.readUnsigned();
        List<DomainListFlag> wanted = new ArrayList<>();
        long known = 0;
        for (DomainListFlag f : DomainListFlag.values()) {
            known |= f.bit();
            if ((flags & f.bit()) != 0) {
                wanted.add(f);
            }
        }
        if ((flags & ~known) != 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "unsupported flags (0x" + Long.toHexString(flags & ~known) + ") in function virConnectListAllDomains");
        }
        List<Domain> domains = conn().listAllDomains(wanted.toArray(DomainListFlag[]::new));
        if (domains.size() > DOMAIN_LIST_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many domains " + domains.size());
        }
        out.writeArray(needResults ? domains : List.of(), RemoteSession::writeDomain);
        out.writeUnsigned(domains.size());
    }

    private static void info(Domain d, XdrWriter out) {
        DomainInfo info = d.info();
        // unsigned char and unsigned short still take a full XDR unit each
        out.writeInt(info.state().number()).writeHyper(info.maxMemoryKiB()).writeHyper(info.memoryKiB())
                .writeInt(info.vcpus()).writeHyper(info.cpuTimeNanos());
    }

    /** {@code remote_nonnull_domain}: name, uuid, id; the server trusts only the UUID, like libvirtd. */
    private Domain readDomain(XdrReader in) {
        in.readString(Packet.STRING_MAX);
        UUID uuid = readUuid(in);
        in.readInt();
        return conn().lookupDomainByUuid(uuid);
    }

    private static void writeDomain(XdrWriter out, Domain d) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(d.uuid().getMostSignificantBits()).putLong(d.uuid().getLeastSignificantBits());
        out.writeString(d.name()).writeFixedOpaque(b.array(), 16).writeInt(d.id());
    }

    private static UUID readUuid(XdrReader in) {
        ByteBuffer b = ByteBuffer.wrap(in.readFixedOpaque(16));
        return new UUID(b.getLong(), b.getLong());
    }

    private static XmlFlag[] xmlFlags(long flags) {
        List<XmlFlag> result = new ArrayList<>();
        long known = 0;
        for (XmlFlag f : XmlFlag.values()) {
            known |= f.bit();
            if ((flags & f.bit()) != 0) {
                result.add(f);
            }
        }
        unknownFlags(flags & ~known, "virDomainGetXMLDesc");
        return result.toArray(XmlFlag[]::new);
    }

    private static StartFlag[] startFlags(long flags) {
        List<StartFlag> result = new ArrayList<>();
        long known = 0;
        for (StartFlag f : StartFlag.values()) {
            known |= f.bit();
            if ((flags & f.bit()) != 0) {
                result.add(f);
            }
        }
        unknownFlags(flags & ~known, "virDomainCreateWithFlags");
        return result.toArray(StartFlag[]::new);
    }

    private static void noFlags(long flags, String function) {
        unknownFlags(flags, function);
    }

    private static void unknownFlags(long extra, String function) {
        if (extra != 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "unsupported flags (0x" + Long.toHexString(extra) + ") in function " + function);
        }
    }

    @Override
    public synchronized void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }
}
