package io.virtkit.cluster.internal.ha;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DriverInfo;

/**
 * A fault for self-fencing: connections of a host's factory on which destroying one domain hangs until
 * {@link #release()} (a hypervisor that does not answer), everything else passed through.
 */
final class StuckDestroyFactory implements ConnectionFactory {
    private final ConnectionFactory host;
    private final UUID stuck;
    private final CountDownLatch released = new CountDownLatch(1);
    final CountDownLatch destroyEntered = new CountDownLatch(1);

    StuckDestroyFactory(ConnectionFactory host, UUID stuck) {
        this.host = host;
        this.stuck = stuck;
    }

    void release() {
        released.countDown();
    }

    @Override
    public Connection open(ConnectRequest request) {
        Connection real = host.open(request);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = call(real, method, args);
                    if (method.getName().equals("lookupDomainByUuid") && stuck.equals(args[0])) {
                        return stuckDomain((Domain) result);
                    }
                    return result;
                });
    }

    private Domain stuckDomain(Domain real) {
        return (Domain) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Domain.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("destroy")) {
                        destroyEntered.countDown();
                        released.await();
                    }
                    return call(real, method, args);
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public List<DriverInfo> drivers() {
        return host.drivers();
    }
}
