package io.virtkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.Registration;

/** Records a connection's events and waits for them with a bounded wait. */
final class Events {
    final BlockingQueue<DomainEvent> queue = new LinkedBlockingQueue<>();
    final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
    final Registration registration;

    Events(Connection connection) {
        registration = connection.addDomainEventListener(e -> {
            threads.add(Thread.currentThread());
            queue.add(e);
        });
    }

    DomainEvent next() throws InterruptedException {
        DomainEvent e = queue.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event within 5 s").isNotNull();
        return e;
    }

    /** The next event is {@code detail} for the domain named {@code name}. */
    DomainEvent expect(String name, DomainEventDetail detail) throws InterruptedException {
        DomainEvent e = next();
        assertThat(e.domain().name()).isEqualTo(name);
        assertThat(e.detail()).isEqualTo(detail);
        return e;
    }

    void expectNone() throws InterruptedException {
        assertThat(queue.poll(300, TimeUnit.MILLISECONDS)).as("no further event").isNull();
    }
}
