package io.virtkit.esx.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.NetworkRef;

/** A connection's event sink that always listens and keeps what was reported, for tests to wait on. */
final class RecordedDomainEvents implements ConnectionEvents {

    /** One report: the domain as reported and the detail. */
    record Reported(DomainRef domain, DomainEventDetail detail) {
        @Override
        public String toString() {
            return domain.name() + " " + detail + (domain.id() >= 0 ? " id " + domain.id() : "");
        }
    }

    private final List<Reported> reported = new ArrayList<>();

    @Override
    public boolean domainEventsWanted() {
        return true;
    }

    @Override
    public synchronized void report(DomainRef domain, DomainEventDetail detail) {
        reported.add(new Reported(domain, detail));
        notifyAll();
    }

    @Override
    public boolean networkEventsWanted() {
        return false;
    }

    @Override
    public void report(NetworkRef network, NetworkEventType type) {
        // not listened to
    }

    /** Every report so far. */
    synchronized List<Reported> all() {
        return List.copyOf(reported);
    }

    /** The details reported for one domain, in order. */
    synchronized List<DomainEventDetail> of(UUID uuid) {
        return reported.stream().filter(r -> r.domain().uuid().equals(uuid)).map(Reported::detail).toList();
    }

    /** Waits until the domain named {@code name} got {@code detail}; that report. */
    synchronized Reported await(String name, DomainEventDetail detail, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Reported r : reported) {
                if (r.domain().name().equals(name) && r.detail() == detail) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + detail + " for " + name + " within " + timeout + "; reported: "
                        + reported);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until {@code uuid}'s reports are exactly {@code expected}, failing on more or others. */
    synchronized void awaitExactly(UUID uuid, List<DomainEventDetail> expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<DomainEventDetail> now = of(uuid);
            if (now.size() >= expected.size()) {
                if (!now.equals(expected)) {
                    throw new AssertionError("expected " + expected + " for " + uuid + " but got " + now);
                }
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + expected + " for " + uuid + " but got only " + now
                        + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
