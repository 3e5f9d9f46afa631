package io.virtkit.netdev.internal;

import java.security.SecureRandom;
import java.util.function.BiConsumer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.netdev.internal.NetworkLifecycle.StartedParts;

/**
 * What changes a network of a {@link VirtualNetworkDriver}: define, create, start, destroy, undefine and
 * autostart, each reported as an event. Everything that runs on the host (dnsmasq, nft, the bridge) runs in
 * the network's {@linkplain VirtualNetwork#beginJob job}, one at a time per network, holding no lock; the
 * table's monitor and then the network's are taken only to reserve a name or change fields, in that order.
 */
final class VirtualNetworkJobs {

    private final VirtualNetworkTable networks;
    private final NetworkLifecycle lifecycle;
    private final NetdevSettings settings;
    private final NetdevThread netdev;
    private final BiConsumer<NetworkRef, NetworkEventType> events;
    private final SecureRandom random = new SecureRandom();

    /** @param events gets every change; it only queues, so it may be called holding any lock */
    VirtualNetworkJobs(VirtualNetworkTable networks, NetworkLifecycle lifecycle, NetdevSettings settings,
            NetdevThread netdev, BiConsumer<NetworkRef, NetworkEventType> events) {
        this.networks = networks;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.netdev = netdev;
        this.events = events;
    }

    /** A definition only (a config file write): under the table lock, which also keeps bridge names apart. */
    NetworkRef define(String xml) {
        networks.checkOpen();
        NetworkDefinition parsed = NetworkXmlCodec.parse(xml);
        NetworkSupport.check(parsed);
        VirtualNetwork net;
        synchronized (networks) {
            networks.rejectClash(parsed);
            VirtualNetwork existing = networks.get(parsed.uuid());
            NetworkDefinition def = BridgeNames.complete(parsed, existing, networks.values(), netdev, random);
            NetworkLifecycle.writeAtomically(lifecycle.configFile(def.name()), NetworkXmlCodec.format(def));
            net = existing != null ? existing : new VirtualNetwork(def);
            synchronized (net) {
                net.persistent = def;
            }
            networks.put(net);
        }
        fire(net, NetworkEventType.DEFINED);
        return VirtualNetworkTable.ref(net);
    }

    /**
     * A transient network (or a defined inactive one of the same name and UUID) started: its record and
     * bridge name are reserved under the table lock, the start runs in the network's job without it.
     */
    NetworkRef create(String xml) {
        networks.checkOpen();
        NetworkDefinition parsed = NetworkXmlCodec.parse(xml);
        NetworkSupport.check(parsed);
        VirtualNetwork net;
        NetworkDefinition def;
        boolean added;
        synchronized (networks) {
            networks.rejectClash(parsed);
            VirtualNetwork existing = networks.get(parsed.uuid());
            if (existing != null && (existing.isActive() || isStarting(existing))) {
                throw alreadyActive();
            }
            def = BridgeNames.complete(parsed, existing, networks.values(), netdev, random);
            net = existing != null ? existing : new VirtualNetwork(def);
            added = existing == null;
            synchronized (net) {
                net.starting = def;
            }
            if (added) {
                networks.put(net);
            }
        }
        net.beginJob();
        try {
            startNetwork(net, def);
        } catch (RuntimeException e) {
            if (added) {
                synchronized (networks) {
                    if (!net.isActive() && networks.get(net.uuid) == net) {
                        networks.remove(net);
                    }
                }
            }
            throw e;
        } finally {
            synchronized (net) {
                net.starting = null;
            }
            net.endJob();
        }
        return VirtualNetworkTable.ref(net);
    }

    private static boolean isStarting(VirtualNetwork net) {
        synchronized (net) {
            return net.starting != null;
        }
    }

    void start(NetworkRef ref) {
        start(networks.find(ref));
    }

    /** Starts the persistent definition of {@code net} in its job. */
    void start(VirtualNetwork net) {
        net.beginJob();
        try {
            NetworkDefinition def;
            synchronized (networks) {
                synchronized (net) {
                    if (net.live != null) {
                        throw alreadyActive();
                    }
                    def = net.persistent;
                    net.starting = def;
                }
            }
            try {
                startNetwork(net, def);
            } finally {
                synchronized (net) {
                    net.starting = null;
                }
            }
        } finally {
            net.endJob();
        }
    }

    /** Brings {@code def} up for {@code net}; the caller holds the network's job and no lock. */
    private void startNetwork(VirtualNetwork net, NetworkDefinition def) {
        if (net.isActive()) {
            throw alreadyActive();
        }
        StartedParts runtime = lifecycle.start(def);
        synchronized (net) {
            net.live = def;
            net.runtime = runtime;
        }
        fire(net, NetworkEventType.STARTED);
    }

    /** Marks the network inactive at once, then tears it down in its job, holding no lock. */
    void destroy(NetworkRef ref) {
        VirtualNetwork net = networks.find(ref);
        net.beginJob();
        try {
            NetworkDefinition def;
            StartedParts runtime;
            boolean transientNet;
            synchronized (net) {
                if (net.live == null) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                            "network is not active");
                }
                def = net.live;
                runtime = net.runtime;
                net.live = null;
                net.runtime = null;
                transientNet = net.persistent == null;
            }
            if (transientNet) {
                networks.remove(net);
            }
            try {
                lifecycle.teardown(def, runtime);
            } finally {
                fire(net, NetworkEventType.STOPPED);
            }
        } finally {
            net.endJob();
        }
    }

    void undefine(NetworkRef ref) {
        VirtualNetwork net = networks.find(ref);
        net.beginJob();
        try {
            synchronized (networks) {
                synchronized (net) {
                    if (net.persistent == null) {
                        throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                                "can't undefine transient network");
                    }
                    NetworkLifecycle.deleteFile(lifecycle.configFile(net.name));
                    NetworkLifecycle.deleteFile(lifecycle.autostartFile(net.name));
                    net.persistent = null;
                    net.autostart = false;
                    if (net.live == null) {
                        networks.remove(net);
                        DnsmasqProcess.removeAllFiles(settings.runDir(), net.name);
                    }
                }
            }
            fire(net, NetworkEventType.UNDEFINED);
        } finally {
            net.endJob();
        }
    }

    void setAutostart(NetworkRef ref, boolean autostart) {
        VirtualNetwork net = networks.find(ref);
        net.beginJob();
        try {
            synchronized (net) {
                if (net.persistent == null) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                            "cannot set autostart for transient network");
                }
            }
            if (autostart) {
                NetworkLifecycle.writeAtomically(lifecycle.autostartFile(net.name), "");
            } else {
                NetworkLifecycle.deleteFile(lifecycle.autostartFile(net.name));
            }
            synchronized (net) {
                net.autostart = autostart;
            }
        } finally {
            net.endJob();
        }
    }

    private void fire(VirtualNetwork net, NetworkEventType type) {
        events.accept(VirtualNetworkTable.ref(net), type);
    }

    private static VirtException alreadyActive() {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network is already active");
    }
}
