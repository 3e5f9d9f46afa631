package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import io.virtkit.api.Connection;
import io.virtkit.api.Registration;

/**
 * {@code ConnectionEvents.whenDomainEventsWanted}: what a sub-driver asks to run when domain events become wanted
 * runs once, when the connection's first domain event listener registers and before that registration returns;
 * asked after that, it runs at once.
 */
class DomainEventsWantedTest {

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final FakeSubDrivers.Hypervisor test = new FakeSubDrivers.Hypervisor("TEST", true, "test");

    DomainEventsWantedTest() {
        factory.addHypervisorDriver(test, Map.of(Constants.SERVICE_ID, 1L));
    }

    @Test
    void runsOnceWhenTheFirstListenerRegistersBeforeItReturns() {
        try (Connection c = factory.open("test:///default")) {
            List<String> ran = new ArrayList<>();
            assertThat(test.events.whenDomainEventsWanted(() -> ran.add("watch"))).isTrue();
            c.listAllDomains();
            assertThat(ran).as("nobody listens yet").isEmpty();

            Registration first = c.addDomainEventListener(e -> { });
            assertThat(ran).as("run before the registration returned").containsExactly("watch");
            Registration second = c.addDomainEventListener(e -> { });
            first.close();
            second.close();
            c.addDomainEventListener(e -> { }).close();
            assertThat(ran).as("once only").containsExactly("watch");

            test.events.whenDomainEventsWanted(() -> ran.add("late"));
            assertThat(ran).as("asked once wanted: at once").containsExactly("watch", "late");
        }
    }
}
