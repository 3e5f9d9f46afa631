package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;

/**
 * Fast activation (libvirt's qemuProcessReconnectAll): a restarted driver activates without waiting for its
 * guests, reconnects each in a task of its own, and a domain answers once its own reconnect is done.
 */
class QemuDriverActivationTest {

    private static final int GUESTS = 6;

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private final List<Long> frozen = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (long pid : frozen) {
            signal("CONT", pid);
        }
        drivers.forEach(QemuGuests::stop);
        guests.killAll();
    }

    private QemuDriverSettings settings() {
        return QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
    }

    private QemuDriver newDriver() {
        QemuDriver d = new QemuDriver(settings());
        drivers.add(d);
        return d;
    }

    private static void signal(String sig, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
    }

    /**
     * N running guests, one of them frozen (SIGSTOP: its monitor accepts the connection but never greets,
     * so its reconnect waits up to the 10 s monitor timeout). The new driver activates at once; the others
     * answer while the frozen one's reconnect still runs; thawed, it is found running and controllable.
     */
    @Test
    void activationDoesNotWaitForGuestsAndEachAnswersOnceItsOwnReconnectIsDone() throws Exception {
        QemuDriver first = newDriver();
        Connection c1 = QemuGuests.open(first, "qemu:///system");
        List<Domain> started = new ArrayList<>();
        for (int i = 0; i < GUESTS; i++) {
            Domain d = c1.defineDomain(guests.xml("g" + i));
            d.start();
            started.add(d);
        }
        long frozenPid = guests.processesOf(started.get(0).uuid()).get(0).pid();
        QemuGuests.stop(first);
        signal("STOP", frozenPid);
        frozen.add(frozenPid);

        long t0 = System.nanoTime();
        QemuDriver second = newDriver();
        Duration activation = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("activation with %d running guests, one frozen: %d ms%n", GUESTS, activation.toMillis());
        // the frozen guest's reconnect alone takes the 10 s monitor timeout: activation did not wait for it
        assertThat(activation).isLessThan(Duration.ofSeconds(5));

        Connection c2 = QemuGuests.open(second, "qemu:///system");
        QemuState state = second.state(settings().system());
        t0 = System.nanoTime();
        for (int i = 1; i < GUESTS; i++) {
            Domain d = c2.lookupDomainByName("g" + i);
            assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED));
        }
        System.out.printf("the %d other guests answered after %d ms%n", GUESTS - 1,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        QemuDomainObject stuck = state.lookupByName("g0");
        assertThat(stuck.ready()).as("the frozen guest's reconnect still runs").isNotDone();
        assertThat(state.lookupByName("g1").ready()).isDone();

        signal("CONT", frozenPid);
        Domain g0 = c2.lookupDomainByName("g0");
        assertThat(g0.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED)); // waits for it
        assertThat(g0.isActive()).isTrue();
        g0.suspend(); // through the reconnected monitor
        assertThat(g0.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_USER));
        assertThat(guests.processesOf(g0.uuid())).extracting(ProcessHandle::pid).containsExactly(frozenPid);
        // and its exit is still seen (through its pidfd: it is not the new driver's child)
        signal("KILL", frozenPid);
        QemuGuests.await(() -> !g0.isActive());
        assertThat(g0.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_CRASHED));
    }

    /** N running guests: the time to activate and the time until every guest is reconnected (printed). */
    @Test
    void aRestartedDriverFindsAllItsGuestsRunning() throws Exception {
        QemuDriver first = newDriver();
        Connection c1 = QemuGuests.open(first, "qemu:///system");
        for (int i = 0; i < GUESTS; i++) {
            c1.defineDomain(guests.xml("r" + i)).start();
        }
        QemuGuests.stop(first);

        long t0 = System.nanoTime();
        QemuDriver second = newDriver();
        long activated = System.nanoTime();
        second.state(settings().system()).activation().get();
        long reconnected = System.nanoTime();
        System.out.printf("activation with %d running guests: %d ms; all reconnected after %d ms%n", GUESTS,
                (activated - t0) / 1_000_000, (reconnected - t0) / 1_000_000);
        Connection c2 = QemuGuests.open(second, "qemu:///system");
        assertThat(c2.listAllDomains()).hasSize(GUESTS)
                .allSatisfy(d -> assertThat(d.state().state()).isEqualTo(DomainState.RUNNING));
    }
}
