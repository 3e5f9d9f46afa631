package io.virtkit.remote.internal.client;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.remote.internal.DomainLifecycleXdr;
import io.virtkit.remote.internal.Header;
import io.virtkit.remote.internal.Packet;
import io.virtkit.remote.internal.Procedure;
import io.virtkit.remote.internal.XdrException;
import io.virtkit.remote.internal.XdrReader;

/**
 * The daemon's domain lifecycle events, reported to the connection's {@link ConnectionEvents}: one callback
 * registered with CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY when core first has a listener (never before, so a
 * connection nobody listens to costs the daemon nothing), and its DOMAIN_EVENT_CALLBACK_LIFECYCLE messages turned
 * into reports. Messages arrive on the client's reader thread; reporting only queues.
 */
final class DomainEventRelay {
    private static final Logger LOG = Logger.getLogger(DomainEventRelay.class.getName());
    /** {@code VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK}: the daemon takes callback registrations. */
    static final int FEATURE_REMOTE_EVENT_CALLBACK = 14;
    /** {@code VIR_DOMAIN_EVENT_ID_LIFECYCLE}. */
    private static final int EVENT_ID_LIFECYCLE = 0;

    private final ConnectionEvents events;
    /** The daemon's id of this connection's callback, or -1 while none is registered. */
    private volatile int callbackId = -1;

    DomainEventRelay(ConnectionEvents events) {
        this.events = events;
    }

    /** Registers with the daemon once core first wants domain events, if the daemon takes callbacks. */
    void start(RemoteConnection connection) {
        if (connection.supportsFeature(FEATURE_REMOTE_EVENT_CALLBACK, RemoteDriver.SETUP_TIMEOUT)) {
            events.whenDomainEventsWanted(() -> register(connection));
        }
    }

    private void register(RemoteConnection connection) {
        try {
            // every domain: the optional remote_domain filter is absent
            callbackId = connection.call(Procedure.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                    out -> out.writeInt(EVENT_ID_LIFECYCLE).writeBool(false), XdrReader::readInt);
        } catch (VirtException e) {
            LOG.log(Level.WARNING, "the daemon refused domain event registration; no events from it", e);
        }
    }

    /** A MESSAGE packet from the daemon: a lifecycle event of this connection's callback is reported. */
    void message(Packet packet) {
        Header h = packet.header();
        if (h.procedure() != Procedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE) {
            return; // no other registration is made, so no other event is expected
        }
        try {
            XdrReader in = new XdrReader(packet.body());
            if (in.readInt() != callbackId) {
                return;
            }
            DomainLifecycleXdr.Lifecycle event = DomainLifecycleXdr.read(in);
            event.known().ifPresent(detail -> events.report(event.domain(), detail));
        } catch (XdrException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "a malformed domain event from the daemon was dropped", e);
        }
    }
}
