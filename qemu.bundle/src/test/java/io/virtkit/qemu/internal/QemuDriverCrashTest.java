package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.netdev.internal.ChildJvm;
import io.virtkit.netdev.internal.CrashRounds;
import io.virtkit.netdev.internal.CrashRounds.Kill;
import io.virtkit.netdev.internal.CrashRounds.ListedDomain;
import io.virtkit.qemu.internal.security.FileOwner;
import io.virtkit.qemu.internal.security.RememberedOwners;

/**
 * The daemon killed with SIGKILL at spread-out moments of a QEMU start (the driver runs in a JVM of its
 * own, {@link QemuDriverChild}), then started again on the same directories: every QEMU it launched is
 * then either managed (listed active with its real pid and state) or gone with its TAP, monitor socket
 * and status file, and the guest is never reported paused because of the crash. Checked each round
 * from outside (the processes with the domain's UUID on their command line, the links of the namespace
 * the TAPs live in, the runtime directory, the owner of the guest's disk: another user's, given to QEMU's user
 * and back), not only with Virtkit's own view.
 */
class QemuDriverCrashTest implements CrashRounds.DomainSubject {

    private static final int ROUNDS = 30;
    private static final String NAME = "crashvm";
    private static final String BRIDGE = "vkcbr0";

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private CrashRounds rounds;
    private UUID uuid;
    private Path disk;
    private static final int OTHER = 4242;

    @AfterEach
    void tearDown() throws Exception {
        if (rounds != null) {
            rounds.close(guests::killAll);
        } else {
            guests.killAll();
        }
    }

    @Test
    void aDaemonKilledAtAnyMomentOfAStartLeavesEveryQemuManagedOrGone() throws Exception {
        rounds = new CrashRounds(tmp, "vkqcrash-", QemuDriverChild.class);
        rounds.addBridge(BRIDGE);
        // a disk of another user: given to QEMU's user while a start holds it, back whenever the guest is gone
        QemuDriverSettings.traversable(tmp);
        disk = tmp.resolve("crash-disk.img");
        Files.write(disk, new byte[1 << 20]);
        Files.setAttribute(disk, "unix:mode", 0600);
        Files.setAttribute(disk, "unix:uid", OTHER);
        Files.setAttribute(disk, "unix:gid", OTHER);
        String xml = guests.xml(NAME, "<devices><interface type='bridge'><mac address='52:54:00:c7:a5:01'/>"
                + "<source bridge='" + BRIDGE + "'/><model type='virtio'/></interface>"
                + "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk></devices>");
        uuid = DomainXmlCodec.parse(xml).uuid();
        Path xmlFile = Files.writeString(tmp.resolve(NAME + ".xml"), xml);

        // two starts that are not interrupted measure the phases: until QEMU is launched (its pid recorded),
        // and from then until the start returns; the kills are then spread over both
        ChildJvm c = rounds.child();
        CrashRounds.command(c, "define " + xmlFile);
        long launchMicros = 0;
        long startedMicros = 0;
        for (int i = 0; i < 2; i++) {
            if (i > 0) {
                c = rounds.child();
                assertThat(CrashRounds.checkAfterRestart(c, this).running()).isTrue();
                CrashRounds.command(c, "destroy " + NAME);
            }
            long[] phases = CrashRounds.timeStart(c, NAME, "LAUNCHED", "STARTED");
            launchMicros += phases[0] / 2;
            startedMicros += phases[1] / 2;
            c.kill(); // after a complete start: the next instance must reattach the guest
        }

        long launch = launchMicros;
        long started = startedMicros;
        int beforeLaunch = ROUNDS / 3;
        List<CrashRounds.Outcome<ListedDomain>> outcomes = rounds.run(ROUNDS, NAME, this, round -> round < beforeLaunch
                // from the request to the launch
                ? new Kill("STARTING", launch * round / beforeLaunch)
                // from the launch to twice the start's end (slack for a slower start on a busy machine),
                // half of the kills while QEMU waits at -S
                : Kill.spread("LAUNCHED", started * 2, round - beforeLaunch, ROUNDS - beforeLaunch));
        System.out.println("QemuDriverCrashTest: QEMU launched " + launch / 1000 + " ms after the request, "
                + "started " + started / 1000 + " ms after that; per round (kill delay in µs after the request "
                + "or after the launch, QEMU alive at the kill, state after restart): " + outcomes);
        // the spread covered every phase: before the launch, a launched QEMU not yet started, a started one
        assertThat(outcomes).anyMatch(o -> o.leftAtKill().isEmpty() && o.after().state().equals("SHUTOFF"))
                .anyMatch(o -> !o.leftAtKill().isEmpty() && o.after().state().equals("SHUTOFF"))
                .anyMatch(o -> o.after().state().equals("RUNNING"));
        assertThat(guests.processesOf(uuid)).isEmpty();
    }

    /** The listed guest's QEMU with the listed pid (and no other), its TAP, its monitor socket. */
    @Override
    public void checkStarted(ListedDomain listed) {
        assertThat(guests.processesOf(uuid)).as("the QEMU of the listed guest").extracting(ProcessHandle::pid)
                .containsExactly(listed.pid());
        rounds.assertOneLinkOn(BRIDGE, "its TAP");
        assertThat(Files.exists(run().resolve("domain-" + NAME).resolve("monitor.sock"))).isTrue();
        try {
            assertThat(FileOwner.of(disk).uid()).as("the disk is QEMU's user's while it runs")
                    .isEqualTo(QemuSecurity.DEFAULTS.identity().uid());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** No QEMU (nor setsid about to become one), no TAP, no runtime file. */
    @Override
    public void checkGone() throws Exception {
        assertThat(guests.processesOf(uuid)).as("processes of an inactive domain").isEmpty();
        assertThat(QemuGuests.files(run())).as("runtime files of an inactive domain").isEmpty();
        assertThat(FileOwner.of(disk)).as("the disk's owner and mode, back").isEqualTo(new FileOwner(OTHER, OTHER, 0600));
        assertThat(RememberedOwners.remembered(disk)).as("no owner record left").isEmpty();
        rounds.assertLinksGone(BRIDGE, "TAPs of an inactive domain");
    }

    /** The QEMU alive right after a kill, if any: launched, or not yet. */
    @Override
    public List<String> leftAtKill() {
        return guests.processesOf(uuid).isEmpty() ? List.of() : List.of("qemu");
    }

    private Path run() {
        return tmp.resolve("qemu").resolve("run");
    }
}
