package io.virtkit.itests.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.virtkit.itests.hosts.FixtureExtension;
import io.virtkit.itests.hosts.FixtureFiles;
import io.virtkit.itests.hosts.GuestConsole;
import io.virtkit.itests.hosts.HostsFixture;
import io.virtkit.itests.hosts.TestPki;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * The migration tests' world, made once per test run and shared by the test classes ({@link Extension}): two
 * network namespaces joined by a veth pair ({@link NamespacePair}), their certificates ({@link TestPki}), a Virtkit
 * daemon in each ({@link VirtkitDaemon}: A on 10.77.0.1, B on 10.77.0.2, TLS), the same virtual network on both,
 * and the guest ({@link MigrationGuest}) started on A, its console and a {@link SingleGuestWatcher} following it.
 * Closing kills both daemons and the namespaces (and so every QEMU, TAP and dnsmasq in them) and deletes the files,
 * whatever happened; a crashed run's namespaces are removed before a new world is made.
 */
final class TwoHosts extends HostsFixture {

    static final Duration VIRSH_BOUND = Duration.ofSeconds(120);
    private static final Duration BOOT_BOUND = Duration.ofSeconds(120);

    private NamespacePair netns;
    private VirtkitDaemon a;
    private VirtkitDaemon b;
    private MigrationGuest guest;
    private GuestConsole console;
    private SingleGuestWatcher watcher;

    private TwoHosts(Path dir) {
        super(dir);
    }

    static TwoHosts start() throws Exception {
        return made(new TwoHosts(freshDir(Path.of("target/e2e").toAbsolutePath(), NamespacePair::removeLeftovers)));
    }

    @Override
    protected void make() throws Exception {
        netns = NamespacePair.create();
        opened.add(netns);
        TestPki pki = TestPki.create(dir.resolve("pki"), NamespacePair.ADDRESS_A, NamespacePair.ADDRESS_B);
        Path tarball = FixtureFiles.distributionTarball();
        a = VirtkitDaemon.install("a", NamespacePair.A, NamespacePair.ADDRESS_A, tarball, dir.resolve("a"),
                guestDir.resolve("a-run"), pki);
        opened.add(0, a);
        b = VirtkitDaemon.install("b", NamespacePair.B, NamespacePair.ADDRESS_B, tarball, dir.resolve("b"),
                guestDir.resolve("b-run"), pki);
        opened.add(0, b);
        // both JVMs start at once: the machine is small, but a start is mostly waiting
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> started = List.of(starting.submit(() -> startDaemon(a)), starting.submit(() -> startDaemon(b)));
            for (Future<Object> f : started) {
                f.get();
            }
        } finally {
            starting.shutdownNow();
        }
        guest = MigrationGuest.create(Files.createDirectories(guestDir.resolve("shared")));
        Path networkXml = guestDir.resolve("shared/network.xml");
        Files.writeString(networkXml, guest.networkXml());
        for (VirtkitDaemon host : List.of(a, b)) {
            host.virsh(VIRSH_BOUND, "net-define", networkXml.toString()).outOrFail();
            host.virsh(VIRSH_BOUND, "net-start", MigrationGuest.NETWORK).outOrFail();
        }
        console = new GuestConsole(guest.console());
        watcher = new SingleGuestWatcher(List.of(a, b), guest.uuid(), console);
        opened.add(0, watcher);
        Path domainXml = guestDir.resolve("shared/guest.xml");
        Files.writeString(domainXml, guest.domainXml());
        // persistent on A: after a move the source keeps the definition, shut off, with the completed job's statistics
        a.virsh(VIRSH_BOUND, "define", domainXml.toString()).outOrFail();
        a.virsh(VIRSH_BOUND, "start", guest.name()).outOrFail();
        console.awaitTickAbove(-1, BOOT_BOUND);
    }

    private static Object startDaemon(VirtkitDaemon daemon) throws Exception {
        daemon.start();
        return null;
    }

    VirtkitDaemon a() {
        return a;
    }

    VirtkitDaemon b() {
        return b;
    }

    MigrationGuest guest() {
        return guest;
    }

    GuestConsole console() {
        return console;
    }

    SingleGuestWatcher watcher() {
        return watcher;
    }

    NamespacePair network() {
        return netns;
    }

    /** The other host. */
    VirtkitDaemon peer(VirtkitDaemon host) {
        return host == a ? b : a;
    }

    @Override
    protected List<VirtkitDaemon> hostDaemons() {
        return java.util.stream.Stream.of(a, b).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    protected void removeNamespaces() {
        NamespacePair.removeLeftovers();
    }

    /** Gives test methods a {@code TwoHosts} parameter, made once per test run (every migration test class shares the one pair of daemons). */
    static final class Extension extends FixtureExtension<TwoHosts> {
        Extension() {
            super(TwoHosts.class, Scope.RUN);
        }

        @Override
        protected TwoHosts make() throws Exception {
            return TwoHosts.start();
        }
    }
}
