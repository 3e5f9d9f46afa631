package io.virtkit.cluster.internal.guests;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Function;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DriverInfo;

/**
 * Stand-in for a live peer-to-peer migration, which the test driver does not offer (real ones are QEMU's, tested end
 * to end by the cluster itests): a domain's {@code migrateToUri(dconnuri, …)} creates it on the connection
 * {@code destinations} gives for that URI and destroys it here, as a migration ends; every other call goes to the
 * real connection and domain. A URI without destination goes to the real domain (which refuses it).
 */
final class MigrationStandIn implements ConnectionFactory {
    private final ConnectionFactory real;
    private final Function<String, Connection> destinations;

    MigrationStandIn(ConnectionFactory real, Function<String, Connection> destinations) {
        this.real = real;
        this.destinations = destinations;
    }

    @Override
    public Connection open(ConnectRequest request) {
        return proxy(Connection.class, real.open(request));
    }

    /** {@code target} behind a proxy: the domains it hands out are proxies too, whose migrations are stood in for. */
    private <T> T proxy(Class<T> type, T target) {
        InvocationHandler handler = (proxy, m, args) -> {
            Connection destination = target instanceof Domain && m.getName().equals("migrateToUri")
                    ? destinations.apply((String) args[0]) : null;
            if (destination != null) {
                Domain d = (Domain) target;
                destination.createDomain(d.xml());
                d.destroy();
                return null;
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result instanceof Domain d && !(result instanceof Proxy) ? proxy(Domain.class, d) : result;
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public List<DriverInfo> drivers() {
        return real.drivers();
    }
}
