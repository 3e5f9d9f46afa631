package io.virtkit.netdev.internal;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;

/**
 * A hypervisor driver with no domains at all, for the network driver's own tests: core opens a public
 * connection only through a hypervisor driver, and the network driver joins it as it would join a QEMU or
 * LXC connection of the same scheme. Every domain or host call answers NO_SUPPORT.
 */
final class NetworksOnlyHypervisor implements HypervisorDriver {

    private final String scheme;

    NetworksOnlyHypervisor(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String name() {
        return "networks only";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(scheme);
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        String uri = request.uri().toString();
        return Optional.of((HypervisorConnection) Proxy.newProxyInstance(HypervisorConnection.class.getClassLoader(),
                new Class<?>[] {HypervisorConnection.class}, (p, m, a) -> switch (m.getName()) {
                    case "uri" -> uri;
                    case "networks", "storage" -> Optional.empty();
                    case "close" -> null;
                    case "toString" -> "networks-only connection " + uri;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw DriverFlags.noSupport(m.getName());
                }));
    }
}
