package io.virtkit.api.admin;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A running remote daemon speaking libvirt's RPC protocol, registered as a service while it listens.
 * Like {@code virt-admin srv-clients-list} / {@code srv-threadpool-info}, it lets an operator see who is
 * connected and where the daemon can be reached.
 */
@ProviderType
public interface RemoteDaemon {

    /** The sockets the daemon listens on, in configuration order. */
    List<ListenerInfo> listeners();

    /** The clients connected right now, oldest first; one being disconnected is no longer among them. */
    List<ClientInfo> clients();

    /**
     * Closes one client's connection, as {@code virt-admin client-disconnect} does.
     *
     * @return false when no client has that id (it may have gone already) or it is being disconnected already,
     *         so that a client this call reports as disconnected is one {@link #clients()} listed
     */
    boolean disconnect(long clientId);

    /** The daemon's limits, for display next to the current counts. */
    Limits limits();

    /**
     * What the daemon does to one client that would starve the others, and how often it had to: the limits, and
     * the clients cut off for each cause since the daemon started ({@code virt:srv-info} shows them).
     */
    Protection protection();

    /**
     * The role a connected client was given (libvirt's access control, here by role as the console's ACLs):
     * from its peer's uid/gid on a UNIX socket or its certificate's DN over TLS; {@link Role#READ_ONLY} for one
     * the configuration gives no role (or that came through a read-only socket).
     *
     * @return empty when no client has that id
     */
    Optional<Role> role(long clientId);

    /** The roles, weakest first; each may do everything the ones before it may. */
    enum Role {
        /** Read-only procedures only (what a read-only socket gives). */
        READ_ONLY,
        /** As read-only: list, info, dumpxml, events, stats. */
        VIEWER,
        /** Also lifecycle: start, shutdown, destroy, suspend, resume, reboot, consoles. */
        OPERATOR,
        /** Everything: define/undefine, networks, storage, migration, the daemon. */
        ADMIN
    }

    /**
     * @param maxConnectionsPerPeer connections one peer (a process on a UNIX socket, an address over TCP/TLS) may hold
     *        at once; its next one is closed at accept
     * @param maxEventCallbacks event callbacks one client may register; the next registration cuts it off
     * @param maxUnreadReplyBytes replies and events queued for a client that does not read; over this it is cut off
     * @param cutForConnections connections closed for {@code maxConnectionsPerPeer} so far
     * @param cutForBadInput clients cut off for input that is not libvirt's protocol (bad length, header, program)
     * @param cutForCallbacks clients cut off for {@code maxEventCallbacks}
     * @param cutForUnreadReplies clients cut off for {@code maxUnreadReplyBytes}
     */
    record Protection(int maxConnectionsPerPeer, int maxEventCallbacks, long maxUnreadReplyBytes,
            long cutForConnections, long cutForBadInput, long cutForCallbacks, long cutForUnreadReplies) {
    }

    /**
     * @param maxClients clients accepted at once; more are refused at connect time
     * @param maxRequestsPerClient calls one client may have outstanding before the daemon stops reading from it
     */
    record Limits(int maxClients, int maxRequestsPerClient) {
    }
}
