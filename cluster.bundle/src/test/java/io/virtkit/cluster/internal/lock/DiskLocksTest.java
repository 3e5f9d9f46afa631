package io.virtkit.cluster.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.virtkit.api.driver.DomainLeases;
import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.support.lock.OfdLockManager;

/**
 * The component's side: what it registers for which configuration, without a ZooKeeper session (a framework's
 * BundleContext recorded by a proxy: only registerService and unregister are used).
 */
class DiskLocksTest {

    @TempDir
    Path tmp;

    private final List<Object> registered = new ArrayList<>();
    private final List<Dictionary<String, ?>> properties = new ArrayList<>();
    private int unregistered;

    @Test
    void byDefaultTheDisksThemselvesAreLockedAndTheServiceGoesWithTheComponent() throws IOException {
        DiskLocks component = new DiskLocks(config(Map.of()), context());
        assertThat(registered).singleElement().isInstanceOf(OfdLockManager.class);
        assertThat(properties.get(0).get("lockspaceDir")).isEqualTo("");
        Path disk = Files.writeString(tmp.resolve("d.img"), "x");
        try (DomainLeases leases = ((DomainLockManager) registered.get(0))
                .acquire("g", UUID.randomUUID(), List.of(disk.toString()))) {
            assertThat(leases.resources()).containsExactly(disk.toString());
        }
        component.close();
        assertThat(unregistered).isEqualTo(1);
    }

    @Test
    void aLockspaceDirPutsTheLeasesThere() throws IOException {
        Path lockspace = tmp.resolve("lockspace");
        new DiskLocks(config(Map.of("lockspaceDir", " " + lockspace + " ")), context());
        OfdLockManager manager = (OfdLockManager) registered.get(0);
        assertThat(manager.leaseFile("/srv/disk.img"))
                .isEqualTo(lockspace.resolve(OfdLockManager.sha256Hex("/srv/disk.img")));
    }

    @Test
    void diskLocksOffRegistersNothing() {
        DiskLocks component = new DiskLocks(config(Map.of("diskLocks", false)), context());
        assertThat(registered).isEmpty();
        component.close();
        assertThat(unregistered).isZero();
    }

    /** The configuration with its defaults, {@code values} overriding them. */
    private static ClusterConfig config(Map<String, Object> values) {
        return (ClusterConfig) Proxy.newProxyInstance(ClusterConfig.class.getClassLoader(),
                new Class<?>[] {ClusterConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered++;
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == DomainLockManager.class) {
                        registered.add(args[1]);
                        properties.add((Dictionary<String, ?>) args[2]);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
