package io.virtkit.qemu.internal;

import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.virtkit.api.ConnectionFactory;

/**
 * Virtkit's connection factory, looked up only when a peer-to-peer migration needs it. Not a DS reference: core's
 * factory references every {@link io.virtkit.api.driver.HypervisorDriver}, this driver among them, so a reference
 * back from the driver makes SCR activate the two inside each other ("ServiceFactory.getService() resulted in a
 * cycle"). Looked up at perform time, the driver is long active and the factory binds it as any other driver.
 */
final class ConnectionFactoryLookup implements Supplier<ConnectionFactory> {

    private final BundleContext context;
    private ServiceReference<ConnectionFactory> held;
    private ConnectionFactory factory;

    ConnectionFactoryLookup(BundleContext context) {
        this.context = context;
    }

    /** The factory, or null when core is not running. */
    @Override
    public synchronized ConnectionFactory get() {
        if (factory != null && held.getBundle() != null) { // getBundle(): null once unregistered
            return factory;
        }
        release();
        ServiceReference<ConnectionFactory> ref = context.getServiceReference(ConnectionFactory.class);
        ConnectionFactory f = ref == null ? null : context.getService(ref);
        if (f != null) {
            held = ref;
            factory = f;
        }
        return f;
    }

    /** The driver deactivates: the factory it used is given back. */
    synchronized void close() {
        release();
    }

    private void release() {
        if (held != null) {
            try {
                context.ungetService(held);
            } catch (IllegalStateException e) {
                // this bundle is stopping: the framework gives everything back itself
            }
            held = null;
            factory = null;
        }
    }
}
