package io.virtkit.storage.internal;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

import io.virtkit.api.Connection;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.core.internal.DefaultConnectionFactory;

/**
 * A {@code qemu} hypervisor driver without domains for the storage driver's tests: core opens a public
 * connection only through a hypervisor driver, and joins the storage driver to it as it joins it to a QEMU
 * connection. Every domain or host call answers NO_SUPPORT.
 */
final class StorageOnlyHypervisor implements HypervisorDriver {

    /** A public connection to {@code uri} whose pools are {@code driver}'s; the caller closes it. */
    static Connection open(StoragePoolDriver driver, String uri) {
        return new DefaultConnectionFactory().withHypervisorDriver(new StorageOnlyHypervisor())
                .withStorageDriver(driver).open(uri);
    }

    @Override
    public String name() {
        return "storage only";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu", "lxc");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        String uri = request.uri().toString();
        return Optional.of((HypervisorConnection) Proxy.newProxyInstance(HypervisorConnection.class.getClassLoader(),
                new Class<?>[] {HypervisorConnection.class}, (p, m, a) -> switch (m.getName()) {
                    case "uri" -> uri;
                    case "networks", "storage" -> Optional.empty();
                    case "close" -> null;
                    case "toString" -> "storage-only connection " + uri;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw DriverFlags.noSupport(m.getName());
                }));
    }
}
