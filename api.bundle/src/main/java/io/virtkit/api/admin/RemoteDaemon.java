package io.virtkit.api.admin;

import java.util.List;

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
     * @param maxClients clients accepted at once; more are refused at connect time
     * @param maxRequestsPerClient calls one client may have outstanding before the daemon stops reading from it
     */
    record Limits(int maxClients, int maxRequestsPerClient) {
    }
}
