package io.virtkit.cluster.internal.guests;

import java.util.Optional;
import java.util.UUID;

import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.cluster.internal.zk.records.GuestRecord;
import io.virtkit.cluster.internal.zk.records.LeaseRecord;

/** The API's view of a stored guest and its lease. */
final class ClusterGuests {
    private ClusterGuests() {
    }

    static ClusterGuest of(GuestRecord r, long version, Optional<LeaseRecord> lease) {
        return new ClusterGuest(r.name(), UUID.fromString(r.uuid()), r.uri(), r.xml(), r.ha(), r.wantedRunning(),
                version, lease.map(l -> UUID.fromString(l.host())), lease.map(LeaseRecord::hostname));
    }
}
