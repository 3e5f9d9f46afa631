package io.virtkit.esx.internal;

import static io.virtkit.api.DomainEventDetail.DEFINED_ADDED;
import static io.virtkit.api.DomainEventDetail.RESUMED_UNPAUSED;
import static io.virtkit.api.DomainEventDetail.STARTED_BOOTED;
import static io.virtkit.api.DomainEventDetail.STOPPED_DESTROYED;
import static io.virtkit.api.DomainEventDetail.STOPPED_SHUTDOWN;
import static io.virtkit.api.DomainEventDetail.SUSPENDED_PAUSED;
import static io.virtkit.api.DomainEventDetail.UNDEFINED_REMOVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * Simulator test: an ESX connection reports its domains' lifecycle events whoever changes them: another
 * session of Virtkit's, libvirt's own ESX driver (Debian's virsh), the connection itself. The simulator is the
 * class's own (the tests change its inventory); each test waits for the events it means.
 */
class EsxDomainEventsSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final OwnSimulator OWN = new OwnSimulator(VcsimFixture.Options.esx(1));

    @TempDir
    Path home;

    static String vmXml(String name) {
        return """
                <domain type='vmware'>
                  <name>%s</name>
                  <memory unit='KiB'>65536</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='[LocalDS_0] %s/disk.vmdk'/>
                      <target dev='sda' bus='scsi'/>
                    </disk>
                    <controller type='scsi' index='0' model='lsilogic'/>
                  </devices>
                </domain>""".formatted(name, name);
    }

    @Test
    void reportsTheLifecycleOfAVmChangedByAnotherSession() throws Exception {
        RecordedDomainEvents events = new RecordedDomainEvents();
        try (HypervisorConnection listening = EsxDrivers.open(OWN.get(), events);
                HypervisorConnection other = EsxDrivers.open(OWN.get())) {
            DomainRef d = other.defineDomain(vmXml("events-other"), 0);
            events.await("events-other", DEFINED_ADDED, WAIT);
            other.startDomain(d, 0);
            assertThat(events.await("events-other", STARTED_BOOTED, WAIT).domain().id())
                    .isEqualTo(other.domainId(d)).isPositive();
            other.suspendDomain(d);
            events.await("events-other", SUSPENDED_PAUSED, WAIT);
            other.resumeDomain(d);
            events.await("events-other", RESUMED_UNPAUSED, WAIT);
            other.destroyDomain(d, 0);
            assertThat(events.await("events-other", STOPPED_DESTROYED, WAIT).domain().id()).isEqualTo(-1);
            other.undefineDomain(d, 0);
            events.awaitExactly(d.uuid(), List.of(DEFINED_ADDED, STARTED_BOOTED, SUSPENDED_PAUSED, RESUMED_UNPAUSED,
                    STOPPED_DESTROYED, UNDEFINED_REMOVED), WAIT);
            assertThat(events.all()).extracting(r -> r.domain().name()).containsOnly("events-other");
        }
    }

    @Test
    void aGuestShutdownAskedByTheConnectionIsReportedAsAShutdown() throws Exception {
        RecordedDomainEvents events = new RecordedDomainEvents();
        try (HypervisorConnection listening = EsxDrivers.open(OWN.get(), events);
                HypervisorConnection other = EsxDrivers.open(OWN.get())) {
            DomainRef d = other.defineDomain(vmXml("events-shutdown"), 0);
            other.startDomain(d, 0);
            events.await("events-shutdown", STARTED_BOOTED, WAIT);
            listening.shutdownDomain(d, 0);
            events.await("events-shutdown", STOPPED_SHUTDOWN, WAIT);
            other.startDomain(d, 0);
            events.awaitExactly(d.uuid(), List.of(DEFINED_ADDED, STARTED_BOOTED, STOPPED_SHUTDOWN, STARTED_BOOTED), WAIT);
            other.destroyDomain(d, 0); // not asked of the guest: destroyed
            events.awaitExactly(d.uuid(), List.of(DEFINED_ADDED, STARTED_BOOTED, STOPPED_SHUTDOWN, STARTED_BOOTED,
                    STOPPED_DESTROYED), WAIT);
            other.undefineDomain(d, 0);
            events.await("events-shutdown", UNDEFINED_REMOVED, WAIT);
        }
    }

    /** The reference makes the changes: libvirt's ESX driver (virsh) starts, suspends and stops a VM. */
    @Test
    void reportsChangesMadeThroughLibvirtsEsxDriver() throws Exception {
        LibvirtEsxVirsh libvirt = new LibvirtEsxVirsh(home);
        RecordedDomainEvents events = new RecordedDomainEvents();
        try (HypervisorConnection listening = EsxDrivers.open(OWN.get(), events);
                HypervisorConnection other = EsxDrivers.open(OWN.get())) {
            DomainRef d = other.defineDomain(vmXml("events-virsh"), 0);
            events.await("events-virsh", DEFINED_ADDED, WAIT);
            libvirt.virsh(OWN.get(), "start", "events-virsh");
            events.await("events-virsh", STARTED_BOOTED, WAIT);
            libvirt.virsh(OWN.get(), "suspend", "events-virsh");
            events.await("events-virsh", SUSPENDED_PAUSED, WAIT);
            libvirt.virsh(OWN.get(), "resume", "events-virsh");
            events.await("events-virsh", RESUMED_UNPAUSED, WAIT);
            libvirt.virsh(OWN.get(), "destroy", "events-virsh");
            events.await("events-virsh", STOPPED_DESTROYED, WAIT);
            libvirt.virsh(OWN.get(), "undefine", "events-virsh");
            events.awaitExactly(d.uuid(), List.of(DEFINED_ADDED, STARTED_BOOTED, SUSPENDED_PAUSED, RESUMED_UNPAUSED,
                    STOPPED_DESTROYED, UNDEFINED_REMOVED), WAIT);
        }
    }

    /** Other calls go on while the watch's long poll is pending (the HTTP client opens another connection). */
    @Test
    void callsAnswerWhileTheWatchWaitsAndClosingStopsIt() throws Exception {
        RecordedDomainEvents events = new RecordedDomainEvents();
        HypervisorConnection conn = EsxRobustnessSimulatorTest.open(OWN.get(),
                EsxSettings.DEFAULTS.withCallTimeout(Duration.ofSeconds(40)), events, EsxDrivers.password(OWN.get()));
        EsxDomainEvents watcher = ((EsxConnection) conn).domainEvents();
        assertThat(watcher.watches()).isEqualTo(1);
        assertThat(watcher.running()).isTrue();
        for (int i = 0; i < 20; i++) { // each answers at once though a 30 s wait is pending beside it
            assertThat(conn.listAllDomains(0)).isNotEmpty();
        }
        long start = System.nanoTime();
        conn.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(watcher.running()).isFalse();
        assertThat(events.all()).isEmpty();
    }

    /** Through vCenter (vpx://) the watch covers the chosen host's VMs only. */
    @Test
    void reportsTheChangesOfTheHostsVmsThroughVcenter() throws Exception {
        try (VcsimFixture vcenter = VcsimFixture.start(VcsimFixture.Options.vcenter(1, 1))) {
            RecordedDomainEvents events = new RecordedDomainEvents();
            try (HypervisorConnection listening = EsxDrivers.open(vcenter, events);
                    HypervisorConnection other = EsxDrivers.open(vcenter)) {
                DomainRef vm = other.lookupDomainByName("DC0_H0_VM0");
                long start = System.nanoTime();
                other.destroyDomain(vm, 0);
                events.await("DC0_H0_VM0", STOPPED_DESTROYED, WAIT);
                System.err.printf("STOPPED_DESTROYED reported %d ms after the destroy began%n",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
                other.startDomain(vm, 0);
                events.awaitExactly(vm.uuid(), List.of(STOPPED_DESTROYED, STARTED_BOOTED), WAIT);
                assertThat(events.all()).extracting(r -> r.domain().name()).containsOnly("DC0_H0_VM0");
            }
        }
    }

    @Test
    void aConnectionNobodyCanListenToDoesNotWatch() throws Exception {
        try (HypervisorConnection conn = EsxDrivers.open(OWN.get(), ConnectionEvents.NONE)) {
            assertThat(((EsxConnection) conn).domainEvents()).isNull();
        }
    }
}
