package io.virtkit.netdev.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.VirtException;
import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkIp;
import io.virtkit.model.network.NetworkXmlCodec;

/**
 * What starting and stopping a virtual network does on the host, libvirt's {@code networkStartNetwork} and
 * {@code networkShutdownNetwork}: the bridge, dnsmasq, the NAT table, IP forwarding, undone step by step;
 * the files that record it; and the clean-up after a start a killed daemon never finished.
 *
 * <p>It holds no lock of its own and is called with none of the driver's: the caller holds the network's
 * job (see {@link VirtualNetworkDriver}), so dnsmasq and nft runs of one network never hold up another
 * network's operations, nor a guest's TAP lookup.
 */
final class NetworkLifecycle {

    private static final System.Logger LOG = System.getLogger(NetworkLifecycle.class.getName());
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final NetdevSettings settings;
    private final NetdevThread netdev;
    private final NatFirewall firewall;
    /**
     * A test's hook: called with the network's name when its start is about to launch dnsmasq (to hold a
     * start there on purpose); null in production.
     */
    volatile Consumer<String> beforeDnsmasq;

    NetworkLifecycle(NetdevSettings settings, NetdevThread netdev) {
        this.settings = settings;
        this.netdev = netdev;
        this.firewall = new NatFirewall(settings.launcher(), settings.nft());
    }

    /** What a start created, so destroy undoes exactly that. */
    record StartedParts(boolean bridgeCreated, DnsmasqProcess dnsmasq, boolean firewall) {
    }

    Path configFile(String name) {
        return settings.stateDir().resolve(name + ".xml");
    }

    Path autostartFile(String name) {
        return settings.stateDir().resolve(name + ".autostart");
    }

    Path statusFile(String name) {
        return settings.runDir().resolve(name + ".xml");
    }

    /** The intent record of a start under way: what a daemon killed meanwhile may have left. */
    Path startingFile(String name) {
        return settings.runDir().resolve(name + ".starting");
    }

    /**
     * A start the previous instance never finished (it was killed): its network is not active, so
     * whatever of it exists goes, found from the names the intent record fixes, not from what the dead
     * instance may have recorded later: the NAT table, every dnsmasq with the network's config file on
     * its command line (one that never wrote its pid file too), the bridge. A record whose start did
     * finish (its status file was adopted) is only removed.
     */
    void recoverInterruptedStart(Path intent, Predicate<String> active) {
        NetworkDefinition def;
        try {
            def = NetworkXmlCodec.parse(Files.readString(intent, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring unreadable start record " + intent + ": " + e.getMessage());
            deleteFile(intent);
            return;
        }
        if (active.test(def.name())) {
            deleteFile(intent);
            return;
        }
        LOG.log(Level.WARNING, "network '" + def.name() + "' was not fully started when the daemon stopped; "
                + "cleaning up");
        List<Runnable> steps = new ArrayList<>();
        if (def.forwardMode() == ForwardMode.NAT) {
            steps.add(() -> firewall.remove(def.name()));
        }
        steps.add(() -> DnsmasqProcess.killLaunched(def.name(), settings.runDir()));
        if (def.forwardMode().managesBridge() && def.bridgeName() != null) {
            steps.add(() -> netdev.run(() -> {
                if (netdev.netlink().exists(def.bridgeName())) {
                    netdev.netlink().deleteLink(def.bridgeName());
                }
            }));
        }
        steps.add(() -> deleteFile(statusFile(def.name())));
        steps.add(() -> deleteFile(intent));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cleaning up after the interrupted start of network '" + def.name()
                        + "': " + e.getMessage());
            }
        }
    }

    /**
     * Brings {@code def} up, recorded first by an intent file (removed once the status file is written):
     * what a start does, or nothing of it when it fails.
     */
    StartedParts start(NetworkDefinition def) {
        // the intent record, before anything exists: an instance killed from here on leaves it for the
        // next one, which removes what this start made (recoverInterruptedStart)
        Path intent = startingFile(def.name());
        writeAtomically(intent, NetworkXmlCodec.format(def));
        StartedParts runtime;
        try {
            runtime = bringUp(def);
        } catch (RuntimeException e) {
            deleteFile(intent);
            throw e;
        }
        try {
            writeAtomically(statusFile(def.name()), NetworkXmlCodec.format(def));
        } catch (RuntimeException e) {
            teardown(def, runtime);
            deleteFile(intent);
            throw e;
        }
        deleteFile(intent);
        return runtime;
    }

    /** Everything a start does, in libvirt's order; on a failure every step done so far is undone. */
    StartedParts bringUp(NetworkDefinition def) {
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            boolean bridgeCreated = false;
            String bridge = def.bridgeName();
            if (def.forwardMode().managesBridge()) {
                netdev.run(() -> netdev.netlink().createBridge(bridge));
                undo.push(() -> netdev.run(() -> netdev.netlink().deleteLink(bridge)));
                bridgeCreated = true;
                netdev.run(() -> {
                    Rtnetlink nl = netdev.netlink();
                    if (def.mac() != null) {
                        nl.setMac(bridge, MacAddress.parse(def.mac()));
                    }
                    if (def.mtu() != null) {
                        nl.setMtu(bridge, def.mtu());
                    }
                    for (NetworkIp ip : def.ips()) {
                        nl.addAddress(bridge, ipv4(ip.address()), ip.prefix());
                    }
                    nl.setUp(bridge, true);
                });
            } else {
                LinkInfo link = netdev.call(() -> netdev.netlink().requireLink(bridge));
                if (!link.kind().filter("bridge"::equals).isPresent()) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                            "host device '" + bridge + "' of network '" + def.name() + "' is not a bridge");
                }
            }
            DnsmasqProcess dnsmasq = null;
            Optional<DnsmasqConfig> cfg = dnsmasqConfig(def);
            if (cfg.isPresent()) {
                Consumer<String> hook = beforeDnsmasq;
                if (hook != null) {
                    hook.accept(def.name());
                }
                dnsmasq = DnsmasqProcess.start(cfg.get(), settings.runDir(), settings.launcher(), settings.dnsmasq());
                DnsmasqProcess started = dnsmasq;
                undo.push(started::stop);
            }
            boolean fw = false;
            if (def.forwardMode() == ForwardMode.NAT) {
                NetworkIp ip = def.ips().stream().findFirst().orElseThrow(() -> new VirtException(
                        ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                        "network '" + def.name() + "' has forward mode 'nat' but no IPv4 address"));
                firewall.install(def.name(), bridge, ipv4(ip.address()), ip.prefix());
                undo.push(() -> firewall.remove(def.name()));
                fw = true;
            }
            if (isRouted(def)) {
                // per network namespace: written from the kernel thread, which is in the right one
                netdev.run(() -> Files.writeString(IP_FORWARD, "1\n"));
            }
            return new StartedParts(bridgeCreated, dnsmasq, fw);
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    static boolean isRouted(NetworkDefinition def) {
        return def.forwardMode() == ForwardMode.NAT || def.forwardMode() == ForwardMode.ROUTE;
    }

    /** dnsmasq serves DNS on any network with an address of its own and DHCP on the address that has it. */
    static Optional<DnsmasqConfig> dnsmasqConfig(NetworkDefinition def) {
        if (!def.forwardMode().managesBridge() || def.ips().isEmpty()) {
            return Optional.empty();
        }
        NetworkIp ip = def.dhcpIp().orElse(def.ips().get(0));
        Optional<DnsmasqConfig.DhcpRange> range = ip.dhcpRanges().stream().findFirst()
                .map(r -> new DnsmasqConfig.DhcpRange(ipv4(r.start()), ipv4(r.end())));
        List<DnsmasqConfig.DhcpHost> hosts = ip.dhcpHosts().stream().filter(h -> h.mac() != null)
                .map(h -> new DnsmasqConfig.DhcpHost(MacAddress.parse(h.mac()), ipv4(h.ip()),
                        Optional.ofNullable(h.name())))
                .toList();
        return Optional.of(new DnsmasqConfig(def.name(), def.bridgeName(), ipv4(ip.address()), ip.prefix(), range,
                hosts, Optional.ofNullable(def.domainName())));
    }

    private static Ipv4 ipv4(InetAddress a) {
        return Ipv4.of(a.getAddress());
    }

    /** Undoes a start; every step is tried, the first failure is thrown after all of them. */
    void teardown(NetworkDefinition def, StartedParts runtime) {
        RuntimeException first = null;
        List<Runnable> steps = new ArrayList<>();
        if (runtime.firewall()) {
            steps.add(() -> firewall.remove(def.name()));
        }
        if (runtime.dnsmasq() != null) {
            steps.add(runtime.dnsmasq()::stop);
        }
        if (runtime.bridgeCreated()) {
            steps.add(() -> netdev.run(() -> {
                if (netdev.netlink().exists(def.bridgeName())) {
                    netdev.netlink().deleteLink(def.bridgeName());
                }
            }));
        }
        steps.add(() -> deleteFile(statusFile(def.name())));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** dnsmasq's leases of active network {@code def} (DHCP on {@code ip}); only {@code mac}'s when not null. */
    List<NetworkDhcpLease> leases(NetworkDefinition def, NetworkIp ip, String mac) {
        Path leaseFile = DnsmasqProcess.InstanceFiles.of(settings.runDir(), def.name()).leaseFile();
        return DnsmasqProcess.leases(leaseFile).stream()
                .filter(l -> mac == null || l.mac().toString().equalsIgnoreCase(mac))
                .map(l -> new NetworkDhcpLease(def.bridgeName(), l.expiry().orElse(null), l.mac().toString(),
                        l.ip().toString(), ip.prefix(), l.hostname().orElse(null), l.clientId().orElse(null)))
                .toList();
    }

    /** Write-then-rename, so a crash leaves the old file or the new one, never half of one. */
    static void writeAtomically(Path file, String text) {
        try {
            io.virtkit.support.AtomicFiles.write(file, text);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NETWORK,
                    "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException ignored) {
            // gone already
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NETWORK,
                    "cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
