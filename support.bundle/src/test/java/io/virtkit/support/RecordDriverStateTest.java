package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.support.FakeRecordDriver.FakeConnection;
import io.virtkit.support.FakeRecordDriver.FakeDomain;
import io.virtkit.support.FakeRecordDriver.FakeState;

/**
 * The shared record-driver base on a fake driver: operations serialized by the domain's jobs, a domain
 * answering only once its reconnect is done, and libvirt's wording where they fail.
 */
class RecordDriverStateTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path base;

    private final java.util.List<FakeState> states = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        states.forEach(FakeState::close);
    }

    private FakeState newState(Duration jobWait) throws Exception {
        FakeState s = new FakeState(base, jobWait);
        states.add(s);
        return s;
    }

    private FakeState loaded(Duration jobWait) throws Exception {
        FakeState s = newState(jobWait);
        s.load();
        return s;
    }

    private static void assertVirtError(Runnable call, ErrorCode code, ErrorDomain domain, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(domain);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aRedefineWaitsForTheStartThatHoldsTheModifyJobWhileQueriesAnswer() throws Exception {
        FakeState state = loaded(WAIT);
        UUID uuid = UUID.randomUUID();
        FakeDomain d = state.define(FakeRecordDriver.xml("vm", uuid));
        state.launchGate = new CountDownLatch(1);
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> state.start(d, null, Set.of()));
        FakeRecordDriver.await(state.launching);

        CompletableFuture<FakeDomain> redefine = CompletableFuture.supplyAsync(
                () -> state.define(FakeRecordDriver.xml("vm", uuid).replace("<vcpu>1", "<vcpu>2")));
        // a QUERY runs beside the start's MODIFY job
        assertThat(state.state(d).reason()).isEqualTo(DomainStateReason.SHUTOFF_UNKNOWN);
        assertThat(state.xml(d, Set.of())).contains("<name>vm</name>");
        assertThat(d.jobs().describe()).containsExactly("MODIFY virDomainCreateWithFlags");
        Thread.sleep(100);
        assertThat(redefine).as("the redefine waits for the start's job").isNotDone();

        state.launchGate.countDown();
        start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(redefine.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(d);
        assertThat(d.definition().vcpus()).isEqualTo(2);
        assertThat(state.xml(d, Set.of())).as("the run keeps its definition").contains(">1</vcpu>");
        assertThat(d.isActive()).isTrue();
    }

    @Test
    void aJobThatWaitsInVainSaysWhichJobHoldsTheDomain() throws Exception {
        FakeState state = loaded(Duration.ofMillis(200));
        FakeDomain d = state.define(FakeRecordDriver.xml("vm", UUID.randomUUID()));
        state.launchGate = new CountDownLatch(1);
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> state.start(d, null, Set.of()));
        FakeRecordDriver.await(state.launching);
        try {
            assertVirtError(() -> state.setAutostart(d, true), ErrorCode.OPERATION_TIMEOUT, ErrorDomain.DOMAIN,
                    "cannot acquire state change lock (held by virDomainCreateWithFlags)");
            assertVirtError(() -> state.undefine(d), ErrorCode.OPERATION_TIMEOUT, ErrorDomain.DOMAIN,
                    "cannot acquire state change lock (held by virDomainCreateWithFlags)");
        } finally {
            state.launchGate.countDown();
        }
        start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(d.isPersistent()).as("the undefine that timed out changed nothing").isTrue();
    }

    @Test
    void aRestartedDriverActivatesAtOnceAndEachDomainAnswersOnceItsReconnectIsDone() throws Exception {
        FakeState first = loaded(WAIT);
        for (String name : new String[] {"a", "b"}) {
            first.start(first.define(FakeRecordDriver.xml(name, UUID.randomUUID())), null, Set.of());
        }
        first.close();

        FakeState second = newState(WAIT);
        second.reconnectGate = new CountDownLatch(1);
        second.load(); // returns while the reconnects wait
        FakeConnection c = second.connect();
        CompletableFuture<DomainRef> lookup = CompletableFuture.supplyAsync(() -> c.lookupDomainByName("a"));
        Thread.sleep(100);
        assertThat(lookup).as("a domain answers once its reconnect is done").isNotDone();
        assertThat(second.lookupByName("a").ready()).isNotDone();
        assertThat(second.activation()).isNotDone();

        second.reconnectGate.countDown();
        DomainRef a = lookup.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.activation().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(c.domainIsActive(a)).isTrue();
        assertThat(c.domainState(a, 0).reason()).isEqualTo(DomainStateReason.RUNNING_UNKNOWN);
        assertThat(second.activationTasks).containsExactlyInAnyOrder("a", "b");
        // ids go on after the ones taken over
        FakeDomain b = second.lookupByName("b");
        FakeDomain n = second.define(FakeRecordDriver.xml("n", UUID.randomUUID()));
        second.start(n, null, Set.of());
        assertThat(n.id()).isGreaterThan(Math.max(second.lookupByName("a").id(), b.id()));
    }

    @Test
    void aCallThatWaitsInVainForAReconnectSaysSo() throws Exception {
        FakeState first = loaded(WAIT);
        first.start(first.define(FakeRecordDriver.xml("slow", UUID.randomUUID())), null, Set.of());
        first.close();

        FakeState second = newState(Duration.ofMillis(200));
        second.reconnectGate = new CountDownLatch(1);
        try {
            second.load();
            FakeConnection c = second.connect();
            assertVirtError(() -> c.lookupDomainByName("slow"), ErrorCode.OPERATION_TIMEOUT, ErrorDomain.DOMAIN,
                    "cannot acquire state change lock (held by fakeReconnect)");
        } finally {
            second.reconnectGate.countDown();
        }
    }

    @Test
    void autostartDomainsStartInTheirActivationTask() throws Exception {
        FakeState first = loaded(WAIT);
        FakeDomain d = first.define(FakeRecordDriver.xml("auto", UUID.randomUUID()));
        first.setAutostart(d, true);
        first.close();

        FakeState second = loaded(WAIT);
        second.activation().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        FakeDomain again = second.lookupByName("auto");
        assertThat(again.isActive()).isTrue();
        assertThat(again.isAutostart()).isTrue();
        assertThat(second.activationTasks).containsExactly("auto");
    }

    @Test
    void unreadableStatusFilesAndDefinitionsAreLeftOutAndTheRestLoads() throws Exception {
        FakeState first = loaded(WAIT);
        first.define(FakeRecordDriver.xml("good", UUID.randomUUID()));
        first.close();
        Path status = DriverDirs.under(base).statusFile("broken");
        Files.writeString(status, "not a status file");
        Files.writeString(DriverDirs.under(base).config().resolve("bad.xml"), "<domain");

        FakeState second = loaded(WAIT);
        assertThat(second.snapshot()).extracting(FakeDomain::name).containsExactly("good");
        assertThat(status).doesNotExist();
    }

    @Test
    void theStandardOperationsFailAsLibvirtsDo() throws Exception {
        FakeState state = loaded(WAIT);
        FakeDomain d = state.define(FakeRecordDriver.xml("vm", UUID.randomUUID()));
        state.start(d, null, Set.of());

        assertVirtError(() -> state.start(d, null, Set.of()), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "domain is already running");
        assertVirtError(() -> state.define(FakeRecordDriver.xml("vm", UUID.randomUUID())),
                ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain 'vm' already exists");
        assertVirtError(() -> state.define("<domain type='kvm'><name>x</name><memory>1024</memory><os><type>hvm</type></os></domain>"),
                ErrorCode.INVALID_ARG, ErrorDomain.CAPABILITIES, "could not find capabilities");
        FakeDomain t = state.create(FakeRecordDriver.xml("transient", UUID.randomUUID()), null, Set.of());
        assertVirtError(() -> state.setAutostart(t, true), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "cannot set autostart for transient domain");
        assertVirtError(() -> state.undefine(t), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "cannot undefine transient domain");
        state.destroy(t);
        assertVirtError(() -> state.lookupByName("transient"), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "no domain with matching name 'transient'");
    }

    @Test
    void closingAConnectionDestroysWhatItStartedWithAutodestroyAndTheDriverLetsGoOfTheRest() throws Exception {
        FakeState state = loaded(WAIT);
        FakeConnection c = state.connect();
        FakeDomain owned = state.create(FakeRecordDriver.xml("owned", UUID.randomUUID()), c,
                Set.of(StartFlag.AUTODESTROY));
        FakeDomain kept = state.define(FakeRecordDriver.xml("kept", UUID.randomUUID()));
        state.start(kept, c, Set.of());

        c.close();
        assertThat(owned.state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(state.snapshot()).extracting(FakeDomain::name).containsExactly("kept");
        assertThat(kept.isActive()).isTrue();

        FakeConnection other = state.connect();
        state.close();
        assertThat(other.isOpen()).isFalse();
        assertThat(kept.isActive()).as("the driver going away stops no guest").isTrue();
        assertThat(state.events).containsExactly("letGo");
    }

    @Test
    void aStateWhoseDirectoriesCannotBeUsedFailsOnlyItsOpen() throws Exception {
        Path file = Files.writeString(base.resolve("file"), "");
        DriverStates<FakeDomain, FakeConnection, FakeState> states = new DriverStates<>("FAKE", ErrorDomain.TEST);
        DriverDirs broken = DriverDirs.under(file); // below a plain file: cannot be created
        states.load(broken, x -> new FakeState(file, WAIT));
        DriverDirs good = DriverDirs.under(base.resolve("good"));
        states.load(good, x -> new FakeState(base.resolve("good"), WAIT));

        assertThat(states.open(good, "fake:///system", FakeConnection::new)).isPresent();
        assertVirtError(() -> states.open(broken, "fake:///session", FakeConnection::new),
                ErrorCode.OPERATION_FAILED, ErrorDomain.TEST, "cannot use the FAKE driver's directories for fake:///session: ");
        states.close();
        assertThat(states.open(good, "fake:///system", FakeConnection::new)).isEmpty();
    }
}
