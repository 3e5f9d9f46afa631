package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.ClientIdentity;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimTasks;

/**
 * Simulator test: the ESX connection when things go wrong: its session ended by someone else, the server
 * killed, a define the server refuses, a wrong password. Each ends with libvirt's wording and nothing left.
 */
class EsxRobustnessSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final OwnSimulator OWN = new OwnSimulator(VcsimFixture.Options.esx(1));

    @TempDir
    Path home;

    static HypervisorConnection open(VcsimFixture fixture, EsxSettings settings, ConnectionEvents events,
            AuthCallback auth) {
        return new EsxDriver(settings.withCaFiles(List.of(fixture.certificate())), Map.of("HOME", "/nonexistent"))
                .open(new OpenRequest(URI.create(EsxDrivers.uri(fixture, null)), false, auth, ClientIdentity.UNKNOWN),
                        events).orElseThrow();
    }

    /** The session terminated from another session: the next call logs in again on its own. */
    @Test
    void aSessionEndedByAnotherSessionLogsInAgain() throws Exception {
        try (VimAdmin admin = VimAdmin.login(OWN.get())) {
            Set<String> before = admin.otherSessions();
            try (HypervisorConnection conn = EsxDrivers.open(OWN.get())) {
                Set<String> virtkits = new HashSet<>(admin.otherSessions());
                virtkits.removeAll(before);
                assertThat(virtkits).hasSize(1);
                admin.terminate(virtkits.iterator().next());
                assertThat(admin.otherSessions()).doesNotContainAnyElementsOf(virtkits);

                assertThat(conn.listAllDomains(0)).extracting(DomainRef::name).contains("ha-host_VM0");
                Set<String> now = new HashSet<>(admin.otherSessions());
                now.removeAll(before);
                assertThat(now).hasSize(1).doesNotContainAnyElementsOf(virtkits);
            }
            assertThat(admin.otherSessions()).isEqualTo(before); // closing logged out
        }
    }

    /** The watch's collector ends with its session: it is set up again and reports what changes next. */
    @Test
    void theEventsWatchOutlivesItsSession() throws Exception {
        RecordedDomainEvents events = new RecordedDomainEvents();
        try (VimAdmin admin = VimAdmin.login(OWN.get())) {
            Set<String> before = admin.otherSessions();
            try (HypervisorConnection listening = open(OWN.get(), EsxSettings.DEFAULTS.withCallTimeout(Duration.ofSeconds(6)),
                    events, EsxDrivers.password(OWN.get())); HypervisorConnection other = EsxDrivers.open(OWN.get())) {
                Set<String> sessions = new HashSet<>(admin.otherSessions());
                sessions.removeAll(before);
                DomainRef d = other.defineDomain(EsxDomainEventsSimulatorTest.vmXml("outlives"), 0);
                events.await("outlives", DomainEventDetail.DEFINED_ADDED, WAIT);
                sessions.forEach(admin::terminate); // both Virtkit sessions: the listener's and the other's
                EsxDomainEvents watcher = ((EsxConnection) listening).domainEvents();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (watcher.watches() < 2) { // the next long poll finds the collector gone and sets up another
                    assertThat(System.nanoTime()).as("watch set up again").isLessThan(deadline);
                    Thread.sleep(50);
                }
                other.startDomain(d, 0);
                events.await("outlives", DomainEventDetail.STARTED_BOOTED, WAIT);
                other.destroyDomain(d, 0);
                other.undefineDomain(d, 0);
                events.awaitExactly(d.uuid(), List.of(DomainEventDetail.DEFINED_ADDED, DomainEventDetail.STARTED_BOOTED,
                        DomainEventDetail.STOPPED_DESTROYED, DomainEventDetail.UNDEFINED_REMOVED), WAIT);
            }
        }
    }

    /** A define whose RegisterVM fails (the .vmx path is another VM's) registers nothing and leaves its file. */
    @Test
    void aDefineTheServerRefusesLeavesNothing() throws Exception {
        try (VimAdmin admin = VimAdmin.login(OWN.get()); HypervisorConnection conn = EsxDrivers.open(OWN.get())) {
            DomainRef first = conn.defineDomain(vmXml("dup", "shared"), 0);
            Path vmx = datastoreFile("shared/dup.vmx");
            byte[] firstVmx = Files.readAllBytes(vmx);
            MoRef ref = admin.vm(first.uuid());
            new VimTasks(admin.session, admin.properties).run(WAIT, "Rename_Task", ref, VimNode.leaf("newName", "renamed"));
            List<DomainRef> before = conn.listAllDomains(0);

            assertThatThrownBy(() -> conn.defineDomain(vmXml("dup", "shared").replace("<name>", "<uuid>"
                    + "5a3c0f2e-1111-4222-8333-444455556666</uuid><name>"), 0))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                        assertThat(e.domain()).isEqualTo(ErrorDomain.ESX);
                        assertThat(e.getMessage()).contains("Could not define domain: ").contains("AlreadyExists");
                    });
            assertThat(conn.listAllDomains(0)).isEqualTo(before);
            assertThat(Files.readAllBytes(vmx)).isEqualTo(firstVmx); // the first VM's file, as it was
            conn.undefineDomain(conn.lookupDomainByName("renamed"), 0);
        }
    }

    /** A wrong password: libvirt's wording (its virsh says the same), no session and no watch left. */
    @Test
    void aWrongPasswordFailsAsLibvirtsDriverAndLeavesNothing() throws Exception {
        try (VimAdmin admin = VimAdmin.login(OWN.get())) {
            Set<String> before = admin.otherSessions();
            RecordedDomainEvents events = new RecordedDomainEvents();
            Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
            VirtException failure = (VirtException) org.assertj.core.api.Assertions.catchThrowable(() -> open(OWN.get(),
                    EsxSettings.DEFAULTS, events, credentials -> credentials.forEach(c -> c.answer("wrong"))));
            assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(failure.domain()).isEqualTo(ErrorDomain.ESX);
            assertThat(failure.getMessage()).contains("HTTP response code 500 for call to 'Login'. Fault: ServerFaultCode - ");
            String fault = failure.getMessage().substring(failure.getMessage().indexOf("Fault: "));
            LibvirtEsxVirsh.Result libvirt = new LibvirtEsxVirsh(home).run(OWN.get(), "wrong", "list");
            assertThat(libvirt.exit()).isNotZero();
            assertThat(libvirt.err()).contains("HTTP response code 500 for call to 'Login'. " + fault);
            assertThat(admin.otherSessions()).isEqualTo(before);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> !threadsBefore.contains(t)
                    && t.getName().startsWith("virtkit-esx-events"));
        }
    }

    /** The server killed mid-use: a clear error at once, not a hang, and the connection still closes cleanly. */
    @Test
    void aKilledServerFailsCallsClearlyAndTheConnectionCloses() throws Exception {
        VcsimFixture doomed = VcsimFixture.start(VcsimFixture.Options.esx(1));
        try {
            RecordedDomainEvents events = new RecordedDomainEvents();
            HypervisorConnection conn = open(doomed, EsxSettings.DEFAULTS.withCallTimeout(Duration.ofSeconds(5)),
                    events, EsxDrivers.password(doomed));
            DomainRef vm = conn.lookupDomainByName("ha-host_VM0");
            doomed.handle().destroyForcibly();
            doomed.handle().onExit().get();
            // what the connection read a moment ago answers again for EsxInventory.FRESH_NANOS; then it asks
            Thread.sleep(Duration.ofNanos(EsxInventory.FRESH_NANOS).toMillis() + 1);

            long start = System.nanoTime();
            assertThatThrownBy(() -> conn.domainState(vm, 0)).isInstanceOfSatisfying(VirtException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                assertThat(e.domain()).isEqualTo(ErrorDomain.ESX);
                assertThat(e.getMessage()).contains("127.0.0.1:" + doomed.port());
            });
            assertThatThrownBy(() -> conn.listAllDomains(0)).isInstanceOf(VirtException.class)
                    .hasMessageContaining("cannot reach https://127.0.0.1:" + doomed.port());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            EsxDomainEvents watcher = ((EsxConnection) conn).domainEvents();
            start = System.nanoTime();
            conn.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(watcher.running()).isFalse();
            assertThat(events.all()).isEmpty();
        } finally {
            doomed.close();
        }
    }

    static String vmXml(String name, String dir) {
        return EsxDomainEventsSimulatorTest.vmXml(name).replace("[LocalDS_0] " + name + "/", "[LocalDS_0] " + dir + "/");
    }

    /** A file of the simulator's datastore LocalDS_0 (a directory below the simulator's own). */
    static Path datastoreFile(String relative) throws Exception {
        return datastoreFile(OWN.get(), relative);
    }

    static Path datastoreFile(VcsimFixture fixture, String relative) throws Exception {
        try (Stream<Path> paths = Files.walk(fixture.directory())) {
            return paths.filter(p -> p.toString().endsWith("/" + relative)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + relative + " below " + fixture.directory()));
        }
    }

    static boolean anyFileNamed(VcsimFixture fixture, String name) throws Exception {
        try (Stream<Path> paths = Files.walk(fixture.directory())) {
            return paths.anyMatch(p -> p.getFileName().toString().equals(name));
        }
    }
}
