package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.driver.HypervisorDriver;

/**
 * The running framework as a driver test sees it: the ConnectionFactory service (tracked until closed), the
 * bundles by name, and waiting for what the framework does asynchronously.
 */
final class DriverFramework implements AutoCloseable {

    /** How long the framework gets to bring a service up; generous for a slow CI machine. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final BundleContext context;
    private final ServiceTracker<ConnectionFactory, ConnectionFactory> factories;
    private final ConnectionFactory factory;

    private DriverFramework(BundleContext context, ServiceTracker<ConnectionFactory, ConnectionFactory> factories,
            ConnectionFactory factory) {
        this.context = context;
        this.factories = factories;
        this.factory = factory;
    }

    /** Waits for the ConnectionFactory service, then for the driver of {@code scheme} ({@code driver}) to be bound to it. */
    static DriverFramework await(BundleContext context, String scheme, String driver) throws InterruptedException {
        ServiceTracker<ConnectionFactory, ConnectionFactory> factories =
                new ServiceTracker<>(context, ConnectionFactory.class, null);
        factories.open();
        DriverFramework framework = new DriverFramework(context, factories, factories.waitForService(WAIT.toMillis()));
        assertThat(framework.factory).as("ConnectionFactory service registered by io.virtkit.core").isNotNull();
        awaitTrue(driver + " to be bound to the connection factory", () -> framework.driver(scheme).isPresent());
        return framework;
    }

    /**
     * Waits until the driver of {@code scheme} runs with {@code property} = {@code value} of its configuration, and
     * is bound to the factory: SCR brings a driver back with a new configuration asynchronously (it has no modified
     * method), and until its service carries the new value a connection could still meet the driver as it was.
     */
    static void awaitConfigured(BundleContext context, String scheme, String driver, String property, String value)
            throws Exception {
        String filter = "(&(objectClass=" + HypervisorDriver.class.getName() + ")(" + property + "=" + value + "))";
        ServiceTracker<HypervisorDriver, HypervisorDriver> drivers =
                new ServiceTracker<>(context, context.createFilter(filter), null);
        drivers.open();
        try {
            assertThat(drivers.waitForService(WAIT.toMillis())).as("%s configured with %s=%s", driver, property, value)
                    .isNotNull();
        } finally {
            drivers.close();
        }
        await(context, scheme, driver).close();
    }

    ConnectionFactory factory() {
        return factory;
    }

    /**
     * The local driver serving {@code scheme} (possibly among others), as the factory lists it: the remote driver,
     * which serves every scheme's URIs that name a transport or a host, aside.
     */
    Optional<DriverInfo> driver(String scheme) {
        return factory.drivers().stream().filter(d -> d.schemes().contains(scheme) && !isRemote(d)).findFirst();
    }

    /** libvirt's remote driver (remote.bundle's client), listed for qemu, test, lxc and xen whatever else runs. */
    static boolean isRemote(DriverInfo driver) {
        return driver.name().equals("remote");
    }

    Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    /** A test that stopped a driver must not leave it stopped for the next one. */
    void restartIfStopped(String symbolicName) {
        Bundle driver = bundle(symbolicName);
        if (driver.getState() != Bundle.ACTIVE) {
            try {
                driver.start();
            } catch (Exception e) {
                throw new AssertionError("could not restart " + symbolicName, e);
            }
        }
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        factories.close();
    }
}
