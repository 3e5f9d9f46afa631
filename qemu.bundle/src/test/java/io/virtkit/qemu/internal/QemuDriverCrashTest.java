package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DomainStateReason;
import io.virtkit.api.domain.DomainXmlCodec;
import io.virtkit.netdev.internal.ChildJvm;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * The daemon killed with SIGKILL at spread-out moments of a QEMU start (the driver runs in a JVM of its
 * own, {@link QemuDriverChild}), then started again on the same directories: every QEMU it launched is
 * then either managed (listed active with its real pid and state) or gone with its TAP, monitor socket
 * and status file, and the guest is never reported paused because of the crash. Checked each round
 * from outside (the processes with the domain's UUID on their command line, the links of the namespace
 * the TAPs live in, the runtime directory), not only with Virtkit's own view.
 */
class QemuDriverCrashTest {

    private static final int ROUNDS = 30;
    private static final String NAME = "crashvm";
    private static final String BRIDGE = "vkcbr0";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<ChildJvm> children = new ArrayList<>();
    private String ns;

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm c : children) {
            c.kill();
        }
        guests.killAll();
        if (ns != null) {
            HostNetnsFixture.ip("netns", "del", ns);
        }
    }

    private ChildJvm child() throws Exception {
        ChildJvm c = new ChildJvm(tmp.resolve("children.log"), QemuDriverChild.class.getName(), tmp.toString(), ns);
        children.add(c);
        c.await("READY", TIMEOUT);
        return c;
    }

    /** What the invariant found: the domain's state as Virtkit lists it. */
    private record Seen(String state, String reason) {
    }

    @Test
    void aDaemonKilledAtAnyMomentOfAStartLeavesEveryQemuManagedOrGone() throws Exception {
        ns = "vkqcrash-" + UUID.randomUUID().toString().substring(0, 8);
        HostNetnsFixture.ip("netns", "add", ns);
        HostNetnsFixture.ip("-n", ns, "link", "add", BRIDGE, "type", "bridge");
        HostNetnsFixture.ip("-n", ns, "link", "set", BRIDGE, "up");
        String xml = guests.xml(NAME, "<devices><interface type='bridge'><mac address='52:54:00:c7:a5:01'/>"
                + "<source bridge='" + BRIDGE + "'/><model type='virtio'/></interface></devices>");
        UUID uuid = DomainXmlCodec.parse(xml).uuid();
        Path xmlFile = Files.writeString(tmp.resolve(NAME + ".xml"), xml);

        // two starts that are not interrupted measure the phases: until QEMU is launched (its pid recorded),
        // and from then until the start returns; the kills are then spread over both
        ChildJvm c = child();
        c.send("define " + xmlFile);
        c.await("DONE", TIMEOUT);
        long launchMicros = 0;
        long startedMicros = 0;
        for (int i = 0; i < 2; i++) {
            if (i > 0) {
                c = child();
                assertThat(checkInvariant(c, uuid).state()).isEqualTo("RUNNING");
                c.send("destroy " + NAME);
                c.await("DONE", TIMEOUT);
            }
            c.send("start " + NAME);
            c.await("STARTING", TIMEOUT);
            long t0 = System.nanoTime();
            c.await("LAUNCHED", TIMEOUT);
            long t1 = System.nanoTime();
            c.await("STARTED", TIMEOUT);
            launchMicros += (t1 - t0) / 2000;
            startedMicros += (System.nanoTime() - t1) / 2000;
            c.kill(); // after a complete start: the next instance must reattach the guest
        }

        List<Outcome> outcomes = new ArrayList<>();
        Outcome last = null;
        for (int round = 0; round <= ROUNDS; round++) {
            c = child();
            Seen seen = checkInvariant(c, uuid);
            if (last != null) {
                outcomes.add(new Outcome(last.afterLaunch(), last.delayMicros(), last.qemuAtKill(), seen.state(),
                        seen.reason()));
            }
            if (seen.state().equals("RUNNING")) {
                c.send("destroy " + NAME);
                c.await("DONE", TIMEOUT);
                checkGone(uuid);
            }
            if (round == ROUNDS) {
                break;
            }
            boolean afterLaunch = round >= ROUNDS / 3;
            long delayMicros = afterLaunch
                    // from the launch to twice the start's end (slack for a slower start on a busy machine),
                    // half of the kills while QEMU waits at -S
                    ? startedMicros * 2 * (round - ROUNDS / 3) / (ROUNDS - ROUNDS / 3 - 1)
                    // from the request to the launch
                    : launchMicros * round / (ROUNDS / 3);
            c.send("start " + NAME);
            c.await(afterLaunch ? "LAUNCHED" : "STARTING", TIMEOUT);
            TimeUnit.MICROSECONDS.sleep(delayMicros);
            c.kill();
            last = new Outcome(afterLaunch, delayMicros, !guests.processesOf(uuid).isEmpty(), null, null);
        }
        c.close();
        System.out.println("QemuDriverCrashTest: QEMU launched " + launchMicros / 1000 + " ms after the request, "
                + "started " + startedMicros / 1000 + " ms after that; per round (kill delay in µs after the request "
                + "or after the launch (L), QEMU alive at the kill, state after restart): " + outcomes);
        // the spread covered every phase: before the launch, a launched QEMU not yet started, a started one
        assertThat(outcomes).anyMatch(o -> !o.qemuAtKill() && o.state().equals("SHUTOFF"))
                .anyMatch(o -> o.qemuAtKill() && o.state().equals("SHUTOFF"))
                .anyMatch(o -> o.state().equals("RUNNING"));
        assertThat(guests.processesOf(uuid)).isEmpty();
    }

    private record Outcome(boolean afterLaunch, long delayMicros, boolean qemuAtKill, String state, String reason) {
        @Override
        public String toString() {
            return (afterLaunch ? "L+" : "") + delayMicros + (qemuAtKill ? " alive " : " none ") + reason;
        }
    }

    /** Virtkit's view against the host's, after a restart. */
    private Seen checkInvariant(ChildJvm c, UUID uuid) throws Exception {
        c.send("list");
        List<String> lines = c.linesUntil("END", TIMEOUT);
        assertThat(lines).hasSize(1);
        String[] f = lines.get(0).split(" ");
        Seen seen = new Seen(f[2], f[3]);
        long pid = Long.parseLong(f[4]);
        List<ProcessHandle> qemus = guests.processesOf(uuid);
        assertThat(seen.state()).as("state after a restart (%s)", lines.get(0)).isIn("RUNNING", "SHUTOFF");
        if (seen.state().equals("RUNNING")) {
            assertThat(seen.reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED.name());
            assertThat(qemus).as("the QEMU of the listed guest").extracting(ProcessHandle::pid).containsExactly(pid);
            assertThat(taps()).as("its TAP").singleElement().satisfies(tap -> assertThat(
                    HostNetnsFixture.ip("-n", ns, "-o", "link", "show", tap)).contains("master " + BRIDGE));
            assertThat(Files.exists(run().resolve(NAME + ".monitor"))).isTrue();
        } else {
            assertThat(pid).isEqualTo(-1);
            checkGone(uuid);
        }
        return seen;
    }

    /** No QEMU (nor setsid about to become one), no TAP, no runtime file. */
    private void checkGone(UUID uuid) throws Exception {
        assertThat(guests.processesOf(uuid)).as("processes of an inactive domain").isEmpty();
        assertThat(QemuGuests.files(run())).as("runtime files of an inactive domain").isEmpty();
        // the kernel removes a TAP once its last descriptor is closed, which may lag the exit a little
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!taps().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(taps()).as("TAPs of an inactive domain").isEmpty();
    }

    private Path run() {
        return tmp.resolve("qemu").resolve("run");
    }

    private List<String> taps() {
        return HostNetnsFixture.ip("-n", ns, "-o", "link", "show").lines()
                .map(l -> l.split(":")[1].trim().split("@")[0]).filter(n -> !n.equals("lo") && !n.equals(BRIDGE))
                .toList();
    }
}
