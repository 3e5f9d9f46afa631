package io.virtkit.netdev.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.netdev.internal.NetworkLifecycle.StartedParts;

/**
 * A driver instance's activation: persistent definitions are read, networks a previous instance started
 * are adopted (or cleaned up after when their bridge has gone), starts it did not live to finish are
 * undone, then autostart networks start. Runs in the driver's constructor, before anyone else sees it.
 */
final class NetworkActivation {

    private static final System.Logger LOG = System.getLogger(NetworkActivation.class.getName());

    private final VirtualNetworkTable networks;
    private final VirtualNetworkJobs jobs;
    private final NetdevSettings settings;
    private final NetdevThread netdev;
    private final NetworkLifecycle lifecycle;

    NetworkActivation(VirtualNetworkTable networks, VirtualNetworkJobs jobs, NetdevSettings settings,
            NetdevThread netdev, NetworkLifecycle lifecycle) {
        this.networks = networks;
        this.jobs = jobs;
        this.settings = settings;
        this.netdev = netdev;
        this.lifecycle = lifecycle;
    }

    void load() throws IOException {
        for (Path p : xmlFiles(settings.stateDir())) {
            try {
                NetworkDefinition def = NetworkXmlCodec.parse(Files.readString(p, StandardCharsets.UTF_8));
                VirtualNetwork net = new VirtualNetwork(def);
                net.persistent = def;
                net.autostart = Files.exists(lifecycle.autostartFile(def.name()));
                networks.put(net);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "skipping network definition " + p + ": " + e.getMessage());
            }
        }
        for (Path p : xmlFiles(settings.runDir())) {
            adopt(p);
        }
        try (Stream<Path> s = Files.list(settings.runDir())) {
            for (Path p : s.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith(".starting")) {
                    lifecycle.recoverInterruptedStart(p, name -> {
                        VirtualNetwork known = networks.byName(name);
                        return known != null && known.isActive();
                    });
                } else if (file.startsWith(".") && file.endsWith(".tmp")) {
                    NetworkLifecycle.deleteFile(p); // a write the killed daemon never finished (see AtomicFiles.write)
                }
            }
        }
        List<VirtualNetwork> all = networks.snapshot();
        for (VirtualNetwork net : all) {
            if (net.autostart && !net.isActive()) {
                try {
                    jobs.start(net);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "autostart of network '" + net.name + "' failed: " + e.getMessage());
                }
            }
        }
    }

    private static List<Path> xmlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
    }

    /** Takes over a network a previous instance started, or cleans up after it when its bridge is gone. */
    private void adopt(Path statusFile) {
        NetworkDefinition def;
        try {
            def = NetworkXmlCodec.parse(Files.readString(statusFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring status file " + statusFile + ": " + e.getMessage());
            return;
        }
        Optional<DnsmasqProcess> dnsmasq = DnsmasqProcess.find(def.name(), settings.runDir(), settings.dnsmasq());
        boolean bridgeThere = netdev.call(() -> netdev.netlink().exists(def.bridgeName()));
        VirtualNetwork known = networks.byName(def.name());
        boolean clash = known != null && !known.uuid.equals(def.uuid());
        if (!bridgeThere || clash) {
            LOG.log(Level.WARNING, "network '" + def.name() + "' is no longer running; cleaning up");
            lifecycle.teardown(def, new StartedParts(bridgeThere && def.forwardMode().managesBridge() && !clash,
                    dnsmasq.orElse(null), NetworkLifecycle.isRouted(def)));
            return;
        }
        VirtualNetwork net = known != null ? known : new VirtualNetwork(def);
        synchronized (net) {
            net.live = def;
            net.runtime = new StartedParts(def.forwardMode().managesBridge(), dnsmasq.orElse(null),
                    def.forwardMode() == ForwardMode.NAT);
        }
        networks.put(net);
    }
}
