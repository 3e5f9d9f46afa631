package io.virtkit.remote.internal;

import java.util.Optional;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.DomainRef;

/**
 * {@code remote_domain_event_lifecycle_msg}: the domain, libvirt's event number and its detail within the event.
 * The daemon writes it for its clients' registrations; the client reads it back.
 */
public final class DomainLifecycleXdr {
    private DomainLifecycleXdr() {
    }

    public static void write(XdrWriter out, DomainRef domain, DomainEventDetail detail) {
        RemoteTypes.writeDomainRef(out, domain);
        out.writeInt(detail.type().number()).writeInt(detail.number());
    }

    /** One lifecycle message as it was sent. */
    public record Lifecycle(DomainRef domain, int event, int detail) {
        /** The API's detail for libvirt's numbers, or empty for one Virtkit does not know. */
        public Optional<DomainEventDetail> known() {
            for (DomainEventDetail d : DomainEventDetail.values()) {
                if (d.type().number() == event && d.number() == detail) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    public static Lifecycle read(XdrReader in) {
        return new Lifecycle(RemoteTypes.readDomainRef(in), in.readInt(), in.readInt());
    }
}
