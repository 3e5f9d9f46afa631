package io.virtkit.cluster.internal.guests;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
        Connection c = real.open(request);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                    Object result = call(m, c, args);
                    return result instanceof Domain d ? domain(d) : result;
                });
    }

    private Domain domain(Domain d) {
        return (Domain) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Domain.class},
                (proxy, m, args) -> {
                    Connection destination = m.getName().equals("migrateToUri") ? destinations.apply((String) args[0])
                            : null;
                    if (destination == null) {
                        return call(m, d, args);
                    }
                    destination.createDomain(d.xml());
                    d.destroy();
                    return null;
                });
    }

    private static Object call(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public List<DriverInfo> drivers() {
        return real.drivers();
    }
}
