package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.NetworkRef;

/**
 * A connection's event sink for tests, as core's behaves: nobody listens until {@link #listen()} (which runs what
 * the driver asked to run then); domain events of names with the prefix are queued (events arrive asynchronously:
 * tests take them with a deadline).
 */
final class XenEventSink implements ConnectionEvents {

    /** One reported event. */
    record Event(String name, DomainEventDetail detail) {
    }

    private final String prefix;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private volatile boolean wanted;
    private Runnable firstWanted;

    XenEventSink(String prefix) {
        this.prefix = prefix;
    }

    /** A first listener registers. */
    void listen() {
        Runnable run;
        synchronized (this) {
            wanted = true;
            run = firstWanted;
            firstWanted = null;
        }
        if (run != null) {
            run.run();
        }
    }

    /** The next event, waiting up to {@code timeout}; fails when none came. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an event within " + timeout).isNotNull();
        return event;
    }

    /** The next event if one comes within {@code timeout}, else null. */
    Event poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean domainEventsWanted() {
        return wanted;
    }

    @Override
    public void report(DomainRef domain, DomainEventDetail detail) {
        if (domain.name().startsWith(prefix)) {
            queue.add(new Event(domain.name(), detail));
        }
    }

    @Override
    public synchronized boolean whenDomainEventsWanted(Runnable first) {
        if (wanted) {
            first.run();
        } else {
            firstWanted = first;
        }
        return true;
    }

    @Override
    public boolean networkEventsWanted() {
        return false;
    }

    @Override
    public void report(NetworkRef network, NetworkEventType type) {
        // not watched here
    }
}
