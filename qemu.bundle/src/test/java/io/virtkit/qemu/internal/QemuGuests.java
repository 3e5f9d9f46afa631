package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.NetworkDriver;
import io.virtkit.core.internal.DefaultConnectionFactory;

/**
 * Test helpers: small TCG domains with tracked UUIDs, events as a queue, a sweep for leftover QEMUs, and
 * public connections opened through core as the daemon opens them.
 */
final class QemuGuests {

    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    /** For the SPI called directly (what a driver accepts or declines): nobody listens. */
    static final ConnectionEvents NO_EVENTS = ConnectionEvents.NONE;

    /** Core's factory serving each driver a test opened connections to (drivers compare by identity). */
    private static final Map<QemuDriver, DefaultConnectionFactory> FACTORIES = new WeakHashMap<>();

    /** A public connection to {@code driver} for {@code uri}, opened through core's connection factory. */
    static Connection open(QemuDriver driver, String uri) {
        return open(driver, null, uri);
    }

    /**
     * As {@link #open(QemuDriver, String)}, with {@code networks} (if not null) serving the connection's
     * networks; core's factory for {@code driver} is made with the first open, which fixes its network driver.
     */
    static Connection open(QemuDriver driver, NetworkDriver networks, String uri) {
        DefaultConnectionFactory factory;
        synchronized (FACTORIES) {
            factory = FACTORIES.computeIfAbsent(driver, d -> {
                DefaultConnectionFactory f = new DefaultConnectionFactory().withHypervisorDriver(d);
                return networks == null ? f : f.withNetworkDriver(networks);
            });
        }
        Connection c = factory.open(uri);
        // every guest started here is checked for its confinement (ConfinedGuests fails the test otherwise)
        ConfinedGuests.watch(c, driver.settings().securityOf(
                uri.contains("/system") ? driver.settings().system() : driver.settings().session()));
        return c;
    }

    /**
     * Lets {@code driver} go as DS does when the bundle stops: core unbinds it first (its connections are
     * dead from then on: INVALID_CONN), then the driver deactivates (its guests keep running).
     */
    static void stop(QemuDriver driver) {
        DefaultConnectionFactory factory;
        synchronized (FACTORIES) {
            factory = FACTORIES.remove(driver);
        }
        if (factory != null) {
            factory.removeHypervisorDriver(driver);
        }
        driver.close();
    }

    private final Set<UUID> uuids = new CopyOnWriteArraySet<>();

    /** A 32 MiB TCG guest without disks; it sits at -S or in the firmware, which is all most tests need. */
    String xml(String name, String extra) {
        UUID uuid = UUID.randomUUID();
        uuids.add(uuid);
        return "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os>" + extra + "</domain>";
    }

    String xml(String name) {
        return xml(name, "");
    }

    UUID track(UUID uuid) {
        uuids.add(uuid);
        return uuid;
    }

    /** Every live process whose command line carries one of our UUIDs. */
    List<ProcessHandle> leftovers() {
        return ProcessHandle.allProcesses()
                .filter(p -> !ProcessFacts.isZombie(p.pid()))
                .filter(p -> {
                    String cmd = ProcessFacts.cmdline(p.pid());
                    return uuids.stream().anyMatch(u -> cmd.contains(u.toString()));
                }).toList();
    }

    /**
     * The processes of {@code uuid}'s guest: those with its UUID on their command line, but for a child forked by
     * one of them (a confined start's sh forks mount, mknod, … which carry its command line until their exec).
     */
    List<ProcessHandle> processesOf(UUID uuid) {
        List<ProcessHandle> all = ProcessHandle.allProcesses().filter(p -> !ProcessFacts.isZombie(p.pid()))
                .filter(p -> ProcessFacts.cmdline(p.pid()).contains(uuid.toString())).toList();
        java.util.Set<Long> pids = new java.util.HashSet<>(all.stream().map(ProcessHandle::pid).toList());
        // no parent: it ended since the listing (a forked child is short-lived), so it is no QEMU either
        return all.stream().filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(false)).toList();
    }

    /** Kills whatever a test left running (SIGKILL; they are ours). */
    void killAll() {
        for (ProcessHandle p : leftovers()) {
            p.destroyForcibly();
            QemuState.waitForExit(p, Duration.ofSeconds(5));
        }
    }

    static BlockingQueue<DomainEventDetail> events(Connection c) {
        BlockingQueue<DomainEventDetail> q = new LinkedBlockingQueue<>();
        c.addDomainEventListener(e -> q.add(e.detail()));
        return q;
    }

    static DomainEventDetail next(BlockingQueue<DomainEventDetail> q) throws InterruptedException {
        DomainEventDetail d = q.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("an event within 10 s").isNotNull();
        return d;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The names in a directory (no recursion). */
    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
