package io.virtkit.cluster.internal.inventory;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkResources;

/**
 * The inventory: publishes this host's domains (of config {@code uris}) to {@code /inventory/<hostUuid>} and
 * serves every member's from a cache of {@code /inventory}.
 */
@Component(service = InventoryView.class, configurationPid = "io.virtkit.cluster",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class InventoryComponent implements InventoryView {
    private final ClusterSession session;
    private final InventoryPublisher publisher;
    private final InventoryCache cache;

    @Activate
    public InventoryComponent(ClusterConfig config, @Reference ClusterSession session,
            @Reference ConnectionFactory connections, @Reference ClusterEventBus events) {
        this(config, session, connections, events, InventoryCodec.SHARD_ABOVE);
    }

    /** With another shard size: tests shard a few hundred domains. */
    InventoryComponent(ClusterConfig config, ClusterSession session, ConnectionFactory connections,
            ClusterEventBus events, int shardAbove) {
        this.session = session;
        this.cache = new InventoryCache(session.curator(), events);
        this.publisher = new InventoryPublisher(session, connections, uris(config.uris()), shardAbove);
    }

    static List<String> uris(String configured) {
        return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    @Override
    public List<ClusterDomain> domains() {
        return cache.domains();
    }

    @Override
    public List<ClusterDomain> domainsOn(UUID host) {
        return cache.domainsOn(host);
    }

    @Override
    public void markClusterGuest(UUID domain) {
        publisher.markClusterGuest(domain, true);
    }

    @Override
    public void unmarkClusterGuest(UUID domain) {
        publisher.markClusterGuest(domain, false);
    }

    @Deactivate
    public void close() {
        publisher.close();
        ZkResources.close(session, "inventory cache", cache);
    }
}
