package io.virtkit.api.driver;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.NetworkDhcpLease;

/**
 * One open connection of a {@link NetworkDriver}: libvirt's {@code virNetworkDriver} table, on
 * {@link NetworkRef}s as {@link HypervisorConnection} is on domain references.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface NetworkConnection extends AutoCloseable {

    /** {@code virConnectListAllNetworks}: flags are {@link io.virtkit.api.NetworkListFlag} bits. */
    List<NetworkRef> listAllNetworks(long flags);

    NetworkRef lookupNetworkByName(String name);

    NetworkRef lookupNetworkByUuid(UUID uuid);

    NetworkRef defineNetwork(String xml, long flags);

    NetworkRef createNetwork(String xml, long flags);

    String networkBridgeName(NetworkRef network);

    void startNetwork(NetworkRef network, long flags);

    void destroyNetwork(NetworkRef network);

    void undefineNetwork(NetworkRef network);

    /** Flags are {@link io.virtkit.api.XmlFlag} bits. */
    String networkXml(NetworkRef network, long flags);

    boolean networkAutostart(NetworkRef network);

    void setNetworkAutostart(NetworkRef network, boolean autostart);

    boolean networkIsActive(NetworkRef network);

    boolean networkIsPersistent(NetworkRef network);

    List<NetworkDhcpLease> networkDhcpLeases(NetworkRef network, String mac, long flags);

    @Override
    void close();
}
