package io.virtkit.storage.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageDriver;
import io.virtkit.api.driver.StoragePoolRef;

/**
 * libvirt's storage driver for local {@code qemu:///…} and {@code lxc:///…} connections: dir and fs pools
 * ({@link PoolBackend}) and their file volumes. The pools are the driver's, shared by every connection
 * ({@link StoragePoolTable}, {@link PoolVolumes}); persistent XML lives in the config directory, the live
 * XML of each active pool in the state directory, so a new instance finds its pools as they were and starts
 * those marked autostart. Deactivation leaves pools as they are on the host (a mounted fs pool stays mounted),
 * as a libvirtd restart does.
 */
@Component(service = StorageDriver.class, configurationPid = StoragePoolDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StorageConfig.class)
public final class StoragePoolDriver implements StorageDriver {

    static final String PID = "io.virtkit.storage";

    private final StoragePoolTable pools;
    private final PoolVolumes volumes;
    private final List<StoragePoolConnection> connections = new CopyOnWriteArrayList<>();

    @Activate
    public StoragePoolDriver(StorageConfig config) {
        this(Path.of(config.configDir()), Path.of(config.stateDir()), new QemuImg());
    }

    StoragePoolDriver(Path configDir, Path stateDir, QemuImg qemuImg) {
        this.pools = new StoragePoolTable(new PoolFiles(configDir, stateDir), qemuImg, this::fire);
        this.volumes = new PoolVolumes(pools);
        pools.load();
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu", "lxc");
    }

    /** The host's pools for a local connection; a URI naming a host or a transport is another daemon's. */
    @Override
    public Optional<StorageConnection> open(OpenRequest request, ConnectionEvents events) {
        URI uri = request.uri();
        if (request.transport().isPresent() || !schemes().contains(request.driverScheme())
                || (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty())) {
            return Optional.empty();
        }
        StoragePoolConnection connection = new StoragePoolConnection(this, pools, volumes, events);
        connections.add(connection);
        return Optional.of(connection);
    }

    /** Stops answering; pools stay as they are on the host and are found again by the next instance. */
    @Deactivate
    public void close() {
        pools.close();
        connections.clear();
    }

    void closed(StoragePoolConnection connection) {
        connections.remove(connection);
    }

    private void fire(StoragePoolRef pool, StoragePoolEventType type) {
        for (StoragePoolConnection c : connections) {
            c.report(pool, type);
        }
    }
}
