package io.virtkit.itests.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.itests.hosts.GuestProcesses;
import io.virtkit.itests.hosts.HostCommand;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * What the migration tests do with the real virsh and what they check after each move: virsh runs in the source
 * host's namespace (it reaches both hosts' TLS addresses over the veth), as an operator on host A would run it.
 */
final class Migrations {

    static final Duration MIGRATE_BOUND = Duration.ofSeconds(120);
    /** How long a host may take to drop or show the guest after virsh has returned. */
    static final Duration SETTLE_BOUND = Duration.ofSeconds(60);
    private static final Pattern DATA_PROCESSED = Pattern.compile("(?m)^Data processed:\\s+([0-9.]+) (\\S+)");

    private final TwoHosts hosts;

    Migrations(TwoHosts hosts) {
        this.hosts = hosts;
    }

    /** {@code virsh migrate --live --persistent OPTIONS… GUEST DEST_URI} on the source's URI, started. */
    HostCommand.Running start(VirtkitDaemon from, VirtkitDaemon to, String... options) {
        List<String> args = new ArrayList<>(List.of("migrate", "--live", "--persistent"));
        args.addAll(List.of(options));
        args.add(hosts.guest().name());
        args.add(to.uri());
        return from.startVirsh(args.toArray(String[]::new));
    }

    /** A whole move: virsh succeeds, then the guest runs on {@code to} only and counts on; the source kept the job. */
    void move(VirtkitDaemon from, VirtkitDaemon to, String... options) throws InterruptedException {
        long before = hosts.console().poll();
        HostCommand.Result migrate = start(from, to, options).await(MIGRATE_BOUND);
        assertThat(migrate.ok()).as("%s\n%s", migrate, hosts.logs()).isTrue();
        assertRunsOnlyOn(to, before);
        HostCommand.Result job = from.virsh(TwoHosts.VIRSH_BOUND, "domjobinfo", "--completed", hosts.guest().name());
        assertThat(job.ok()).as("%s", job).isTrue();
        System.out.println("moved " + from.name() + " → " + to.name() + " " + String.join(" ", options) + ":\n" + job.out());
        assertThat(job.out()).as("%s", job).containsPattern("(?m)^Job type:\\s+Completed")
                .containsPattern("(?m)^Operation:\\s+Outgoing migration");
        assertThat(from.virsh(TwoHosts.VIRSH_BOUND, "domstate", hosts.guest().name()).outOrFail().strip())
                .as("the source's definition after the move").isEqualTo("shut off");
    }

    /**
     * Exactly one QEMU runs the guest, on {@code host} (the other host's gone, within {@link #SETTLE_BOUND}),
     * virsh says it runs there, and its counter goes on past {@code tickBefore}: not rebooted, never twice.
     */
    void assertRunsOnlyOn(VirtkitDaemon host, long tickBefore) throws InterruptedException {
        VirtkitDaemon other = hosts.peer(host);
        awaitNoQemuOn(other);
        assertThat(GuestProcesses.on(host, hosts.guest().uuid())).as("QEMUs of the guest on %s", host.name()).hasSize(1);
        assertThat(host.virsh(TwoHosts.VIRSH_BOUND, "domstate", hosts.guest().name()).outOrFail().strip())
                .as("the guest's state on %s", host.name()).isEqualTo("running");
        long now = hosts.console().poll();
        // three more ticks: the guest runs (its vCPU), 0.6 s of guest time after the move
        hosts.console().awaitTickAbove(Math.max(now, tickBefore) + 2, SETTLE_BOUND);
        assertThat(hosts.watcher().violations()).as("the guest ran twice or restarted").isEmpty();
    }

    /** The host's QEMU of the guest gone (a rolled-back destination, a source after confirm), within the bound. */
    void awaitNoQemuOn(VirtkitDaemon host) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
        while (!GuestProcesses.on(host, hosts.guest().uuid()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a QEMU of the guest still runs on " + host.name() + " after " + SETTLE_BOUND
                        + ": " + GuestProcesses.on(host, hosts.guest().uuid()) + "\n" + hosts.logs());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until {@code host} has a QEMU of the guest (a destination's, once PREPARE has started it). */
    void awaitQemuOn(VirtkitDaemon host, HostCommand.Running migration) throws InterruptedException {
        long deadline = System.nanoTime() + MIGRATE_BOUND.toNanos();
        while (GuestProcesses.on(host, hosts.guest().uuid()).isEmpty()) {
            if (!migration.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no QEMU of the guest appeared on " + host.name() + "; migration: "
                        + (migration.isAlive() ? "still running" : migration.await(Duration.ZERO)));
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the source's job reports memory sent (the transfer runs), while virsh migrate still runs. */
    void awaitTransferring(VirtkitDaemon source, HostCommand.Running migration) throws InterruptedException {
        long deadline = System.nanoTime() + MIGRATE_BOUND.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!migration.isAlive()) {
                throw new AssertionError("the migration ended before the test saw it transfer: "
                        + migration.await(Duration.ZERO) + "\nlast domjobinfo: " + last);
            }
            HostCommand.Result job = source.virsh(TwoHosts.VIRSH_BOUND, "domjobinfo", hosts.guest().name());
            last = job.toString();
            Matcher m = DATA_PROCESSED.matcher(job.out());
            if (job.ok() && job.out().contains("Unbounded") && m.find() && Double.parseDouble(m.group(1)) > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the source reported no transfer within " + MIGRATE_BOUND + "; last: " + last);
    }
}
