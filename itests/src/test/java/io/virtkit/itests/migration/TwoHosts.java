package io.virtkit.itests.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The migration tests' world, made once per test run and shared by the test classes ({@link Extension}): two
 * network namespaces joined by a veth pair ({@link NamespacePair}), their certificates ({@link TestPki}), a Virtkit
 * daemon in each ({@link VirtkitDaemon}: A on 10.77.0.1, B on 10.77.0.2, TLS), the same virtual network on both,
 * and the guest ({@link MigrationGuest}) started on A, its console and a {@link SingleGuestWatcher} following it.
 * Closing kills both daemons and the namespaces (and so every QEMU, TAP and dnsmasq in them) and deletes the files,
 * whatever happened; a crashed run's namespaces are removed before a new world is made.
 */
final class TwoHosts implements AutoCloseable {

    static final Duration VIRSH_BOUND = Duration.ofSeconds(120);
    private static final Duration BOOT_BOUND = Duration.ofSeconds(120);

    private final Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private NamespacePair netns;
    private VirtkitDaemon a;
    private VirtkitDaemon b;
    private MigrationGuest guest;
    private GuestConsole console;
    private SingleGuestWatcher watcher;

    private TwoHosts(Path dir) {
        this.dir = dir;
    }

    static TwoHosts start() throws Exception {
        Path dir = Path.of("target/e2e").toAbsolutePath();
        NamespacePair.removeLeftovers();
        deleteTree(dir);
        TwoHosts hosts = new TwoHosts(Files.createDirectories(dir));
        try {
            hosts.make();
            return hosts;
        } catch (Exception | Error e) {
            hosts.close();
            throw e;
        }
    }

    private void make() throws Exception {
        netns = NamespacePair.create();
        opened.add(netns);
        TestPki pki = TestPki.create(dir.resolve("pki"), NamespacePair.ADDRESS_A, NamespacePair.ADDRESS_B);
        Path tarball = distributionTarball();
        a = VirtkitDaemon.install("a", NamespacePair.A, NamespacePair.ADDRESS_A, tarball, dir.resolve("a"), pki);
        opened.add(0, a);
        b = VirtkitDaemon.install("b", NamespacePair.B, NamespacePair.ADDRESS_B, tarball, dir.resolve("b"), pki);
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
        guest = MigrationGuest.create(Files.createDirectories(dir.resolve("shared")));
        Path networkXml = dir.resolve("shared/network.xml");
        Files.writeString(networkXml, guest.networkXml());
        for (VirtkitDaemon host : List.of(a, b)) {
            host.virsh(VIRSH_BOUND, "net-define", networkXml.toString()).outOrFail();
            host.virsh(VIRSH_BOUND, "net-start", MigrationGuest.NETWORK).outOrFail();
        }
        console = new GuestConsole(guest.console());
        watcher = new SingleGuestWatcher(List.of(a, b), guest.uuid(), console);
        opened.add(0, watcher);
        Path domainXml = dir.resolve("shared/guest.xml");
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

    /** The distribution this build installed (the failsafe configuration names it), as users unpack it. */
    private static Path distributionTarball() {
        String property = System.getProperty("virtkit.distribution");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("no distribution tarball (system property virtkit.distribution: "
                    + property + "); mvn install builds it before the itests");
        }
        return Path.of(property);
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

    /** Every daemon's log tail, for a failure's message; the whole logs are kept in target/e2e-logs. */
    String logs() {
        return a.logTail() + "\n" + b.logTail() + "\n(whole logs: target/e2e-logs after the run)";
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("migration fixture: closing " + c + " failed: " + e);
            }
        }
        NamespacePair.removeLeftovers();
        // the logs outlive the run (target/e2e-logs, replaced by the next run): what a failure report points to
        Path logs = dir.resolveSibling("e2e-logs");
        deleteTree(logs);
        for (VirtkitDaemon host : java.util.Arrays.asList(a, b)) {
            if (host != null) {
                host.keepLogs(logs);
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new AssertionError("cannot delete " + root, e);
        }
    }

    /**
     * Gives test methods a {@code TwoHosts} parameter: made at the first request of the run, closed when the run
     * ends (JUnit closes the root store), so every migration test class shares the one pair of daemons.
     */
    static final class Extension implements BeforeAllCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TwoHosts.class);

        /** Made (or found made) before the class's tests: a guest this machine cannot prepare skips them here. */
        @Override
        public void beforeAll(ExtensionContext context) {
            hosts(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TwoHosts.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return hosts(context);
        }

        private static TwoHosts hosts(ExtensionContext context) {
            Object made = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("hosts", key -> {
                try {
                    return new Closing(TwoHosts.start());
                } catch (Exception e) {
                    return e; // remembered: the next class does not try again
                }
            });
            if (made instanceof Closing closing) {
                return closing.hosts();
            }
            if (made instanceof TestAbortedException skipped) {
                throw skipped; // TinyLinuxGuest: no guest on this machine, and not CI
            }
            throw new IllegalStateException("the two migration hosts could not be made", (Exception) made);
        }

        /** Closed by JUnit at the end of the run. */
        private record Closing(TwoHosts hosts) implements ExtensionContext.Store.CloseableResource {
            @Override
            public void close() {
                hosts.close();
            }
        }
    }
}
