package io.virtkit.api.spi;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.Network;
import io.virtkit.api.NetworkEventListener;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.Registration;

/** One connection's view of a {@link NetworkDriver}'s networks; the network half of a connection. */
@org.osgi.annotation.versioning.ConsumerType
public interface NetworkAccess extends AutoCloseable {

    List<Network> listAllNetworks(NetworkListFlag... flags);

    Network lookupNetworkByName(String name);

    Network lookupNetworkByUuid(UUID uuid);

    Network defineNetwork(String xml);

    Network createNetwork(String xml);

    Registration addNetworkEventListener(NetworkEventListener listener);

    @Override
    void close();
}
