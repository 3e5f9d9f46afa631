package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.files;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.StartFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/** A new driver instance on the same directories finds, verifies and takes over the running guests. */
class QemuDriverRestartTest {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private final List<Process> strangers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        drivers.forEach(QemuGuests::stop);
        guests.killAll();
        strangers.forEach(Process::destroyForcibly);
    }

    private QemuDriverSettings settings() {
        return QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
    }

    private Connection newDriver() {
        QemuDriver d = new QemuDriver(settings());
        drivers.add(d);
        return QemuGuests.open(d, "qemu:///system");
    }

    private static Map<String, Long> pids(QemuGuests guests, List<Domain> domains) {
        return domains.stream().collect(Collectors.toMap(Domain::name,
                d -> guests.processesOf(d.uuid()).get(0).pid()));
    }

    @Test
    void threeRunningGuestsSurviveADriverRestartAndStayControllable() throws Exception {
        Connection c1 = newDriver();
        Domain a = c1.defineDomain(guests.xml("a"));
        a.start();
        Domain b = c1.createDomain(guests.xml("b"), StartFlag.PAUSED);
        Domain p = c1.defineDomain(guests.xml("c"));
        p.start();
        p.suspend();
        Map<String, Long> before = pids(guests, List.of(a, b, p));
        int idA = a.id();
        QemuGuests.stop(drivers.get(0)); // daemon stop: guests keep running
        assertThat(pids(guests, List.of(a, b, p))).isEqualTo(before);

        Connection c2 = newDriver();
        Domain a2 = c2.lookupDomainByName("a");
        Domain b2 = c2.lookupDomainByName("b");
        Domain p2 = c2.lookupDomainByName("c");
        assertThat(a2.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED));
        assertThat(a2.id()).isEqualTo(idA);
        assertThat(b2.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_USER));
        assertThat(b2.isPersistent()).isFalse();
        assertThat(p2.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_USER));
        assertThat(pids(guests, List.of(a2, b2, p2))).isEqualTo(before);

        // still controllable through the reconnected monitors
        a2.suspend();
        assertThat(a2.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_USER));
        a2.resume();
        p2.resume();
        assertThat(p2.state().state()).isEqualTo(io.virtkit.api.DomainState.RUNNING);
        Domain fresh = c2.createDomain(guests.xml("d"));
        assertThat(fresh.id()).isGreaterThan(idA);
        b2.destroy();
        assertThat(c2.listAllDomains()).extracting(Domain::name).doesNotContain("b");
        a2.destroy();
        assertThat(a2.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_DESTROYED));
        assertThat(guests.processesOf(a2.uuid())).isEmpty();
        // a crash after the restart is still seen (the process is watched again)
        new ProcessBuilder("kill", "-9", Long.toString(before.get("c"))).start().waitFor();
        QemuGuests.await(() -> !p2.isActive());
        assertThat(p2.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_CRASHED));
        fresh.destroy();
        assertThat(files(settings().system().runtime())).isEmpty();
    }

    @Test
    void staleStatusFilesAreCleanedAndAForeignProcessIsNeverTouched() throws Exception {
        Connection c1 = newDriver();
        Domain dead = c1.defineDomain(guests.xml("dead"));
        Domain reused = c1.defineDomain(guests.xml("reused"));
        String deadXml = dead.xml();
        String reusedXml = reused.xml();
        QemuGuests.stop(drivers.get(0));
        Path run = settings().system().runtime();

        // a status file whose pid is gone
        long deadPid = new ProcessBuilder("true").start().pid();
        ProcessHandle.of(deadPid).ifPresent(h -> h.onExit().join());
        writeStatus(run, deadXml, deadPid, Instant.now());
        // a status file whose pid now belongs to another (live) process
        Process stranger = new ProcessBuilder("sleep", "60").start();
        strangers.add(stranger);
        writeStatus(run, reusedXml, stranger.pid(), stranger.toHandle().info().startInstant().orElseThrow());
        Files.writeString(run.resolve("reused.monitor"), "not a socket");

        Connection c2 = newDriver();
        assertThat(c2.lookupDomainByName("dead").state())
                .isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_UNKNOWN));
        assertThat(c2.lookupDomainByName("reused").state())
                .isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_UNKNOWN));
        assertThat(files(run)).isEmpty();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void aStartInterruptedBeforeQemusPidWasRecordedLeavesNoQemu() throws Exception {
        Connection c1 = newDriver();
        Domain d = c1.defineDomain(guests.xml("halfway"));
        String xml = d.xml();
        QemuGuests.stop(drivers.get(0));
        Path run = settings().system().runtime();
        Path monitor = run.resolve("halfway.monitor");
        DomainDefinition def = DomainXmlCodec.parse(xml);
        // what a daemon killed right after the launch leaves: the intent record without a pid, and QEMU at -S
        new StatusFile(0, null, 3, DomainStateReason.PAUSED_STARTING_UP, monitor, DomainXmlCodec.formatLive(def, 3))
                .write(run.resolve("halfway.xml"));
        Process qemu = new ProcessBuilder(io.virtkit.qemu.internal.command.QemuCommandLine.build(def,
                QemuGuests.EMULATOR, monitor)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        strangers.add(qemu);
        QemuGuests.await(() -> Files.exists(monitor));
        // the same guest of another state's directories is not one of ours here
        Process other = new ProcessBuilder(io.virtkit.qemu.internal.command.QemuCommandLine.build(def,
                QemuGuests.EMULATOR, tmp.resolve("elsewhere.monitor"))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        strangers.add(other);

        Connection c2 = newDriver();
        assertThat(c2.lookupDomainByName("halfway").state())
                .isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_DAEMON));
        // killed (the driver saw it a zombie; our process reaper collects it a moment later)
        assertThat(qemu.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(other.isAlive()).isTrue();
        assertThat(files(run)).isEmpty();
    }

    @Test
    void aGuestStillAtMinusSWhenTheDaemonDiedIsKilledNotReportedPaused() throws Exception {
        Connection c1 = newDriver();
        Domain d = c1.createDomain(guests.xml("atminuss"), StartFlag.PAUSED); // its CPUs never ran: -S
        QemuGuests.stop(drivers.get(0));
        // as a daemon killed before it finished the start leaves it: the record still says "starting up"
        Path run = settings().system().runtime();
        StatusFile st = StatusFile.read(run.resolve("atminuss.xml"));
        new StatusFile(st.pid(), st.startTime(), st.id(), DomainStateReason.PAUSED_STARTING_UP, st.monitor(),
                st.liveXml()).write(run.resolve("atminuss.xml"));

        Connection c2 = newDriver();
        assertThat(c2.listAllDomains()).isEmpty(); // transient: gone with its QEMU
        assertThat(guests.processesOf(d.uuid())).isEmpty();
        assertThat(files(run)).isEmpty();
    }

    private static void writeStatus(Path run, String xml, long pid, Instant start) throws Exception {
        DomainDefinition def = DomainXmlCodec.parse(xml);
        new StatusFile(pid, start, 7, DomainStateReason.RUNNING_BOOTED, run.resolve(def.name() + ".monitor"),
                DomainXmlCodec.formatLive(def, 7)).write(run.resolve(def.name() + ".xml"));
    }

    @Test
    void definitionsAndAutostartPersistAndAutostartDomainsStart() throws Exception {
        Connection c1 = newDriver();
        Domain auto = c1.defineDomain(guests.xml("auto"));
        auto.setAutostart(true);
        c1.defineDomain(guests.xml("manual"));
        assertThat(Files.exists(settings().system().config().resolve("autostart/auto"))).isTrue();
        QemuGuests.stop(drivers.get(0));

        Connection c2 = newDriver();
        Map<String, Domain> byName = c2.listAllDomains().stream()
                .collect(Collectors.toMap(Domain::name, Function.identity()));
        assertThat(byName).containsOnlyKeys("auto", "manual");
        assertThat(byName.get("auto").isActive()).isTrue();
        assertThat(byName.get("auto").autostart()).isTrue();
        assertThat(byName.get("manual").isActive()).isFalse();
        UUID uuid = byName.get("auto").uuid();
        long pid = guests.processesOf(uuid).get(0).pid();
        QemuGuests.stop(drivers.get(1));

        // already running: the next instance takes it over instead of starting another QEMU
        Connection c3 = newDriver();
        assertThat(c3.lookupDomainByName("auto").isActive()).isTrue();
        assertThat(guests.processesOf(uuid)).extracting(ProcessHandle::pid).containsExactly(pid);
        c3.lookupDomainByName("auto").destroy();
        c3.lookupDomainByName("auto").setAutostart(false);
        assertThat(Files.exists(settings().system().config().resolve("autostart/auto"))).isFalse();
    }
}
