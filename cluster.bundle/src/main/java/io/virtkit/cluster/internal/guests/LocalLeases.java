package io.virtkit.cluster.internal.guests;

import java.util.List;
import java.util.UUID;

/**
 * The cluster guests this host holds leases of, known locally so self-fencing can stop them while the ensemble is
 * unreachable. Kept by the host agent; registered as a service.
 */
public interface LocalLeases {

    /** One held lease: the guest and the connection its domain runs on here. */
    record Held(String name, UUID uuid, String uri, boolean ha) {
    }

    /** The leases held now. */
    List<Held> held();

    /**
     * Called by self-fencing after it stopped these guests: the agent forgets them and, when the session survived,
     * deletes their lease znodes once the ensemble answers again, so HA recovery restarts them elsewhere.
     */
    void fenced(List<Held> stopped);
}
