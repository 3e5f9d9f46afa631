package io.virtkit.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkDriver;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageDriver;

/**
 * Opens connections as libvirt's {@code virConnectOpenAuth}: the URI's scheme, less any {@code +transport}
 * suffix, selects the hypervisor sub-drivers that serve it, asked in ranking order until one accepts; then
 * the connection's network sub-driver is the hypervisor connection's own ({@link HypervisorConnection#networks()})
 * or the first network driver serving the scheme that accepts, and its storage sub-driver likewise
 * ({@link HypervisorConnection#storage()} or the first storage driver that accepts). Sub-drivers are dynamic
 * references, so driver bundles can be installed and removed at runtime; connections opened through a driver
 * that goes away are dead from then on (INVALID_CONN).
 *
 * <p>Outside OSGi (tests, embedding) the bind methods are public: construct it and add drivers by hand.
 */
@Component(service = ConnectionFactory.class)
public final class DefaultConnectionFactory implements ConnectionFactory {

    private final DriverRegistry<HypervisorDriver> hypervisors = new DriverRegistry<>(HypervisorDriver::schemes);
    private final DriverRegistry<NetworkDriver> networks = new DriverRegistry<>(NetworkDriver::schemes);
    private final DriverRegistry<StorageDriver> storages = new DriverRegistry<>(StorageDriver::schemes);
    /** The open connections and the sub-drivers behind them, to mark them dead when a driver goes. */
    private final Map<CoreConnection, Opened> open = new ConcurrentHashMap<>();

    private record Opened(HypervisorDriver hypervisor, NetworkDriver network, StorageDriver storage) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addHypervisorDriver(HypervisorDriver driver, Map<String, Object> properties) {
        hypervisors.add(driver, ranking(properties), serviceId(properties));
    }

    public void removeHypervisorDriver(HypervisorDriver driver) {
        hypervisors.remove(driver);
        open.forEach((connection, opened) -> {
            if (opened.hypervisor() == driver) {
                connection.driverGone();
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addNetworkDriver(NetworkDriver driver, Map<String, Object> properties) {
        networks.add(driver, ranking(properties), serviceId(properties));
    }

    public void removeNetworkDriver(NetworkDriver driver) {
        networks.remove(driver);
        open.forEach((connection, opened) -> {
            if (opened.network() == driver) {
                NetworkConnection gone = connection.joinedNetworks();
                connection.networksGone(gone);
                if (gone != null) {
                    gone.close();
                }
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addStorageDriver(StorageDriver driver, Map<String, Object> properties) {
        storages.add(driver, ranking(properties), serviceId(properties));
    }

    public void removeStorageDriver(StorageDriver driver) {
        storages.remove(driver);
        open.forEach((connection, opened) -> {
            if (opened.storage() == driver) {
                StorageConnection gone = connection.joinedStorage();
                connection.storageGone(gone);
                if (gone != null) {
                    gone.close();
                }
            }
        });
    }

    /** Adds a hypervisor driver without service properties (ranking 0, asked after earlier ones). */
    public DefaultConnectionFactory withHypervisorDriver(HypervisorDriver driver) {
        addHypervisorDriver(driver, Map.of(Constants.SERVICE_ID, nextLocalId()));
        return this;
    }

    /** Adds a network driver without service properties. */
    public DefaultConnectionFactory withNetworkDriver(NetworkDriver driver) {
        addNetworkDriver(driver, Map.of(Constants.SERVICE_ID, nextLocalId()));
        return this;
    }

    /** Adds a storage driver without service properties. */
    public DefaultConnectionFactory withStorageDriver(StorageDriver driver) {
        addStorageDriver(driver, Map.of(Constants.SERVICE_ID, nextLocalId()));
        return this;
    }

    private long localIds = Long.MAX_VALUE / 2;

    private synchronized long nextLocalId() {
        return localIds++;
    }

    @Override
    public Connection open(ConnectRequest request) {
        URI uri = parse(request.uri());
        OpenRequest openRequest = new OpenRequest(uri, request.readOnly(), request.auth(), request.identity());
        String scheme = openRequest.driverScheme();
        for (HypervisorDriver driver : hypervisors.serving(scheme)) {
            CoreConnectionEvents opening = new CoreConnectionEvents(request.uri());
            Optional<HypervisorConnection> hypervisor;
            try {
                hypervisor = driver.open(openRequest, opening);
            } catch (RuntimeException e) {
                opening.abandon();
                throw e;
            }
            if (hypervisor.isEmpty()) {
                opening.abandon();
                continue;
            }
            CoreConnection connection = opening.attach(hypervisor.get(), request.readOnly(), open::remove);
            NetworkDriver networkDriver = null;
            StorageDriver storageDriver = null;
            try {
                Optional<NetworkConnection> own = hypervisor.get().networks();
                if (own.isPresent()) {
                    connection.joinNetworks(own.get());
                } else {
                    for (NetworkDriver candidate : networks.serving(scheme)) {
                        Optional<NetworkConnection> joined = candidate.open(openRequest, opening);
                        if (joined.isPresent()) {
                            connection.joinNetworks(joined.get());
                            networkDriver = candidate;
                            break;
                        }
                    }
                }
                storageDriver = joinStorage(connection, hypervisor.get(), openRequest, opening);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            open.put(connection, new Opened(driver, networkDriver, storageDriver));
            return connection;
        }
        throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, request.uri());
    }

    /** Joins the hypervisor connection's own storage, or the first storage driver's that accepts (returned). */
    private StorageDriver joinStorage(CoreConnection connection, HypervisorConnection hypervisor,
            OpenRequest request, CoreConnectionEvents opening) {
        Optional<StorageConnection> own = hypervisor.storage();
        if (own.isPresent()) {
            connection.joinStorage(own.get());
            return null;
        }
        for (StorageDriver candidate : storages.serving(request.driverScheme())) {
            Optional<StorageConnection> joined = candidate.open(request, opening);
            if (joined.isPresent()) {
                connection.joinStorage(joined.get());
                return candidate;
            }
        }
        return null;
    }

    @Override
    public List<DriverInfo> drivers() {
        return hypervisors.all().stream().map(d -> new DriverInfo(d.name(), Set.copyOf(d.schemes()))).toList();
    }

    /** How many connections are open now (for tests of clean-up). */
    public int openConnections() {
        return open.size();
    }

    static URI parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "no connection URI given");
        }
        try {
            URI parsed = new URI(uri.trim());
            if (parsed.getScheme() == null) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.URI,
                        "URI '" + uri + "' has no scheme; expected e.g. test:///default");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.URI, "Unable to parse URI " + uri, e);
        }
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
    }
}
