package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.await;
import static io.virtkit.qemu.internal.QemuGuests.files;
import static io.virtkit.qemu.internal.QemuGuests.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.qemu.QemuDomain;

/** The QEMU driver on real QEMU processes (TCG), in temporary directories. */
class QemuDriverTest {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private QemuDriverSettings settings;
    private Connection conn;

    @BeforeEach
    void setUp() {
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
        conn = open(driver(settings), "qemu:///session");
    }

    @AfterEach
    void tearDown() {
        for (QemuDriver d : drivers) {
            QemuGuests.stop(d);
        }
        guests.killAll();
    }

    private QemuDriver driver(QemuDriverSettings s) {
        QemuDriver d = new QemuDriver(s);
        drivers.add(d);
        return d;
    }

    private static Connection open(QemuDriver d, String uri) {
        return QemuGuests.open(d, uri);
    }

    private Path runtime() {
        return settings.session().runtime();
    }

    private static DomainStateInfo st(DomainStateReason r) {
        return DomainStateInfo.of(r);
    }

    /** Nothing of a stopped domain is left: no status file, no socket, no process with its UUID. */
    private void assertNothingLeft(Domain d) throws Exception {
        assertThat(files(runtime())).noneMatch(f -> f.startsWith(d.name() + ".") || f.equals("domain-" + d.name()));
        assertThat(guests.processesOf(d.uuid())).isEmpty();
    }

    @Test
    void everyTransitionOfAPersistentDomainWithItsEvent() throws Exception {
        BlockingQueue<DomainEventDetail> events = QemuGuests.events(conn);
        Domain d = conn.defineDomain(guests.xml("vm1"));
        assertThat(next(events)).isEqualTo(DomainEventDetail.DEFINED_ADDED);
        assertThat(files(settings.session().config())).contains("vm1.xml");
        assertThat(d.state()).isEqualTo(st(DomainStateReason.SHUTOFF_UNKNOWN));

        d.start();
        assertThat(next(events)).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        assertThat(d.state()).isEqualTo(st(DomainStateReason.RUNNING_BOOTED));
        int firstId = d.id();
        assertThat(firstId).isPositive();
        assertThat(files(runtime())).contains("vm1.xml", "domain-vm1");
        assertThat(files(runtime().resolve("domain-vm1"))).contains("monitor.sock");
        List<ProcessHandle> procs = guests.processesOf(d.uuid());
        assertThat(procs).hasSize(1);
        // setsid exec'd in place: the process we track is QEMU itself
        assertThat(ProcessFacts.cmdline(procs.get(0).pid())).startsWith(QemuGuests.EMULATOR + "\0");
        assertThat(d.xml()).contains("id='" + firstId + "'");
        assertThat(d.xml(XmlFlag.INACTIVE)).doesNotContain("id=");
        DomainInfo info = d.info();
        assertThat(info.state()).isEqualTo(DomainState.RUNNING);
        assertThat(info.maxMemoryKiB()).isEqualTo(32768);
        assertThat(info.vcpus()).isEqualTo(1);
        assertThat(conn.lookupDomainById(firstId)).isEqualTo(d);
        assertThatThrownBy(d::start).isInstanceOf(VirtException.class)
                .hasMessage("Requested operation is not valid: domain is already running");

        d.suspend();
        assertThat(next(events)).isEqualTo(DomainEventDetail.SUSPENDED_PAUSED);
        assertThat(d.state()).isEqualTo(st(DomainStateReason.PAUSED_USER));
        assertThat(((QemuDomain) d).monitorCommand("{\"execute\":\"query-status\"}")).contains("\"paused\"");

        d.resume();
        assertThat(next(events)).isEqualTo(DomainEventDetail.RESUMED_UNPAUSED);
        assertThat(d.state()).isEqualTo(st(DomainStateReason.RUNNING_UNPAUSED));
        assertThat(((QemuDomain) d).monitorCommand("{\"execute\":\"query-status\"}")).contains("\"running\"");

        d.reboot(); // system_reset: stays running, no lifecycle event
        assertThat(d.state().state()).isEqualTo(DomainState.RUNNING);

        d.destroy();
        assertThat(next(events)).isEqualTo(DomainEventDetail.STOPPED_DESTROYED);
        assertThat(d.state()).isEqualTo(st(DomainStateReason.SHUTOFF_DESTROYED));
        assertThat(d.id()).isEqualTo(-1);
        assertNothingLeft(d);
        assertThat(Files.readString(settings.session().log().resolve("vm1.log")))
                .contains("starting up").contains(QemuGuests.EMULATOR).contains(d.uuid().toString());
        assertThatThrownBy(d::destroy).isInstanceOf(VirtException.class)
                .hasMessage("Requested operation is not valid: domain is not running");

        d.start(StartFlag.PAUSED);
        assertThat(next(events)).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(events)).isEqualTo(DomainEventDetail.SUSPENDED_PAUSED);
        assertThat(d.state()).isEqualTo(st(DomainStateReason.PAUSED_USER));
        assertThat(d.id()).isGreaterThan(firstId);
        d.destroy();
        assertThat(next(events)).isEqualTo(DomainEventDetail.STOPPED_DESTROYED);

        d.undefine();
        assertThat(next(events)).isEqualTo(DomainEventDetail.UNDEFINED_REMOVED);
        assertThat(files(settings.session().config())).doesNotContain("vm1.xml");
        assertThatThrownBy(() -> conn.lookupDomainByName("vm1")).isInstanceOf(VirtException.class)
                .hasMessage("Domain not found: no domain with matching name 'vm1'");
    }

    @Test
    void transientDomainVanishesWhenDestroyedAndUndefineMakesARunningOneTransient() throws Exception {
        Domain t = conn.createDomain(guests.xml("tr"));
        assertThat(t.isPersistent()).isFalse();
        assertThat(t.state()).isEqualTo(st(DomainStateReason.RUNNING_BOOTED));
        t.destroy();
        assertThatThrownBy(t::state).isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.NO_DOMAIN));
        assertNothingLeft(t);

        Domain p = conn.defineDomain(guests.xml("pers"));
        p.start();
        p.undefine();
        assertThat(p.isPersistent()).isFalse();
        assertThat(p.isActive()).isTrue();
        p.destroy();
        assertThat(conn.listAllDomains()).isEmpty();
    }

    @Test
    void quitThroughTheMonitorIsAHostShutdownThenShutoff() throws Exception {
        BlockingQueue<DomainEventDetail> events = QemuGuests.events(conn);
        Domain d = conn.createDomain(guests.xml("quitter"));
        assertThat(next(events)).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        conn.lookupDomainByName("quitter"); // still there
        Domain persistent = conn.defineDomain(guests.xml("quitter2"));
        persistent.start();
        assertThat(next(events)).isEqualTo(DomainEventDetail.DEFINED_ADDED);
        assertThat(next(events)).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        ((QemuDomain) persistent).monitorCommand("{\"execute\":\"quit\"}");
        assertThat(next(events)).isEqualTo(DomainEventDetail.SHUTDOWN_HOST);
        assertThat(next(events)).isEqualTo(DomainEventDetail.STOPPED_SHUTDOWN);
        assertThat(persistent.state()).isEqualTo(st(DomainStateReason.SHUTOFF_SHUTDOWN));
        assertNothingLeft(persistent);
        d.destroy();
    }

    @Test
    void shutdownOfAGuestThatIgnoresAcpiKeepsItRunning() throws Exception {
        Domain d = conn.createDomain(guests.xml("deaf"), StartFlag.PAUSED);
        d.shutdown(); // paused at -S: no guest OS to react, as in libvirt the state does not change
        assertThat(d.state()).isEqualTo(st(DomainStateReason.PAUSED_USER));
        d.destroy();
    }

    @Test
    void rebootWithOnRebootDestroyStopsTheDomain() throws Exception {
        BlockingQueue<DomainEventDetail> events = QemuGuests.events(conn);
        Domain d = conn.defineDomain(guests.xml("noreboot", "<on_reboot>destroy</on_reboot>"));
        d.start();
        d.reboot();
        await(() -> !d.isActive());
        assertThat(d.state()).isEqualTo(st(DomainStateReason.SHUTOFF_SHUTDOWN));
        // events reach listeners on their own thread: the state changes before the event is delivered
        await(() -> events.contains(DomainEventDetail.STOPPED_SHUTDOWN));
        assertNothingLeft(d);
    }

    @Test
    void killDashNineIsACrash() throws Exception {
        BlockingQueue<DomainEventDetail> events = QemuGuests.events(conn);
        Domain d = conn.defineDomain(guests.xml("victim"));
        d.start();
        assertThat(next(events)).isEqualTo(DomainEventDetail.DEFINED_ADDED);
        assertThat(next(events)).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        new ProcessBuilder("kill", "-9", Long.toString(guests.processesOf(d.uuid()).get(0).pid())).start()
                .waitFor();
        assertThat(next(events)).isEqualTo(DomainEventDetail.STOPPED_CRASHED);
        assertThat(d.state()).isEqualTo(st(DomainStateReason.SHUTOFF_CRASHED));
        assertNothingLeft(d);
    }

    @Test
    void badXmlIsRejectedAndNothingIsDefined() throws Exception {
        assertThatThrownBy(() -> conn.defineDomain("<domain type='qemu'><name>x</name>"))
                .isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.XML_DETAIL));
        assertThatThrownBy(() -> conn.defineDomain(guests.xml("t").replace("type='qemu'", "type='test'")))
                .isInstanceOf(VirtException.class)
                .hasMessageStartingWith(
                        "invalid argument: could not find capabilities for arch=x86_64 domaintype=test");
        assertThatThrownBy(() -> conn.createDomain("<domain type='qemu'><name>x</name></domain>"))
                .isInstanceOf(VirtException.class);
        assertThat(files(settings.session().config())).noneMatch(f -> f.endsWith(".xml"));
        assertThat(conn.listAllDomains()).isEmpty();
    }

    @Test
    void missingEmulatorFailsLikeLibvirtAndLeavesNothing() throws Exception {
        Connection c = open(driver(settings.withEmulator("/nonexistent/qemu-system-x86_64")), "qemu:///system");
        Domain d = c.defineDomain(guests.xml("noemu"));
        assertThatThrownBy(d::start).isInstanceOf(VirtException.class)
                .hasMessage("Cannot check QEMU binary /nonexistent/qemu-system-x86_64: No such file or directory")
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.SYSTEM_ERROR));
        assertThat(d.isActive()).isFalse();
        assertNothingLeft(d);
        assertThatThrownBy(() -> c.createDomain(guests.xml("noemu2"))).isInstanceOf(VirtException.class);
        assertThat(c.listAllDomains()).extracting(Domain::name).containsExactly("noemu");
    }

    @Test
    void aQemuThatFailsToStartReportsItsOwnErrorAndLeavesNothing() throws Exception {
        BlockingQueue<DomainEventDetail> events = QemuGuests.events(conn);
        // an unknown machine type is refused at define now: more vCPUs than the machine takes is QEMU's to refuse
        Domain d = conn.defineDomain(guests.xml("badmachine").replace("<vcpu>1</vcpu>", "<vcpu>1000</vcpu>"));
        assertThat(next(events)).isEqualTo(DomainEventDetail.DEFINED_ADDED);
        assertThatThrownBy(d::start).isInstanceOf(VirtException.class)
                .hasMessageStartingWith("internal error: process exited while connecting to monitor: ")
                .hasMessageContaining("Invalid SMP CPUs 1000")
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
        assertThat(d.state()).isEqualTo(st(DomainStateReason.SHUTOFF_FAILED));
        assertThat(d.id()).isEqualTo(-1);
        assertNothingLeft(d);
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull(); // no Started, no Stopped

        String tr = guests.xml("badtransient").replace("<vcpu>1</vcpu>", "<vcpu>1000</vcpu>");
        assertThatThrownBy(() -> conn.createDomain(tr)).hasMessageContaining("Invalid SMP CPUs 1000");
        assertThat(conn.listAllDomains()).extracting(Domain::name).containsExactly("badmachine");
    }

    @Test
    void kvmDomainNeedsAUsableKvmDevice() throws Exception {
        Connection c = open(driver(settings.withKvmDevice(tmp.resolve("no-kvm"))), "qemu:///system");
        Domain d = c.defineDomain(guests.xml("kvmguest").replace("type='qemu'", "type='kvm'"));
        assertThatThrownBy(d::start).isInstanceOf(VirtException.class)
                .hasMessage("unsupported configuration: Domain requires KVM, but it is not available. Check that "
                        + "virtualization is enabled in the host BIOS, and host configuration is setup to load "
                        + "the kvm modules. (cannot open " + tmp.resolve("no-kvm") + ": No such file or directory)");
        assertNothingLeft(d);
    }

    @Test
    void capabilitiesOfferKvmOnlyWhereTheKvmProbePasses() throws Exception {
        // no KVM device: TCG only, so tools that take the best type offered (virt-install) pick 'qemu'
        Connection noKvm = open(driver(settings.withKvmDevice(tmp.resolve("no-kvm"))), "qemu:///system");
        assertThat(noKvm.capabilities()).contains("<domain type='qemu'/>").doesNotContain("type='kvm'")
                .contains("<emulator>" + settings.emulator() + "</emulator>");
        // the host's device: whatever the probe finds (on this kind of machine /dev/kvm opens but runs no guest)
        KvmProbe.Result verdict = KvmProbe.run(settings.emulator(), Path.of("/dev/kvm"), tmp.resolve("probe"),
                Duration.ofSeconds(20));
        String caps = conn.capabilities();
        assertThat(caps).contains("<domain type='qemu'/>");
        if (verdict.usable()) {
            assertThat(caps).contains("<domain type='kvm'/>");
        } else {
            assertThat(caps).as("KVM unusable here: %s", verdict.reason()).doesNotContain("type='kvm'");
        }
    }

    @Test
    void kvmDomainRunsOnlyWhereTheKvmProbeRunsAGuest() throws Exception {
        // On this kind of machine /dev/kvm opens but cannot run guests; elsewhere it may work. Either way
        // the start must agree with the probe, and a refusal must leave nothing behind.
        KvmProbe.Result verdict = KvmProbe.run(settings.emulator(), Path.of("/dev/kvm"), tmp.resolve("probe"),
                Duration.ofSeconds(20));
        Domain d = conn.defineDomain(guests.xml("realkvm").replace("type='qemu'", "type='kvm'"));
        if (verdict.usable()) {
            d.start();
            assertThat(d.state().state()).isEqualTo(DomainState.RUNNING);
            d.destroy();
        } else {
            assertThatThrownBy(d::start).isInstanceOfSatisfying(VirtException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                assertThat(e.getMessage()).startsWith("unsupported configuration: Domain requires KVM, but it is not "
                        + "available.").endsWith("(" + verdict.reason() + ")");
            });
        }
        assertNothingLeft(d);
    }

    @Test
    void uris() {
        QemuDriver d = drivers.get(0);
        assertThat(d.open(OpenRequest.of("qemu://otherhost/system"), QemuGuests.NO_EVENTS)).isEmpty();
        assertThat(d.open(OpenRequest.of("test:///default"), QemuGuests.NO_EVENTS)).isEmpty();
        assertThatThrownBy(() -> d.open(OpenRequest.of("qemu:///foo"), QemuGuests.NO_EVENTS))
                .isInstanceOf(VirtException.class)
                .hasMessage("internal error: unexpected QEMU URI path '/foo', try qemu:///system")
                .satisfies(e -> assertThat(((VirtException) e).domain()).isEqualTo(ErrorDomain.QEMU));
        Connection system = open(d, "qemu:///system");
        assertThat(system.uri()).isEqualTo("qemu:///system");
        assertThat(system.type()).isEqualTo("QEMU");
        assertThat(system.hypervisorVersion()).isGreaterThan(7_000_000);
        // test settings put both URIs on the same directories: one state
        conn.defineDomain(guests.xml("shared"));
        assertThat(system.lookupDomainByName("shared").name()).isEqualTo("shared");
        system.close();
        assertThatThrownBy(system::listAllDomains).isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_CONN));
    }

    @Test
    void theSubDriverChecksItsFlagsAndTheMonitorCommand() {
        Domain d = conn.defineDomain(guests.xml("flags"));
        assertThatThrownBy(() -> ((QemuDomain) d).monitorCommand(" ")).isInstanceOfSatisfying(VirtException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e).hasMessageEndingWith("cmd must not be empty");
                });
        HypervisorConnection spi = drivers.get(0).open(OpenRequest.of("qemu:///session"), QemuGuests.NO_EVENTS)
                .orElseThrow();
        try {
            DomainRef ref = spi.lookupDomainByName("flags");
            String nic = "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>";
            assertUnsupportedFlags(() -> spi.attachDevice(ref, nic, 1 << 2), "0x4", "virDomainAttachDeviceFlags");
            assertUnsupportedFlags(() -> spi.detachDevice(ref, nic, 1 << 3), "0x8", "virDomainDetachDeviceFlags");
            assertUnsupportedFlags(() -> spi.qemuMonitorCommand(ref, "{\"execute\":\"query-status\"}", 1), "0x1",
                    "virDomainQemuMonitorCommand");
            assertUnsupportedFlags(() -> spi.domainStats(ref, 1), "0x1", "virConnectGetAllDomainStats");
            assertUnsupportedFlags(() -> spi.openConsole(ref, null, 2), "0x2", "virDomainOpenConsole");
            assertUnsupportedFlags(() -> spi.sysinfo(1), "0x1", "virConnectGetSysinfo");
            assertUnsupportedFlags(() -> spi.domainXmlToNative("qemu-argv", guests.xml("n"), 1), "0x1",
                    "virConnectDomainXMLToNative");
            // CONFIG is a flag the driver takes: the change is made to the persistent definition
            spi.attachDevice(ref, nic, DeviceModifyFlag.CONFIG.bit());
            assertThat(d.xml(XmlFlag.INACTIVE)).contains("52:54:00:00:00:01");
        } finally {
            spi.close();
        }
        d.undefine();
    }

    private static void assertUnsupportedFlags(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
            String bits, String function) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e).hasMessageEndingWith("unsupported flags (" + bits + ") in function " + function);
        });
    }

    @Test
    void aDriverGoingAwayLeavesItsConnectionsDeadAndItsGuestsRunning() throws Exception {
        Domain d = conn.createDomain(guests.xml("outlives"), StartFlag.PAUSED, StartFlag.AUTODESTROY);
        long pid = guests.processesOf(d.uuid()).get(0).pid();
        QemuGuests.stop(drivers.get(0));
        assertThatThrownBy(conn::listAllDomains).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONN));
        assertThatThrownBy(d::state).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONN));
        assertThat(conn.isAlive()).isFalse();
        // AUTODESTROY belongs to a connection that closes, not to a daemon that stops
        assertThat(guests.processesOf(d.uuid())).extracting(ProcessHandle::pid).containsExactly(pid);
        conn.close();
        assertThat(guests.processesOf(d.uuid())).extracting(ProcessHandle::pid).containsExactly(pid);
    }

    @Test
    void aSecondJobWaitsForTheLockAndTimesOutWithLibvirtsWords() throws Exception {
        QemuDriver d = driver(settings.withJobTimeout(Duration.ofMillis(300)));
        QemuGuests.stop(drivers.get(0)); // one driver per directories at a time
        Connection c = open(d, "qemu:///session");
        Domain dom = c.createDomain(guests.xml("locked"));
        QemuDomainObject obj = d.state(settings.session()).lookupByName("locked");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (io.virtkit.support.DomainJobs.Job job = obj.jobs.begin(io.virtkit.support.DomainJobs.Kind.MODIFY,
                    "virDomainAttachDeviceFlags")) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        held.await();
        try {
            assertThatThrownBy(dom::suspend).isInstanceOf(VirtException.class)
                    .hasMessage("Timed out during operation: cannot acquire state change lock "
                            + "(held by virDomainAttachDeviceFlags)")
                    .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT));
            assertThat(dom.state()).isEqualTo(st(DomainStateReason.RUNNING_BOOTED));
        } finally {
            release.countDown();
            holder.join();
        }
        dom.suspend();
        assertThat(dom.state()).isEqualTo(st(DomainStateReason.PAUSED_USER));
        dom.destroy();
    }

    @Test
    void autodestroyDomainsGoWithTheirConnection() throws Exception {
        Connection other = open(drivers.get(0), "qemu:///session");
        Domain d = other.createDomain(guests.xml("ephemeral"), StartFlag.AUTODESTROY);
        Domain keep = other.createDomain(guests.xml("keeper"));
        other.close();
        assertThat(guests.processesOf(d.uuid())).isEmpty();
        assertThat(conn.listAllDomains()).extracting(Domain::name).containsExactly("keeper");
        conn.lookupDomainByName("keeper").destroy();
        assertThat(guests.processesOf(keep.uuid())).isEmpty();
    }

    @Test
    void consoleAndVncValuesAppearInTheLiveXmlAndTheConsoleOpens() throws Exception {
        Domain d = conn.createDomain(guests.xml("tty", "<devices><serial type='pty'><target port='0'/></serial>"
                + "<console type='pty'><target type='serial' port='0'/></console>"
                + "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>"), StartFlag.PAUSED);
        String live = d.xml();
        assertThat(live).containsPattern("<source path='/dev/pts/\\d+'/>");
        assertThat(live).containsPattern("<graphics type='vnc' port='59\\d\\d' autoport='yes'");
        try (var console = d.openConsole(null)) {
            assertThat(console.input()).isNotNull();
            console.output().write('\n');
            console.output().flush();
        }
        // Detaching wakes a reader blocked on the console (the guest is paused: nothing will arrive), so the
        // next attach is not robbed of the guest's output by a stale reader.
        var attached = d.openConsole(null);
        CountDownLatch readerDone = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                attached.input().read();
            } catch (java.io.IOException expected) {
                // closed under the reader: what detaching must do
            } finally {
                readerDone.countDown();
            }
        });
        reader.start();
        Thread.sleep(200);
        attached.close();
        assertThat(readerDone.await(10, TimeUnit.SECONDS)).as("a blocked console read ends on close").isTrue();
        assertThat(d.xml(XmlFlag.INACTIVE)).doesNotContain("/dev/pts/");
        d.destroy();
    }

    @Test
    void statsAndCpuTime() throws Exception {
        Domain d = conn.createDomain(guests.xml("busy")); // running SeaBIOS under TCG burns some CPU
        await(() -> d.info().cpuTimeNanos() > 0);
        var stats = d.stats().fields();
        assertThat(stats).containsEntry("state.state", 1).containsKey("cpu.time").containsKey("vcpu.0.time")
                .containsEntry("block.count", 0);
        d.destroy();
    }

    @Test
    void domainXmlToNativeGivesTheCommandLine() {
        String argv = conn.domainXmlToNative("qemu-argv", guests.xml("native"));
        assertThat(argv).startsWith(QemuGuests.EMULATOR + " ").contains("-name").contains("guest=native");
        assertThatThrownBy(() -> conn.domainXmlToNative("xen-xm", guests.xml("native")))
                .isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG));
    }
}
