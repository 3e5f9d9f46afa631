package io.virtkit.cluster.internal.guests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.GuestRecord;
import io.virtkit.cluster.internal.zk.records.LeaseRecord;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * The cluster guests' definitions in /guests/&lt;name&gt; (the znode's version is the guest's version) and their
 * leases in /leases/&lt;name&gt;, read and written straight in the ensemble. Every write is versioned, so of two
 * hosts writing at once exactly one wins.
 */
final class GuestStore {

    /** A definition as stored, with its znode's version. */
    record Stored(GuestRecord record, int version) {
        UUID uuid() {
            return UUID.fromString(record.uuid());
        }
    }

    /** A lease as stored, with the znode's version and owning session. */
    record Lease(LeaseRecord record, int version, long session) {
        UUID host() {
            return UUID.fromString(record.host());
        }
    }

    private final ClusterSession session;

    GuestStore(ClusterSession session) {
        this.session = session;
    }

    Optional<Stored> read(String name) {
        return ZkCalls.call(session, "cannot read cluster guest '" + name + "'", () -> {
            Stat stat = new Stat();
            try {
                byte[] data = session.curator().getData().storingStatIn(stat).forPath(ZkPaths.guest(name));
                return Optional.of(new Stored(ZkJson.read(data, GuestRecord.class), stat.getVersion()));
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    /** @throws VirtException NO_DOMAIN "Domain not found: no domain with matching name 'x'" */
    Stored require(String name) {
        return read(name).orElseThrow(() -> noGuest(name));
    }

    static VirtException noGuest(String name) {
        return new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN, "no domain with matching name '" + name + "'");
    }

    /** Every definition, sorted by name. */
    List<Stored> list() {
        List<String> names = ZkCalls.call(session, "cannot list cluster guests", () -> {
            try {
                return session.curator().getChildren().forPath(ZkPaths.GUESTS);
            } catch (KeeperException.NoNodeException e) {
                return List.<String>of();
            }
        });
        List<Stored> all = new ArrayList<>();
        for (String n : names) {
            read(n).ifPresent(all::add);
        }
        all.sort(Comparator.comparing(s -> s.record().name()));
        return all;
    }

    Optional<Lease> lease(String name) {
        return ZkCalls.call(session, "cannot read the lease of cluster guest '" + name + "'", () -> {
            Stat stat = new Stat();
            try {
                byte[] data = session.curator().getData().storingStatIn(stat).forPath(ZkPaths.lease(name));
                return Optional.of(new Lease(ZkJson.read(data, LeaseRecord.class), stat.getVersion(),
                        stat.getEphemeralOwner()));
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Stores a new definition, normalised by the domain codec as a driver stores it (a missing UUID or MAC given).
     *
     * @throws VirtException the codec's XML errors; OPERATION_FAILED "domain 'x' already exists with uuid U" (name
     *         taken) or "domain 'y' is already defined with uuid U" (UUID taken); no quorum
     */
    Stored define(String uri, String xml, boolean ha) {
        String what = "cannot define a cluster guest";
        if (!session.hasQuorum()) {
            throw session.noQuorum(what);
        }
        DomainDefinition def = DomainXmlCodec.parse(xml);
        for (Stored other : list()) {
            if (other.uuid().equals(def.uuid()) && !other.record().name().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain '"
                        + other.record().name() + "' is already defined with uuid " + def.uuid());
            }
        }
        GuestRecord record = new GuestRecord(def.name(), def.uuid().toString(), uri, DomainXmlCodec.format(def), ha,
                false);
        return ZkCalls.withQuorum(session, what, () -> {
            try {
                session.curator().create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                        .forPath(ZkPaths.guest(def.name()), ZkJson.write(record));
                return new Stored(record, 0);
            } catch (KeeperException.NodeExistsException e) {
                Stored taken = require(def.name());
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                        "domain '" + def.name() + "' already exists with uuid " + taken.record().uuid());
            }
        });
    }

    /**
     * Replaces a definition if it is still at {@code expectedVersion}; the name and UUID stay, wantedRunning too.
     *
     * @throws VirtException OPERATION_FAILED "cluster guest 'x' was changed by another host (version n, expected m)"
     */
    Stored update(String name, String xml, boolean ha, long expectedVersion) {
        String what = "cannot update cluster guest '" + name + "'";
        if (!session.hasQuorum()) {
            throw session.noQuorum(what);
        }
        DomainDefinition def = DomainXmlCodec.parse(xml);
        Stored current = require(name);
        if (!def.name().equals(name)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "cluster guest '" + name + "' cannot be renamed to '" + def.name() + "'");
        }
        if (!def.uuid().equals(current.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "domain '" + name + "' already exists with uuid " + current.uuid());
        }
        if (current.version() != expectedVersion) {
            throw changedElsewhere(name, current.version(), expectedVersion);
        }
        GuestRecord old = current.record();
        GuestRecord record = new GuestRecord(name, old.uuid(), old.uri(), DomainXmlCodec.format(def), ha,
                old.wantedRunning());
        return writeAt(current.version(), record, what);
    }

    /** Sets wantedRunning, retrying over concurrent edits (it never conflicts with them in meaning). */
    Stored setWantedRunning(String name, boolean wanted) {
        String what = "cannot update cluster guest '" + name + "'";
        while (true) {
            Stored current = require(name);
            GuestRecord r = current.record();
            if (r.wantedRunning() == wanted) {
                return current;
            }
            try {
                return writeAt(current.version(), new GuestRecord(r.name(), r.uuid(), r.uri(), r.xml(), r.ha(), wanted),
                        what);
            } catch (ChangedElsewhere e) {
                // someone edited it meanwhile: read again and set the flag on their version
            }
        }
    }

    private Stored writeAt(int version, GuestRecord record, String what) {
        return ZkCalls.withQuorum(session, what, () -> {
            try {
                Stat stat = session.curator().setData().withVersion(version)
                        .forPath(ZkPaths.guest(record.name()), ZkJson.write(record));
                return new Stored(record, stat.getVersion());
            } catch (KeeperException.BadVersionException e) {
                int now = read(record.name()).map(Stored::version).orElse(-1);
                throw changedElsewhere(record.name(), now, version);
            } catch (KeeperException.NoNodeException e) {
                throw noGuest(record.name());
            }
        });
    }

    private static ChangedElsewhere changedElsewhere(String name, long now, long expected) {
        return new ChangedElsewhere("cluster guest '" + name + "' was changed by another host (version " + now
                + ", expected " + expected + ")");
    }

    /**
     * Removes a definition whose guest holds no lease.
     *
     * @throws VirtException OPERATION_INVALID "domain is not in shutoff state" while a lease exists
     */
    void undefine(String name) {
        String what = "cannot undefine cluster guest '" + name + "'";
        if (!session.hasQuorum()) {
            throw session.noQuorum(what);
        }
        Stored current = require(name);
        if (lease(name).isPresent()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not in shutoff state");
        }
        ZkCalls.withQuorum(session, what, () -> {
            try {
                session.curator().delete().withVersion(current.version()).forPath(ZkPaths.guest(name));
            } catch (KeeperException.BadVersionException e) {
                throw changedElsewhere(name, read(name).map(Stored::version).orElse(-1), current.version());
            } catch (KeeperException.NoNodeException e) {
                throw noGuest(name);
            }
            return null;
        });
    }

    /** The loser's error of two concurrent versioned writes. */
    static final class ChangedElsewhere extends VirtException {
        private static final long serialVersionUID = 1L;

        ChangedElsewhere(String detail) {
            super(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, detail);
        }
    }
}
