package io.virtkit.shell.internal;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.Registration;

/**
 * virsh's {@code event} for the one event type Virtkit has, lifecycle. Events are queued by the driver's
 * thread and printed by the command's own thread, the one Karaf interrupts on Ctrl-C and whose
 * {@code System.out} is the session's.
 */
@Service
@Command(scope = "virt", name = "event", description = "Wait for domain lifecycle events and print them",
        detailedDescription = "Waits for lifecycle events (defined, started, suspended, stopped, ...) of the "
                + "connection's domains and prints each as virsh does, e.g. \"event 'lifecycle' for domain "
                + "'test': Started Booted\". Like virsh event, it stops after the first event unless --loop is "
                + "given; --timeout ends the wait after that many seconds, and Ctrl-C ends it at any time. "
                + "It then prints how many events it received.")
public class EventCommand extends ConnectedCommand {

    /** How often the wait looks up from the queue to notice a connection whose driver has gone away. */
    private static final long ALIVE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    @Option(name = "--domain", description = "Only show events of this domain (name, id or UUID)")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--loop",
            description = "Keep printing events until the timeout or Ctrl-C, rather than stopping after the first")
    boolean loop;

    @Option(name = "--timeout", description = "Stop waiting after this many seconds")
    Integer timeout;

    @Override
    void execute(Connection connection) throws Exception {
        if (timeout != null && timeout < 1) {
            throw Errors.of("Numeric value '" + timeout + "' for <timeout> option is malformed or out of range");
        }
        UUID only = domain == null ? null : DomainLookup.forCommand(connection, domain).uuid();
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        int received = 0;
        boolean timedOut = false;
        try (Registration registration = connection.addDomainEventListener(event -> {
            if (only == null || only.equals(event.domain().uuid())) {
                events.add(event);
            }
        })) {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                DomainEvent event = events.poll(Math.min(left, ALIVE_CHECK_NANOS), TimeUnit.NANOSECONDS);
                if (event != null) {
                    System.out.println(event);
                    received++;
                    if (!loop) {
                        break;
                    }
                } else if (!connection.isAlive()) {
                    throw Errors.of("internal error: the connection to " + connection.uri() + " was closed");
                }
            }
        } catch (InterruptedException e) {
            // Ctrl-C: Karaf interrupted this command's thread to end it, which it now does, like virsh on
            // SIGINT. The interrupt has served its purpose, so it is not re-asserted for the summary below.
        }
        if (timedOut) {
            System.out.println("event loop timed out");
        }
        System.out.println("events received: " + received);
    }
}
