package io.virtkit.test.internal;

import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import io.virtkit.api.Connection;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.core.internal.DefaultConnectionFactory;

/**
 * Opens public connections on a test driver as a running system does: through core's connection factory
 * (one per driver, so that the driver going away reaches the connections opened through it).
 */
final class Open {
    private static final Map<TestDriver, DefaultConnectionFactory> FACTORIES = new WeakHashMap<>();

    /** Nobody listens: for asking the sub-driver directly whether it accepts a URI. */
    static final ConnectionEvents NO_EVENTS = ConnectionEvents.NONE;

    private Open() {
    }

    static synchronized DefaultConnectionFactory factory(TestDriver driver) {
        return FACTORIES.computeIfAbsent(driver, d -> new DefaultConnectionFactory().withHypervisorDriver(d));
    }

    /** A public connection to {@code uri} through core. */
    static Connection connection(TestDriver driver, String uri) {
        return factory(driver).open(uri);
    }

    /** The sub-driver's own answer: empty when it declines {@code uri}. */
    static Optional<HypervisorConnection> subDriver(TestDriver driver, String uri) {
        return driver.open(OpenRequest.of(uri), NO_EVENTS);
    }

    /** The driver goes away as under DS: core is told first (its connections die), then it deactivates. */
    static void driverGone(TestDriver driver) {
        factory(driver).removeHypervisorDriver(driver);
        driver.close();
    }
}
