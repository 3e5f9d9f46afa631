package io.virtkit.core.internal;

import java.util.Map;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.spi.HypervisorDriver;
import io.virtkit.api.spi.NetworkDriver;

/**
 * For the remote bundle's tests: core's own {@link DefaultConnectionFactory} with drivers handed in by hand,
 * since plain tests have no DS to call its package-private bind methods. Connections it opens are joined
 * with the network driver exactly as in a running Karaf.
 */
public final class JoinedConnectionFactory {
    private JoinedConnectionFactory() {
    }

    /** A factory routing {@code hypervisor}'s schemes to it, each connection joined with {@code networks}. */
    public static ConnectionFactory of(HypervisorDriver hypervisor, NetworkDriver networks) {
        DefaultConnectionFactory factory = new DefaultConnectionFactory();
        factory.addDriver(hypervisor, Map.of());
        factory.addNetworkDriver(networks);
        return factory;
    }
}
