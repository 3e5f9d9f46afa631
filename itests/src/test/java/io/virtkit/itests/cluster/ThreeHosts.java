package io.virtkit.itests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.virtkit.itests.hosts.FixtureExtension;
import io.virtkit.itests.hosts.FixtureFiles;
import io.virtkit.itests.hosts.HostsFixture;
import io.virtkit.itests.hosts.TestPki;
import io.virtkit.itests.hosts.TickingGuest;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * The cluster tests' world, made once per test class ({@link Extension}): three network namespaces on one switch
 * ({@link SwitchedNamespaces}), their certificates ({@link TestPki}), a Virtkit daemon in each started as users start
 * one (remote TLS as in the migration tests) with the feature {@code virtkit-cluster} added to its boot features and
 * pid {@code io.virtkit.cluster} set: an embedded ZooKeeper peer of the three over TLS, the same host UUID as its QEMU
 * driver, a short session timeout. The guests' disks and consoles are in one directory all three see, and a
 * {@link QemuWatcher} checks the QEMUs of all three from the start. Closing kills the daemons and the namespaces
 * (their QEMUs with them) and deletes the files, whatever happened; a crashed run's leftovers go before a new world.
 */
public final class ThreeHosts extends HostsFixture {

    static final String FEATURE = "virtkit-cluster";
    /** Short, for CI: a dead host's HA guests are restarted elsewhere after this plus {@link #TEST_HA_MARGIN}. */
    static final Duration TEST_SESSION_TIMEOUT = Duration.ofMillis(6000);
    static final Duration TEST_HA_MARGIN = Duration.ofMillis(2000);
    /** What every host offers its guests: equal, so placement by free memory spreads them evenly. */
    static final long GUEST_MEMORY_KIB = 4L << 20;
    static final Duration VIRSH_BOUND = Duration.ofSeconds(60);

    private final Duration sessionTimeout;
    private final Duration haMargin;
    private final List<VirtkitDaemon> daemons = new ArrayList<>();
    private SwitchedNamespaces network;
    private QemuWatcher watcher;
    private Path shared;

    private ThreeHosts(Path dir, Duration sessionTimeout, Duration haMargin) {
        super(dir);
        this.sessionTimeout = sessionTimeout;
        this.haMargin = haMargin;
    }

    static ThreeHosts start() throws Exception {
        return start(Path.of("target/e2e-cluster").toAbsolutePath(), TEST_SESSION_TIMEOUT, TEST_HA_MARGIN);
    }

    /**
     * The three hosts with their files in {@code dir} (emptied first; its sibling {@code DIR-logs} keeps the logs
     * after {@link #close()}), pid io.virtkit.cluster's {@code sessionTimeoutMs} and {@code haRestartMarginMs} as given.
     */
    public static ThreeHosts start(Path dir, Duration sessionTimeout, Duration haMargin) throws Exception {
        return made(new ThreeHosts(freshDir(dir, SwitchedNamespaces::removeLeftovers), sessionTimeout, haMargin));
    }

    @Override
    protected void make() throws Exception {
        network = SwitchedNamespaces.create();
        opened.add(network);
        List<String> addresses = IntStream.range(0, 3).mapToObj(SwitchedNamespaces::address).toList();
        TestPki pki = TestPki.create(dir.resolve("pki"), addresses.toArray(String[]::new));
        Path secret = dir.resolve("pki/cluster-secret");
        Files.writeString(secret, java.util.UUID.randomUUID().toString());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        shared = Files.createDirectories(guestDir.resolve("shared"));
        Path tarball = FixtureFiles.distributionTarball();
        String peers = IntStream.range(0, 3).mapToObj(i -> (i + 1) + "=" + addresses.get(i))
                .collect(Collectors.joining(","));
        for (int i = 0; i < 3; i++) {
            String name = SwitchedNamespaces.HOSTS.get(i);
            VirtkitDaemon daemon = VirtkitDaemon.install(name, name, addresses.get(i), tarball, dir.resolve(name),
                    guestDir.resolve(name + "-run"), pki);
            opened.add(0, daemon);
            daemons.add(daemon);
            TestPki.ServerFiles tls = pki.server(addresses.get(i));
            Map<String, String> cluster = new LinkedHashMap<>();
            cluster.put("mode", "embedded");
            cluster.put("peerId", Integer.toString(i + 1));
            cluster.put("peers", peers);
            cluster.put("dataDir", daemon.dir().resolve("state/zookeeper").toString());
            cluster.put("tlsEnabled", "true");
            cluster.put("caFile", tls.caCert().toString());
            cluster.put("certFile", tls.cert().toString());
            cluster.put("keyFile", tls.key().toString());
            cluster.put("secretFile", secret.toString());
            cluster.put("hostUuid", daemon.hostUuid().toString());
            cluster.put("hostname", name);
            // p2p migration to this host: the daemons' own client certificate, as virsh's
            cluster.put("remoteUri", "qemu+tls://" + addresses.get(i) + "/system?pkipath=" + pki.clientPkiPath());
            cluster.put("sessionTimeoutMs", Long.toString(sessionTimeout.toMillis()));
            cluster.put("haRestartMarginMs", Long.toString(haMargin.toMillis()));
            cluster.put("uris", "qemu:///system");
            cluster.put("guestMemoryKiB", Long.toString(GUEST_MEMORY_KIB));
            cluster.put("diskLocks", "true");
            cluster.put("operationTimeoutSeconds", "60");
            daemon.writeConfig("io.virtkit.cluster.cfg", cluster);
            daemon.bootFeature(FEATURE);
        }
        // the three JVMs start at once: a start is mostly waiting, and a peer alone has no quorum anyway
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            List<Future<Object>> started = daemons.stream().map(d -> starting.submit(() -> {
                d.start();
                return null;
            })).toList();
            for (Future<Object> f : started) {
                f.get();
            }
        } finally {
            starting.shutdownNow();
        }
        watcher = new QemuWatcher(daemons);
        opened.add(0, watcher);
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public Duration haMargin() {
        return haMargin;
    }

    /** A guest's files in the shared directory, followed by the watcher from now on. */
    public TickingGuest guest(String name) throws IOException {
        TickingGuest guest = TickingGuest.create(shared, name, "");
        Files.writeString(shared.resolve(name + ".xml"), guest.domainXml());
        watcher.watch(name, guest.uuid());
        return guest;
    }

    /** The file holding {@code guest}'s domain XML (written by {@link #guest}). */
    public Path xmlFile(TickingGuest guest) {
        return shared.resolve(guest.name() + ".xml");
    }

    public List<VirtkitDaemon> daemons() {
        return List.copyOf(daemons);
    }

    public VirtkitDaemon byName(String name) {
        return daemons.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + name));
    }

    public List<VirtkitDaemon> others(VirtkitDaemon host) {
        return daemons.stream().filter(d -> d != host).toList();
    }

    SwitchedNamespaces network() {
        return network;
    }

    QemuWatcher watcher() {
        return watcher;
    }

    @Override
    protected List<VirtkitDaemon> hostDaemons() {
        return daemons();
    }

    @Override
    protected void removeNamespaces() {
        SwitchedNamespaces.removeLeftovers();
    }

    /** Gives test methods a {@code ThreeHosts} parameter, made once per test class (the daemons never outlive it into the next class). */
    static final class Extension extends FixtureExtension<ThreeHosts> {
        Extension() {
            super(ThreeHosts.class, Scope.CLASS);
        }

        @Override
        protected ThreeHosts make() throws Exception {
            return ThreeHosts.start();
        }
    }
}
