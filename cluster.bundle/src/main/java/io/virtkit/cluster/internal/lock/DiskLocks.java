package io.virtkit.cluster.internal.lock;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.support.lock.OfdLockManager;

/**
 * Registers the disk lock manager (support's {@link OfdLockManager}: OFD locks on byte 0 of each disk or of its
 * lockspace file) when config {@code diskLocks} is on (libvirt's
 * {@code lock_manager = "lockd"}). It needs no ZooKeeper session: disk leases live in the shared storage, so
 * they hold also on a host cut off from the ensemble, which is when they matter most.
 */
@Component(service = {}, configurationPid = "io.virtkit.cluster", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DiskLocks {

    private final ServiceRegistration<DomainLockManager> registration;

    @Activate
    public DiskLocks(ClusterConfig config, BundleContext context) {
        if (config.diskLocks()) {
            String dir = config.lockspaceDir().strip();
            OfdLockManager manager = new OfdLockManager(dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)));
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("lockspaceDir", dir);
            registration = context.registerService(DomainLockManager.class, manager, props);
        } else {
            registration = null;
        }
    }

    @Deactivate
    public void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: already unregistered
            }
        }
    }
}
