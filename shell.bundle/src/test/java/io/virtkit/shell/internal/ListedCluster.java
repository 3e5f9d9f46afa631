package io.virtkit.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.api.cluster.ClusterListener;
import io.virtkit.api.cluster.ClusterMode;
import io.virtkit.api.cluster.ClusterStatus;

/**
 * The public {@link Cluster} service played by plain lists the test fills, for the shell's commands: a test double at
 * the service boundary (the real service, over ZooKeeper, is exercised through the real shell by the cluster's
 * end-to-end tests). It keeps the contract's rules the commands show to the user, in the contract's words: names and
 * UUIDs unique, versioned updates, a running guest not undefined or started twice, a stopped one not stopped or
 * migrated, no writes without quorum. Placement is the first host other than the one leaving. Every write is recorded.
 */
class ListedCluster implements Cluster {

    static final UUID A = UUID.fromString("0000000a-0000-4000-8000-000000000001");
    static final UUID B = UUID.fromString("0000000b-0000-4000-8000-000000000002");

    final List<ClusterHost> hosts = new CopyOnWriteArrayList<>();
    final List<ClusterDomain> domains = new CopyOnWriteArrayList<>();
    final Map<String, ClusterGuest> guests = new TreeMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;
    volatile String message = "";
    /** When set, a migration waits for it after saying it started. */
    volatile CompletableFuture<Void> migrationRelease;
    final CountDownLatch migrationStarted = new CountDownLatch(1);

    /** Two hosts, a (this one) and b, each with a domain of its own. */
    static ListedCluster twoHosts() {
        ListedCluster cluster = new ListedCluster();
        cluster.hosts.add(host(A, "a", true, 4, 8 * 1024 * 1024, 6 * 1024 * 1024, 0.5, 1));
        cluster.hosts.add(host(B, "b", false, 8, 16 * 1024 * 1024, 15 * 1024 * 1024, 1.25, 0));
        return cluster;
    }

    static ClusterHost host(UUID uuid, String name, boolean self, int cpus, long memoryKiB, long freeKiB, double load,
            int guests) {
        return new ClusterHost(uuid, name, "qemu+tls://" + name + "/system", List.of("qemu:///system"), cpus,
                memoryKiB, freeKiB, load, guests, Instant.parse("2026-12-04T20:00:00Z"), self);
    }

    static String xml(String name, UUID uuid) {
        return "<domain type='kvm'><name>" + name + "</name><uuid>" + uuid + "</uuid><memory>65536</memory></domain>";
    }

    /** Adds a defined guest, running on {@code owner} when given. */
    ClusterGuest guest(String name, UUID uuid, boolean ha, ClusterHost owner, long version) {
        ClusterGuest guest = new ClusterGuest(name, uuid, "qemu:///system", xml(name, uuid), ha, owner != null, version,
                Optional.ofNullable(owner).map(ClusterHost::uuid), Optional.ofNullable(owner).map(ClusterHost::hostname));
        synchronized (guests) {
            guests.put(name, guest);
        }
        return guest;
    }

    ClusterHost host(String name) {
        return hosts.stream().filter(h -> h.hostname().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public ClusterStatus status() {
        return new ClusterStatus(ClusterMode.EMBEDDED, connected, A, "a", "127.0.0.1:21181,127.0.0.1:21182", message);
    }

    @Override
    public List<ClusterHost> hosts() {
        return List.copyOf(hosts);
    }

    @Override
    public List<ClusterDomain> domains() {
        return List.copyOf(domains);
    }

    @Override
    public List<ClusterGuest> guests() {
        synchronized (guests) {
            return List.copyOf(guests.values());
        }
    }

    @Override
    public Optional<ClusterGuest> guest(String name) {
        synchronized (guests) {
            return Optional.ofNullable(guests.get(name));
        }
    }

    @Override
    public ClusterGuest defineGuest(String uri, String xml, boolean ha) {
        calls.add("define " + uri + " ha=" + ha);
        requireQuorum("cannot define a guest");
        Matcher name = Pattern.compile("<name>([^<]+)</name>").matcher(xml);
        Matcher uuid = Pattern.compile("<uuid>([^<]+)</uuid>").matcher(xml);
        if (!name.find()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "missing domain name information");
        }
        UUID id = uuid.find() ? UUID.fromString(uuid.group(1)) : UUID.nameUUIDFromBytes(name.group(1).getBytes());
        synchronized (guests) {
            for (ClusterGuest other : guests.values()) {
                if (other.name().equals(name.group(1)) || other.uuid().equals(id)) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain '" + other.name()
                            + "' already exists with uuid " + other.uuid());
                }
            }
            ClusterGuest guest = new ClusterGuest(name.group(1), id, uri, xml, ha, false, 0, Optional.empty(),
                    Optional.empty());
            guests.put(guest.name(), guest);
            return guest;
        }
    }

    @Override
    public ClusterGuest updateGuest(String name, String xml, boolean ha, long expectedVersion) {
        calls.add("update " + name + " ha=" + ha + " version=" + expectedVersion);
        requireQuorum("cannot update guest '" + name + "'");
        synchronized (guests) {
            ClusterGuest old = existing(name);
            if (old.version() != expectedVersion) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "cluster guest '" + name
                        + "' was changed by another host (version " + old.version() + ", expected " + expectedVersion
                        + ")");
            }
            ClusterGuest guest = new ClusterGuest(name, old.uuid(), old.uri(), xml, ha, old.wantedRunning(),
                    old.version() + 1, old.owner(), old.ownerHostname());
            guests.put(name, guest);
            return guest;
        }
    }

    @Override
    public void undefineGuest(String name) {
        calls.add("undefine " + name);
        requireQuorum("cannot undefine guest '" + name + "'");
        synchronized (guests) {
            if (existing(name).owner().isPresent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not in shutoff state");
            }
            guests.remove(name);
        }
    }

    @Override
    public ClusterHost startGuest(String name) {
        return startGuest(name, hosts.get(hosts.size() - 1).uuid());
    }

    @Override
    public ClusterHost startGuest(String name, UUID host) {
        calls.add("start " + name + " on " + host);
        requireQuorum("cannot start guest '" + name + "'");
        synchronized (guests) {
            ClusterGuest guest = existing(name);
            if (guest.owner().isPresent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain is already running on host '" + guest.ownerHostname().orElseThrow() + "'");
            }
            ClusterHost target = member(host);
            owned(guest, target, true);
            return target;
        }
    }

    @Override
    public void stopGuest(String name, boolean graceful) {
        calls.add("stop " + name + " graceful=" + graceful);
        requireQuorum("cannot stop guest '" + name + "'");
        synchronized (guests) {
            ClusterGuest guest = existing(name);
            if (guest.owner().isEmpty()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
            }
            owned(guest, null, false);
        }
    }

    @Override
    public ClusterHost migrateGuest(String name) {
        ClusterGuest guest = existing(name);
        return migrateGuest(name, hosts.stream().filter(h -> !Optional.of(h.uuid()).equals(guest.owner()))
                .findFirst().orElseThrow().uuid());
    }

    @Override
    public ClusterHost migrateGuest(String name, UUID host) {
        calls.add("migrate " + name + " to " + host);
        requireQuorum("cannot migrate guest '" + name + "'");
        ClusterGuest guest = existing(name);
        if (guest.owner().isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        ClusterHost target = member(host);
        migrationStarted.countDown();
        CompletableFuture<Void> release = migrationRelease;
        if (release != null) {
            release.join();
        }
        synchronized (guests) {
            owned(guest, target, true);
        }
        return target;
    }

    @Override
    public Registration addListener(ClusterListener listener) {
        throw new UnsupportedOperationException("no command listens to the cluster");
    }

    private void owned(ClusterGuest guest, ClusterHost owner, boolean wanted) {
        guests.put(guest.name(), new ClusterGuest(guest.name(), guest.uuid(), guest.uri(), guest.xml(), guest.ha(),
                wanted, guest.version(), Optional.ofNullable(owner).map(ClusterHost::uuid),
                Optional.ofNullable(owner).map(ClusterHost::hostname)));
    }

    private ClusterGuest existing(String name) {
        ClusterGuest guest = guest(name).orElse(null);
        if (guest == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN, "no cluster guest '" + name + "'");
        }
        return guest;
    }

    private ClusterHost member(UUID uuid) {
        return hosts.stream().filter(h -> h.uuid().equals(uuid)).findFirst().orElseThrow(() -> new VirtException(
                ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "no host " + uuid + " in the cluster"));
    }

    private void requireQuorum(String what) {
        if (!connected) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE, "cluster has no quorum: " + what);
        }
    }

    /** The guests' names, for assertions. */
    List<String> guestNames() {
        return new ArrayList<>(guests().stream().map(ClusterGuest::name).toList());
    }
}
