package io.virtkit.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle on one virtual network of one connection, libvirt's {@code virNetworkPtr}. It names the
 * network by UUID; every call fails with {@link ErrorCode#NO_NETWORK} once the network no longer exists.
 */
@ProviderType
public interface Network {

    Connection connection();

    String name();

    UUID uuid();

    /** The name of the host bridge the network's guests are plugged into. */
    String bridgeName();

    /**
     * Starts a defined, inactive network: bridge, addresses, DHCP/DNS, firewall rules. A start that fails
     * half-way is rolled back completely.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} "network is already active"
     */
    void start();

    /** Stops the network and removes everything its start created; a transient network vanishes. */
    void destroy();

    /** Removes the persistent definition; an active network becomes transient. */
    void undefine();

    /** The network XML: live when active, unless {@link XmlFlag#INACTIVE} asks for the persistent one. */
    String xml(XmlFlag... flags);

    boolean autostart();

    void setAutostart(boolean autostart);

    boolean isActive();

    boolean isPersistent();

    /** The DHCP leases the network's server has handed out, libvirt's {@code virNetworkGetDHCPLeases}. */
    List<NetworkDhcpLease> dhcpLeases();
}
