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
 * ({@link PoolBackend}) and their file volumes. The pools are the driver's, shared by every connection to
 * them ({@link StoragePoolTable}, {@link PoolVolumes}): the system's, and the session's for
 * {@code qemu:///session} ({@link StorageDirs}). Persistent XML lives in the config directory, the live
 * XML of each active pool in the state directory, so a new instance finds its pools as they were and starts
 * those marked autostart. Deactivation leaves pools as they are on the host (a mounted fs pool stays mounted),
 * as a libvirtd restart does.
 */
@Component(service = StorageDriver.class, configurationPid = StoragePoolDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StorageConfig.class)
public final class StoragePoolDriver implements StorageDriver {

    static final String PID = "io.virtkit.storage";

    private final StorageDirs dirs;
    private final QemuImg qemuImg;
    private final PoolStore system;
    private PoolStore session; // guarded by this; made at the first qemu:///session connection
    private boolean closed;    // guarded by this
    private final List<StoragePoolConnection> connections = new CopyOnWriteArrayList<>();

    /** The pools of one set of directories, shared by the connections to it. */
    record PoolStore(StoragePoolTable pools, PoolVolumes volumes) {
    }

    @Activate
    public StoragePoolDriver(StorageConfig config) {
        this(StorageDirs.of(config), new QemuImg());
    }

    StoragePoolDriver(StorageDirs dirs, QemuImg qemuImg) {
        this.dirs = dirs;
        this.qemuImg = qemuImg;
        this.system = load(dirs.systemConfig(), dirs.systemState());
    }

    /** Loads one set of pools, autostarting those marked so. */
    private PoolStore load(Path configDir, Path stateDir) {
        PoolStore[] store = new PoolStore[1];
        StoragePoolTable pools = new StoragePoolTable(new PoolFiles(configDir, stateDir), qemuImg,
                (ref, type) -> fire(store[0], ref, type));
        store[0] = new PoolStore(pools, new PoolVolumes(pools));
        pools.load();
        return store[0];
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu", "lxc");
    }

    /**
     * The host's pools for a local connection: {@code qemu:///session}'s are the user's own, every other
     * local {@code qemu:///} or {@code lxc:///} URI gets the system's. A URI naming a host or a transport is
     * another daemon's.
     */
    @Override
    public Optional<StorageConnection> open(OpenRequest request, ConnectionEvents events) {
        URI uri = request.uri();
        if (request.transport().isPresent() || !schemes().contains(request.driverScheme())
                || (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty())) {
            return Optional.empty();
        }
        PoolStore store;
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            if ("qemu".equals(request.driverScheme()) && "/session".equals(uri.getPath())) {
                if (session == null) {
                    session = load(dirs.sessionConfig(), dirs.sessionState());
                }
                store = session;
            } else {
                store = system;
            }
        }
        StoragePoolConnection connection = new StoragePoolConnection(this, store, events);
        connections.add(connection);
        return Optional.of(connection);
    }

    /** Stops answering; pools stay as they are on the host and are found again by the next instance. */
    @Deactivate
    public void close() {
        PoolStore sessionStore;
        synchronized (this) {
            closed = true;
            sessionStore = session;
        }
        system.pools().close();
        if (sessionStore != null) {
            sessionStore.pools().close();
        }
        connections.clear();
    }

    void closed(StoragePoolConnection connection) {
        connections.remove(connection);
    }

    private void fire(PoolStore store, StoragePoolRef pool, StoragePoolEventType type) {
        for (StoragePoolConnection c : connections) {
            if (c.store() == store) {
                c.report(pool, type);
            }
        }
    }
}
