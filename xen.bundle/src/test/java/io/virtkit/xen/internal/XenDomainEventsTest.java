package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.xen.internal.XenEventSink.Event;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * Lifecycle events on the real Xen nested under QEMU, for changes made by the driver and by {@code xl} typed in
 * dom0; the xenstore watch starts when someone listens and leaves nothing running in dom0 after close.
 */
class XenDomainEventsTest {

    private static final Duration EVENT = Duration.ofSeconds(90);
    private static final String XL_GUEST = "vk-ev-xl";
    private static final String OWN_GUEST = "vk-ev-own";
    /**
     * The process ids of xenstore-watch commands running in dom0 (not a zombie of that name dom0 may show: its
     * cmdline is empty). One grep reads every cmdline: a grep per process cost 1-3 s a count under TCG.
     */
    private static final String WATCHER_PIDS = "for f in $(grep -ls '^xenstore-watch' /proc/[0-9]*/cmdline); do "
            + "p=${f%/cmdline}; echo ${p#/proc/}; done; true";

    private static XenHostFixture xen;
    private final List<HypervisorConnection> connections = new ArrayList<>();
    private XenEventSink sink;
    private HypervisorConnection conn;

    @BeforeAll
    static void boot() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
    }

    @BeforeEach
    void open() {
        sink = new XenEventSink("vk-ev-");
        conn = open(sink);
    }

    private HypervisorConnection open(io.virtkit.api.driver.ConnectionEvents events) {
        HypervisorConnection opened = XenDrivers.open(xen, events);
        connections.add(opened);
        return opened;
    }

    @AfterEach
    void cleanUp() throws IOException {
        connections.forEach(HypervisorConnection::close);
        xen.run("for d in " + XL_GUEST + " " + OWN_GUEST + "; do xl destroy $d 2>/dev/null; rm -f /etc/virtkit/xen/$d.xml"
                + " /run/virtkit/xen/$d.xml; done; rm -f /tmp/" + XL_GUEST + ".cfg", Duration.ofSeconds(60));
    }

    @Test
    void theWatchRunsOnlyWhileSomeoneListensAndCloseLeavesNothingInDom0() throws Exception {
        XenDomainEvents events = ((XenConnection) conn).domainEvents();
        assertThat(events.begun()).isFalse();
        awaitWatchers(0);

        sink.listen();
        assertThat(events.begun()).isTrue();
        awaitWatchers(2); // @introduceDomain and @releaseDomain

        conn.close();
        awaitWatchers(0);
        assertThat(events.watch().unavailable()).isFalse();
    }

    @Test
    void xlTypedInDom0IsReported() throws Exception {
        sink.listen();
        xlCreate("");
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.STARTED_BOOTED));

        xen.runChecked("xl pause " + XL_GUEST);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.SUSPENDED_PAUSED));
        xen.runChecked("xl unpause " + XL_GUEST);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.RESUMED_UNPAUSED));

        xen.runChecked("xl destroy " + XL_GUEST);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.STOPPED_DESTROYED));
        assertThat(sink.poll(Duration.ofSeconds(3))).isNull();
    }

    @Test
    void aGuestShutDownFromDom0IsReportedAsShutdown() throws Exception {
        sink.listen();
        // the guest's kernel runs poweroff_cmd on xl's request: set to busybox's poweroff on its command line
        xlCreate(" sysctl.kernel.poweroff_cmd=\"/bin/busybox poweroff -f\"");
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.STARTED_BOOTED));
        // the request is heard once the guest's kernel watches xenstore: its init has run by then
        xen.runChecked("i=0; until grep -qs VIRTKIT-GUEST-UP /var/log/xen/console/guest-" + XL_GUEST
                + ".log; do i=$((i+1)); [ $i -gt 900 ] && exit 1; sleep 0.2; done");

        xen.runChecked("xl shutdown " + XL_GUEST);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.STOPPED_SHUTDOWN));
        assertThat(sink.poll(Duration.ofSeconds(3))).isNull();
    }

    @Test
    void theDriversOwnChangesAreReportedOnceEach() throws Exception {
        sink.listen();
        DomainRef defined = conn.defineDomain(XenGuests.pv(OWN_GUEST, 128), 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.DEFINED_ADDED));
        conn.startDomain(defined, 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.STARTED_BOOTED));
        DomainRef running = conn.lookupDomainByName(OWN_GUEST);
        conn.suspendDomain(running);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.SUSPENDED_PAUSED));
        conn.resumeDomain(running);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.RESUMED_UNPAUSED));
        conn.destroyDomain(running, 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.STOPPED_DESTROYED));
        conn.undefineDomain(defined, 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.UNDEFINED_REMOVED));
        assertThat(sink.poll(Duration.ofSeconds(3))).isNull();
    }

    @Test
    void definitionsAnotherVirtkitChangesAreReported() throws Exception {
        sink.listen();
        HypervisorConnection other = open(io.virtkit.api.driver.ConnectionEvents.NONE);
        DomainRef defined = other.defineDomain(XenGuests.pv(OWN_GUEST, 128), 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.DEFINED_ADDED));
        other.defineDomain(XenGuests.pv(OWN_GUEST, 128).replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>")
                .replace("<name>", "<uuid>" + defined.uuid() + "</uuid><name>"), 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.DEFINED_UPDATED));
        other.undefineDomain(defined, 0);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(OWN_GUEST, DomainEventDetail.UNDEFINED_REMOVED));
        assertThat(sink.poll(Duration.ofSeconds(3))).isNull();
    }

    @Test
    void aLostSessionIsWatchedAgainAndWhatChangedMeanwhileIsReported() throws Exception {
        sink.listen();
        XenDomainEvents events = ((XenConnection) conn).domainEvents();
        awaitWatchers(2);
        // the connection's dropbear: the parent of the shell whose children are the watchers
        xen.runChecked("w=$({ " + WATCHER_PIDS + "; } | head -n 1); sh=$(cut -d' ' -f4 /proc/$w/stat); "
                + "kill $(cut -d' ' -f4 /proc/$sh/stat)");
        xlCreate("");
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.STARTED_BOOTED));
        long deadline = System.nanoTime() + EVENT.toNanos();
        while (events.watch().starts() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(events.watch().starts()).isEqualTo(2);
        awaitWatchers(2);
        xen.runChecked("xl destroy " + XL_GUEST);
        assertThat(sink.next(EVENT)).isEqualTo(new Event(XL_GUEST, DomainEventDetail.STOPPED_DESTROYED));
    }

    @Test
    void anXlCreateStillBuildingIsSeenAndTheDaemonItLeavesIsNot() throws Exception {
        try (XenContext context = XenContext.open(OpenRequest.of(xen.uri()), XenSettings.DEFAULTS,
                Path.of(System.getProperty("user.home"))).orElseThrow()) {
            XlDaemonLogs logs = new XlDaemonLogs(context.xl);
            assertThat(logs.read(Map.of()).xlBuilding()).isFalse();
            // the create waits in its vif's hotplug script until the test lets it go: a build as slow as we like
            xen.runChecked("rm -f /tmp/vk-ev-release; printf '#!/bin/sh\\nwhile [ ! -e /tmp/vk-ev-release ]; do "
                    + "sleep 0.2; done\\nexec /etc/xen/scripts/vif-bridge \"$@\"\\n' > /tmp/vk-ev-hold-vif; "
                    + "chmod +x /tmp/vk-ev-hold-vif");
            writeXlConfig("", "vif = ['bridge=xenbr0,script=/tmp/vk-ev-hold-vif']\n");
            xen.runChecked("(xl create /tmp/" + XL_GUEST + ".cfg >/tmp/" + XL_GUEST + ".out 2>&1 &)");
            xen.runChecked("i=0; until ps | grep -q '[v]k-ev-hold-vif'; do i=$((i+1)); [ $i -gt 600 ] && exit 1; "
                    + "sleep 0.2; done");
            assertThat(logs.read(Map.of()).xlBuilding()).isTrue();
            assertThat(xen.runChecked("xl list -v " + XL_GUEST)).contains("--p---");

            xen.runChecked("touch /tmp/vk-ev-release; i=0; until xl list -v " + XL_GUEST + " | grep -q ' -[-b]---- '"
                    + " || xl list -v " + XL_GUEST + " | grep -q ' r----- '; do i=$((i+1)); [ $i -gt 900 ] && exit 1; "
                    + "sleep 0.2; done; i=0; until grep -qs 'to die' /var/log/xen/xl-" + XL_GUEST + ".log; do "
                    + "i=$((i+1)); [ $i -gt 300 ] && exit 1; sleep 0.2; done");
            // the create is done; the daemon xl left to wait for the domain is a session leader: no build
            assertThat(logs.read(Map.of()).xlBuilding()).isFalse();
        } finally {
            // a create still held lets go (the release file stays: the next run removes it before it holds one)
            xen.run("touch /tmp/vk-ev-release; rm -f /tmp/" + XL_GUEST + ".out", Duration.ofSeconds(30));
        }
    }

    /** {@code xl create} typed in dom0: a PV guest of the test kernel, {@code extra} added to its command line. */
    private static void xlCreate(String extra) throws IOException {
        writeXlConfig(extra, "");
        xen.runChecked("xl create /tmp/" + XL_GUEST + ".cfg");
    }

    private static void writeXlConfig(String extra, String moreLines) throws IOException {
        String dir = XenHostFixture.guestDirectory();
        xen.runChecked("cat > /tmp/" + XL_GUEST + ".cfg <<'EOF'\nname = \"" + XL_GUEST + "\"\ntype = \"pv\"\n"
                + "kernel = \"" + XenHostFixture.guestKernel() + "\"\nramdisk = \"" + dir + "/initrd\"\nmemory = 128\nvcpus = 1\n"
                + "extra = 'console=hvc0 loglevel=4" + extra + "'\n" + moreLines + "EOF");
    }

    private static int watchers() throws IOException {
        return (int) xen.runChecked(WATCHER_PIDS).lines().filter(line -> !line.isBlank()).count();
    }

    private static void awaitWatchers(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (watchers() != count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(watchers()).as("xenstore-watch processes in dom0:\n%s", xen.runChecked("ps")).isEqualTo(count);
    }
}
