package io.virtkit.remote.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.admin.RemoteDaemon.Role;
import io.virtkit.remote.internal.access.AccessDenied;

/**
 * One client's state (its open {@link Connection}, its event registrations, whether it may change
 * anything, its role) and the dispatch of its calls to the Virtkit API. Procedure numbers and argument layouts
 * are those of libvirt's {@code remote_protocol.x}; see {@link Procedure} for what is answered.
 */
final class RemoteSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteSession.class.getName());
    static final int REMOTE_PROGRAM = Header.REMOTE_PROGRAM;
    static final int KEEPALIVE_PROGRAM = Header.KEEPALIVE_PROGRAM;
    static final int KEEPALIVE_PING = Header.KEEPALIVE_PING;
    static final int KEEPALIVE_PONG = Header.KEEPALIVE_PONG;
    private static final Packet PONG =
            new Packet(new Header(KEEPALIVE_PROGRAM, 1, KEEPALIVE_PONG, Header.MESSAGE, 0, Header.OK), new byte[0]);

    /** {@code VIR_CONNECT_RO} in CONNECT_OPEN's flags. */
    static final int CONNECT_RO = 1;
    /** {@code virDrvFeature} numbers a client asks about with CONNECT_SUPPORTS_FEATURE. */
    static final int FEATURE_REMOTE_EVENT_CALLBACK = 14;
    /** PING is answered on the client's reader thread, never behind a slow call, so clients may rely on it. */
    static final int FEATURE_PROGRAM_KEEPALIVE = 10;
    /** MIGRATION_P2P, MIGRATION_V3, MIGRATE_CHANGE_PROTECTION, MIGRATION_OFFLINE, MIGRATION_PARAMS. */
    static final int FEATURE_MIGRATION_P2P = 4;
    static final int FEATURE_MIGRATION_V3 = 6;
    static final int FEATURE_MIGRATE_CHANGE_PROTECTION = 7;
    static final int FEATURE_MIGRATION_OFFLINE = 12;
    static final int FEATURE_MIGRATION_PARAMS = 13;
    private static final Set<Integer> MIGRATION_FEATURES = Set.of(FEATURE_MIGRATION_P2P, FEATURE_MIGRATION_V3,
            FEATURE_MIGRATE_CHANGE_PROTECTION, FEATURE_MIGRATION_OFFLINE, FEATURE_MIGRATION_PARAMS);

    private static final int AUTH_NONE = 0;

    private final ConnectionFactory factory;
    private final boolean readOnlySocket;
    private final EventProcedures events;
    private volatile Connection connection;
    private volatile boolean readOnly;
    private final boolean secure;
    private final ClientIdentity identity;
    /** What the client may do (libvirt's access control by role): checked before each call runs. */
    private final Role role;
    /** The client's streams (storage upload and download); null until its transport attaches them. */
    private volatile StreamTable streams;
    /** The address of the client's socket on this host; null until a TCP or TLS transport attaches it (UNIX: none). */
    private volatile InetAddress localAddress;

    /**
     * @param readOnly the client came through a read-only socket: mutating procedures are refused
     * @param events where asynchronous MESSAGE packets (events) for this client go; must be thread-safe
     */
    RemoteSession(ConnectionFactory factory, boolean readOnly, Consumer<Packet> events) {
        this(factory, readOnly, true, events);
    }

    /**
     * @param secure whether the transport keeps the traffic from others (a UNIX socket); plain TCP is not,
     *     and {@code virConnectIsSecure} says so
     */
    RemoteSession(ConnectionFactory factory, boolean readOnly, boolean secure, Consumer<Packet> events) {
        this(factory, readOnly, secure, ClientIdentity.UNKNOWN, events);
    }

    /**
     * @param identity who the client is (its socket's peer credentials), passed on to the drivers; the client has
     *     the role of libvirt without access control: read-only on a read-only socket, else admin
     */
    RemoteSession(ConnectionFactory factory, boolean readOnly, boolean secure, ClientIdentity identity,
            Consumer<Packet> events) {
        this(factory, readOnly, secure, identity, readOnly ? Role.READ_ONLY : Role.ADMIN, events);
    }

    /**
     * @param role what the client may do: {@link Role#READ_ONLY} may only open read-only; the others may call the
     *     procedures their role covers ({@link Procedure#role()})
     */
    RemoteSession(ConnectionFactory factory, boolean readOnly, boolean secure, ClientIdentity identity, Role role,
            Consumer<Packet> events) {
        this.role = readOnly ? Role.READ_ONLY : Objects.requireNonNull(role, "role");
        this.identity = identity;
        this.secure = secure;
        this.factory = factory;
        this.readOnlySocket = readOnly;
        this.readOnly = readOnly;
        this.events = new EventProcedures(events);
    }

    /** Where the streams that upload and download calls open go: the client's table, keyed by call serial. */
    void attachStreams(StreamTable table) {
        this.streams = table;
    }

    /**
     * The address the client reached this daemon on (its socket's local address), for a TCP or TLS client: a
     * migration's destination tells the source to send the guest there.
     */
    void attachLocalAddress(InetAddress address) {
        this.localAddress = address;
    }

    /** The URI of the open connection, or null before CONNECT_OPEN. */
    String uri() {
        Connection c = connection;
        return c == null ? null : c.uri();
    }

    /** Whether mutating procedures are refused: a read-only socket, or the client opened with VIR_CONNECT_RO. */
    boolean readOnly() {
        return readOnly;
    }

    /** The client's role, as the configuration gave it (read-only through a read-only socket). */
    Role role() {
        return role;
    }

    /** How many event callbacks the client has registered. */
    int eventRegistrations() {
        return events.registrations();
    }

    /**
     * The reply to send for {@code packet}, or null when it needs none. Called concurrently for the
     * calls one client has outstanding (replies may go out of order, as libvirt allows).
     */
    Packet handle(Packet packet) {
        Header h = packet.header();
        if (h.program() == KEEPALIVE_PROGRAM) {
            if (h.type() == Header.MESSAGE && h.procedure() == KEEPALIVE_PING) {
                return PONG;
            }
            return null;
        }
        if (h.type() != Header.CALL && h.type() != Header.CALL_WITH_FDS) {
            return null; // stream packets go to the client's StreamTable before this; messages need no answer
        }
        try {
            if (h.program() != REMOTE_PROGRAM || h.version() != 1) {
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                        "cannot find program " + h.program() + " version " + h.version());
            }
            if (h.type() == Header.CALL_WITH_FDS) {
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "file descriptor passing is not supported");
            }
            Procedure p = Procedure.of(h.procedure());
            if (p == null) {
                // virsh asks for a domain's snapshots on every undefine: a frequent refusal, so no exception
                // (and no stack trace filled in) for it
                return new Packet(h.reply(Header.ERROR), error(ErrorCode.NO_SUPPORT.number(),
                        ErrorDomain.REMOTE.number(), ErrorCode.NO_SUPPORT.message("remote procedure " + h.procedure())));
            }
            XdrWriter out = new XdrWriter();
            XdrReader in = new XdrReader(packet.body());
            dispatch(p, h, in, out);
            return new Packet(h.reply(Header.OK), out.toByteArray());
        } catch (VirtException e) {
            return new Packet(h.reply(Header.ERROR), error(e.code().number(), e.domain().number(), e.getMessage()));
        } catch (XdrException e) {
            return new Packet(h.reply(Header.ERROR), error(ErrorCode.RPC.number(), ErrorDomain.RPC.number(),
                    ErrorCode.RPC.message("cannot decode arguments: " + e.getMessage())));
        } catch (RuntimeException e) {
            // a bug, not a refusal: the client gets libvirt's internal error, the log gets the stack
            LOG.log(Level.WARNING, "procedure " + h.procedure() + " failed unexpectedly", e);
            return new Packet(h.reply(Header.ERROR), error(ErrorCode.INTERNAL_ERROR.number(), ErrorDomain.REMOTE.number(),
                    ErrorCode.INTERNAL_ERROR.message(String.valueOf(e.getMessage()))));
        }
    }

    /** {@code remote_error}: virsh rebuilds its error from code, domain, message and level. */
    static byte[] error(int code, int domain, String message) {
        return RemoteError.encode(code, domain, message);
    }

    private void dispatch(Procedure p, Header call, XdrReader in, XdrWriter out) {
        if (p.group() == Procedure.Group.SESSION) {
            session(p, in, out);
            return;
        }
        Connection conn = conn();
        if (p.mutates() && readOnly) {
            // refused before anything runs, as libvirt's virCheckReadOnlyGoto does
            throw new VirtException(ErrorCode.OPERATION_DENIED, p.errorDomain(),
                    "read only access prevents " + p.function());
        }
        // the role: after the read-only check, as libvirt's public functions check before their driver's ACL
        // check, and before anything runs (a lookup included), so a refusal changes nothing and tells nothing. A
        // client without a role has a read-only connection: what viewers may call, the check above did the rest
        if (role != Role.READ_ONLY && role.compareTo(p.role()) < 0) {
            throw AccessDenied.call(conn.type());
        }
        switch (p.group()) {
            case HOST -> HostProcedures.call(p, conn, secure, in, out);
            case DOMAIN -> DomainProcedures.call(p, conn, new SecretAccess(readOnly, role), in, out);
            case MIGRATION -> MigrationProcedures.call(p, conn, localAddress, in, out);
            case NETWORK -> NetworkProcedures.call(p, conn, in, out);
            case STORAGE -> StorageProcedures.call(p, conn, call, streams, in, out);
            case EVENT -> events.call(p, conn, in, out);
            case SNAPSHOT -> SnapshotProcedures.call(p, conn, new SecretAccess(readOnly, role), in, out);
            default -> throw new IllegalStateException(p.toString());
        }
    }

    private void session(Procedure p, XdrReader in, XdrWriter out) {
        switch (p) {
            case AUTH_LIST -> out.writeArray(List.of(AUTH_NONE), XdrWriter::writeInt);
            case CONNECT_OPEN -> open(in.readOptionalString(RemoteTypes.STRING_MAX), in.readUnsigned());
            case CONNECT_CLOSE -> close();
            case CONNECT_SUPPORTS_FEATURE -> {
                // no virDrvFeature concerns storage or its streams: libvirt's clients ask none before an upload
                int feature = in.readInt();
                out.writeInt(supportsFeature(feature) ? 1 : 0);
            }
            default -> throw new IllegalStateException(p.toString());
        }
    }

    /**
     * libvirt's {@code virDrvFeature} answers: the daemon's own (keepalive, event callbacks) always, the migration
     * ones only when the open connection's driver migrates (libvirt's clients pick the protocol from them).
     */
    private boolean supportsFeature(int feature) {
        if (feature == FEATURE_REMOTE_EVENT_CALLBACK || feature == FEATURE_PROGRAM_KEEPALIVE) {
            return true;
        }
        if (!MIGRATION_FEATURES.contains(feature)) {
            return false;
        }
        Connection c = connection;
        return c != null && c.supportsMigration();
    }

    private synchronized void open(String name, long flags) {
        if (connection != null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection already open");
        }
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.REMOTE, "the default URI");
        }
        // like libvirtd: a client that opens read-only stays read-only; a read-only socket forces it
        boolean ro = readOnlySocket || (flags & CONNECT_RO) != 0;
        if (!ro && role == Role.READ_ONLY) {
            // a client without a role may only open read-only, as libvirt with polkit refuses a read-write
            // connection to a user its policy does not authorize
            throw AccessDenied.readWriteOpen();
        }
        ConnectRequest request = ConnectRequest.to(stripTransport(name)).withIdentity(identity);
        connection = factory.open(ro ? request.withFlags(ConnectFlag.READ_ONLY) : request);
        readOnly = ro;
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
        Connection c = connection;
        if (c == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection not open");
        }
        return c;
    }

    /** Deregisters every event callback, then closes the connection. Harmless twice. */
    @Override
    public synchronized void close() {
        events.close();
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }
}
