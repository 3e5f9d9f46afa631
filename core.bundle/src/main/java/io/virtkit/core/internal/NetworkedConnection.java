package io.virtkit.core.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEventListener;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEventListener;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;
import io.virtkit.api.spi.NetworkAccess;
import io.virtkit.api.spi.NetworkDriver;

/**
 * A hypervisor driver's connection joined with a network driver's networks, as libvirt joins a
 * connection's hypervisor and network sub-drivers: domain calls go to the one, network calls to the
 * other. Domain handles keep naming the hypervisor driver's connection.
 */
final class NetworkedConnection implements Connection {

    private final Connection hypervisor;
    private volatile NetworkAccess networks;

    private NetworkedConnection(Connection hypervisor) {
        this.hypervisor = hypervisor;
    }

    /** {@code hypervisor} with the networks of the first of {@code drivers} that accepts the URI, if any. */
    static Connection join(Connection hypervisor, java.net.URI uri, List<NetworkDriver> drivers) {
        if (drivers.isEmpty()) {
            return hypervisor;
        }
        NetworkedConnection joined = new NetworkedConnection(hypervisor);
        for (NetworkDriver driver : drivers) {
            var access = driver.open(uri, joined);
            if (access.isPresent()) {
                joined.networks = access.get();
                return joined;
            }
        }
        return hypervisor;
    }

    @Override
    public String uri() {
        return hypervisor.uri();
    }

    @Override
    public String type() {
        return hypervisor.type();
    }

    @Override
    public long hypervisorVersion() {
        return hypervisor.hypervisorVersion();
    }

    @Override
    public long libraryVersion() {
        return hypervisor.libraryVersion();
    }

    @Override
    public String hostname() {
        return hypervisor.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return hypervisor.nodeInfo();
    }

    @Override
    public String capabilities() {
        return hypervisor.capabilities();
    }

    @Override
    public List<Domain> listAllDomains(DomainListFlag... flags) {
        return hypervisor.listAllDomains(flags);
    }

    @Override
    public Domain lookupDomainByName(String name) {
        return hypervisor.lookupDomainByName(name);
    }

    @Override
    public Domain lookupDomainByUuid(UUID uuid) {
        return hypervisor.lookupDomainByUuid(uuid);
    }

    @Override
    public Domain lookupDomainById(int id) {
        return hypervisor.lookupDomainById(id);
    }

    @Override
    public Domain defineDomain(String xml) {
        return hypervisor.defineDomain(xml);
    }

    @Override
    public Domain createDomain(String xml, StartFlag... flags) {
        return hypervisor.createDomain(xml, flags);
    }

    @Override
    public String domainXmlToNative(String nativeFormat, String xml) {
        return hypervisor.domainXmlToNative(nativeFormat, xml);
    }

    @Override
    public Registration addDomainEventListener(DomainEventListener listener) {
        return hypervisor.addDomainEventListener(listener);
    }

    @Override
    public List<Network> listAllNetworks(NetworkListFlag... flags) {
        return networks.listAllNetworks(flags);
    }

    @Override
    public Network lookupNetworkByName(String name) {
        return networks.lookupNetworkByName(name);
    }

    @Override
    public Network lookupNetworkByUuid(UUID uuid) {
        return networks.lookupNetworkByUuid(uuid);
    }

    @Override
    public Network defineNetwork(String xml) {
        return networks.defineNetwork(xml);
    }

    @Override
    public Network createNetwork(String xml) {
        return networks.createNetwork(xml);
    }

    @Override
    public Registration addNetworkEventListener(NetworkEventListener listener) {
        return networks.addNetworkEventListener(listener);
    }

    @Override
    public boolean isAlive() {
        return hypervisor.isAlive();
    }

    @Override
    public void close() {
        try {
            networks.close();
        } finally {
            hypervisor.close();
        }
    }

    @Override
    public String toString() {
        return hypervisor.toString();
    }
}
