package io.virtkit.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.spi.HypervisorDriver;
import io.virtkit.api.spi.NetworkDriver;

/**
 * Routes a URI to a driver, as libvirt's {@code virConnectOpen} does: the scheme, less any
 * {@code +transport} suffix, selects the drivers that serve it, asked in ranking order until one accepts.
 * Drivers are a dynamic reference so that driver bundles can be installed and removed at runtime.
 */
@Component(service = ConnectionFactory.class)
public final class DefaultConnectionFactory implements ConnectionFactory {

    private final DriverRegistry registry = new DriverRegistry();
    private final List<NetworkDriver> networkDrivers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(HypervisorDriver driver, Map<String, Object> properties) {
        registry.add(driver, ranking(properties), serviceId(properties));
    }

    void removeDriver(HypervisorDriver driver) {
        registry.remove(driver);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNetworkDriver(NetworkDriver driver) {
        networkDrivers.add(driver);
    }

    void removeNetworkDriver(NetworkDriver driver) {
        networkDrivers.remove(driver);
    }

    @Override
    public Connection open(String uri) {
        URI parsed = parse(uri);
        String scheme = driverScheme(parsed);
        for (HypervisorDriver driver : registry.serving(scheme)) {
            Optional<Connection> connection = driver.open(parsed);
            if (connection.isPresent()) {
                List<NetworkDriver> networks = networkDrivers.stream()
                        .filter(n -> n.schemes().contains(scheme.toLowerCase(java.util.Locale.ROOT))).toList();
                return NetworkedConnection.join(connection.get(), parsed, networks);
            }
        }
        throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, uri);
    }

    @Override
    public List<DriverInfo> drivers() {
        return registry.all().stream().map(d -> new DriverInfo(d.name(), d.schemes())).toList();
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

    /** {@code qemu+unix} → {@code qemu}: the transport does not choose the driver. */
    static String driverScheme(URI uri) {
        String scheme = uri.getScheme();
        int plus = scheme.indexOf('+');
        return plus < 0 ? scheme : scheme.substring(0, plus);
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
    }
}
