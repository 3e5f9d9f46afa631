package io.virtkit.netdev.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkDriver;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.OpenRequest;

/**
 * libvirt's network driver for {@code qemu:///…} and {@code lxc:///…} connections: virtual networks
 * with a bridge of their own (isolated, NAT, routed) or on an existing host bridge. All kernel work runs on
 * its {@link NetdevThread}; what a start and a destroy do on the host is {@link NetworkLifecycle}'s, the
 * operations that change a network are {@link VirtualNetworkJobs}', its table is {@link VirtualNetworkTable}.
 * Persistent XML lives in the state directory, a status file per active network in the run directory, so
 * a new instance adopts running bridges and dnsmasq instances instead of recreating them.
 *
 * <p>Locks, in the order they are taken: (1) a network's job ({@link VirtualNetwork#beginJob}: start,
 * destroy, undefine, autostart of that network, one at a time, held across dnsmasq and nft runs); (2) the
 * table's monitor ({@link VirtualNetworkTable}: the networks and the bridge names they take, held only for
 * lookups and table changes, never across a process run); (3) a network's monitor (its fields, held only
 * to read or set them). Nothing is taken against that order. So a guest's TAP lookup
 * ({@link #activeBridge}) takes (2) and (3) briefly and never waits behind another network's start.
 */
@Component(service = {NetworkDriver.class, VirtualNetworkDriver.class}, configurationPid = VirtualNetworkDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetdevConfig.class)
public final class VirtualNetworkDriver implements NetworkDriver {

    static final String PID = "io.virtkit.netdev";
    private static final System.Logger LOG = System.getLogger(VirtualNetworkDriver.class.getName());

    private final NetdevSettings settings;
    private final NetdevThread netdev;
    private final NetworkLifecycle lifecycle;
    private final VirtualNetworkTable networks;
    private final VirtualNetworkJobs jobs;
    private final List<VirtualNetworkConnection> connections = new CopyOnWriteArrayList<>();
    private boolean closed; // guarded by this

    @Activate
    public VirtualNetworkDriver(NetdevConfig config) {
        this(NetdevSettings.of(config));
    }

    /** A driver on explicit settings (tests, plain Java): loads definitions, adopts active networks, autostarts. */
    public VirtualNetworkDriver(NetdevSettings settings) {
        this.settings = settings;
        this.netdev = new NetdevThread(settings.threadSetup());
        this.lifecycle = new NetworkLifecycle(settings, netdev);
        this.networks = new VirtualNetworkTable(lifecycle);
        this.jobs = new VirtualNetworkJobs(networks, lifecycle, settings, netdev, this::fire);
        try {
            Files.createDirectories(settings.stateDir());
            Files.createDirectories(settings.runDir());
            new NetworkActivation(networks, jobs, settings, netdev, lifecycle).load();
        } catch (IOException | RuntimeException e) {
            netdev.close();
            throw e instanceof RuntimeException r ? r
                    : new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NETWORK, e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu", "lxc");
    }

    /**
     * The host's networks for a local {@code qemu:///…} or {@code lxc:///…} connection; a URI naming a host
     * or a transport is another daemon's (libvirt's network driver is local only).
     */
    @Override
    public Optional<NetworkConnection> open(OpenRequest request, ConnectionEvents events) {
        URI uri = request.uri();
        if (request.transport().isPresent() || !schemes().contains(request.driverScheme())
                || (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty())) {
            return Optional.empty();
        }
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            VirtualNetworkConnection connection = new VirtualNetworkConnection(this, events);
            connections.add(connection);
            return Optional.of(connection);
        }
    }

    /** Stops event reports and the kernel thread; active networks keep running (restart safety). */
    @Deactivate
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        networks.close();
        connections.clear(); // core closes them; their calls fail with "network driver is closed" meanwhile
        netdev.close();
    }

    // ---------------------------------------------------------------------------------- for HostTapProvider

    NetdevThread netdev() {
        return netdev;
    }

    NetworkLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * The bridge of the active network {@code name}, read without waiting for any network's job.
     *
     * @throws VirtException NO_NETWORK when there is none, OPERATION_INVALID when it is not active
     */
    String activeBridge(String name) {
        return networks.activeBridge(name);
    }

    // ---------------------------------------------------------------------------------- for VirtualNetworkConnection

    VirtualNetworkTable networks() {
        return networks;
    }

    VirtualNetworkJobs jobs() {
        return jobs;
    }

    void closed(VirtualNetworkConnection connection) {
        connections.remove(connection);
    }

    /** Reports to every connection that listens; core only queues, so this may hold any lock. */
    private void fire(NetworkRef ref, NetworkEventType type) {
        for (VirtualNetworkConnection c : connections) {
            c.report(ref, type);
        }
    }
}
