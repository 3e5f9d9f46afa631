package io.virtkit.cluster.internal.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

import io.virtkit.api.DomainState;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.InventoryRecord;

/**
 * Every member's inventory as this host last saw it: a Curator {@link CuratorCache} of {@code /inventory}, each
 * host's shards merged into its domains. Each znode change is compared domain by domain with what the host showed
 * before, and every domain that appeared, changed or left is published once as DOMAIN_CHANGED (a write carrying a
 * thousand unchanged domains and one started publishes one event). Updated on Curator's cache thread; readers get
 * an immutable snapshot.
 */
final class InventoryCache implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InventoryCache.class.getName());
    private static final Comparator<ClusterDomain> ORDER = Comparator.comparing(ClusterDomain::hostname)
            .thenComparing(ClusterDomain::name).thenComparing(ClusterDomain::uri)
            .thenComparing(ClusterDomain::hostUuid);
    private static final int UUID_LENGTH = 36;

    private final ClusterEventBus events;
    private final CuratorCache cache;
    // cache thread only: each host's shards, by znode name
    private final Map<UUID, Map<String, InventoryRecord>> shards = new HashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of());

    /** Domain key within one host: a UUID may appear on two of its connections. */
    private record Key(String uri, UUID uuid) {
    }

    /** Every host's domains; the sorted list of all is made once, when first asked (writes come more often). */
    private static final class Snapshot {
        final Map<UUID, Map<Key, ClusterDomain>> byHost;
        private volatile List<ClusterDomain> all;

        Snapshot(Map<UUID, Map<Key, ClusterDomain>> byHost) {
            this.byHost = byHost;
        }

        List<ClusterDomain> all() {
            List<ClusterDomain> sorted = all;
            if (sorted == null) {
                List<ClusterDomain> list = new ArrayList<>();
                byHost.values().forEach(m -> list.addAll(m.values()));
                list.sort(ORDER);
                sorted = List.copyOf(list);
                all = sorted;
            }
            return sorted;
        }
    }

    InventoryCache(CuratorFramework curator, ClusterEventBus events) {
        this.events = events;
        this.cache = CuratorCache.build(curator, ZkPaths.INVENTORY);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(now -> changed(now, true))
                .forChanges((before, now) -> changed(now, true))
                .forDeletes(before -> changed(before, false))
                .build());
        cache.start();
    }

    List<ClusterDomain> domains() {
        return snapshot.all();
    }

    List<ClusterDomain> domainsOn(UUID host) {
        Map<Key, ClusterDomain> on = snapshot.byHost.get(host);
        return on == null ? List.of() : on.values().stream().sorted(ORDER).toList();
    }

    private synchronized void changed(ChildData data, boolean present) {
        String name = data.getPath().substring(data.getPath().lastIndexOf('/') + 1);
        UUID host = hostOf(name);
        if (host == null) {
            return; // /inventory itself, or not a host's record
        }
        Map<String, InventoryRecord> mine = shards.computeIfAbsent(host, h -> new HashMap<>());
        if (present) {
            try {
                mine.put(name, InventoryCodec.decode(data.getData()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "inventory: unreadable record " + data.getPath() + ": " + e);
                return;
            }
        } else {
            mine.remove(name);
        }
        if (mine.isEmpty()) {
            shards.remove(host);
        }
        publish(host, merged(host, mine));
    }

    private static Map<Key, ClusterDomain> merged(UUID host, Map<String, InventoryRecord> records) {
        Map<Key, ClusterDomain> out = new LinkedHashMap<>();
        for (InventoryRecord r : records.values()) {
            for (InventoryRecord.Entry e : r.domains()) {
                UUID uuid = UUID.fromString(e.uuid());
                out.put(new Key(e.uri(), uuid), new ClusterDomain(host, r.hostname(), e.uri(), e.name(), uuid,
                        DomainState.ofNumber(e.state()), e.persistent(), e.clusterGuest()));
            }
        }
        return out;
    }

    private void publish(UUID host, Map<Key, ClusterDomain> now) {
        Snapshot before = snapshot;
        Map<Key, ClusterDomain> was = before.byHost.getOrDefault(host, Map.of());
        Map<UUID, Map<Key, ClusterDomain>> byHost = new HashMap<>(before.byHost);
        if (now.isEmpty()) {
            byHost.remove(host);
        } else {
            byHost.put(host, Collections.unmodifiableMap(now));
        }
        snapshot = new Snapshot(Map.copyOf(byHost));

        Set<Key> keys = new HashSet<>(was.keySet());
        keys.addAll(now.keySet());
        for (Key k : keys) {
            ClusterDomain old = was.get(k);
            ClusterDomain current = now.get(k);
            if (current == null) {
                events.publish(ClusterEventType.DOMAIN_CHANGED, host, old.name(), "gone from " + old.hostname());
            } else if (!current.equals(old)) {
                events.publish(ClusterEventType.DOMAIN_CHANGED, host, current.name(),
                        current.state().label() + " on " + current.hostname());
            }
        }
    }

    /** The host a znode name belongs to: {@code <uuid>} or {@code <uuid>-<shard>}. */
    private static UUID hostOf(String name) {
        if (name.length() < UUID_LENGTH) {
            return null;
        }
        try {
            return UUID.fromString(name.substring(0, UUID_LENGTH));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
