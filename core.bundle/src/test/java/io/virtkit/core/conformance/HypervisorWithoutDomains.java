package io.virtkit.core.conformance;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;

/**
 * A hypervisor driver with no domains at all, for the tests of a network or storage sub-driver: core opens a
 * public connection only through a hypervisor driver, and joins the sub-driver to it as it would join a QEMU
 * or LXC connection of the same scheme. Its connections manage neither networks nor storage themselves;
 * every domain or host call answers NO_SUPPORT.
 */
public final class HypervisorWithoutDomains implements HypervisorDriver {

    private final Set<String> schemes;

    public HypervisorWithoutDomains(String... schemes) {
        this.schemes = Set.of(schemes);
    }

    @Override
    public String name() {
        return "without domains";
    }

    @Override
    public Set<String> schemes() {
        return schemes;
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        String uri = request.uri().toString();
        return Optional.of((HypervisorConnection) Proxy.newProxyInstance(HypervisorConnection.class.getClassLoader(),
                new Class<?>[] {HypervisorConnection.class}, (p, m, a) -> switch (m.getName()) {
                    case "uri" -> uri;
                    case "networks", "storage" -> Optional.empty();
                    case "close" -> null;
                    case "toString" -> "connection without domains " + uri;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw DriverFlags.noSupport(m.getName());
                }));
    }
}
