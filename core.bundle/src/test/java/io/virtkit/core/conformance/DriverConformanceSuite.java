package io.virtkit.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;

/**
 * The contract of the public API that every hypervisor driver must keep, as libvirt's drivers keep it:
 * lifecycle transitions with their states and reasons, the events in order, the errors by code, flags
 * refused when unknown, handles after close, and concurrent define/start/destroy leaving a consistent domain.
 * A driver bundle's test extends it and says how to open a connection and what a startable domain looks
 * like; a new driver starts from this suite failing. Each test starts at most a few domains, so that drivers
 * whose guests are real processes (QEMU under TCG, containers) run it in seconds.
 *
 * <p>Domains the suite makes are named {@code conformance-*}; whatever a failed test leaves is destroyed
 * and undefined afterwards.
 */
public abstract class DriverConformanceSuite {

    /** How long an event may take to arrive. */
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    private final List<Connection> opened = new ArrayList<>();

    /** The driver under test, for the checks made at the sub-driver level (flags). */
    protected abstract HypervisorDriver driver();

    /** The URI the suite opens ({@code test:///default}, {@code qemu:///system}). */
    protected abstract String uri();

    /** A new public connection to {@link #uri()}, through core's factory. */
    protected abstract Connection openConnection();

    /** A definition of a domain this driver can start, stop and pause, with this name and UUID. */
    protected abstract String domainXml(String name, UUID uuid);

    /** A connection opened for this test, closed after it. */
    protected final Connection connection() {
        Connection c = openConnection();
        opened.add(c);
        return c;
    }

    @AfterEach
    void removeWhatTheSuiteMade() {
        try {
            if (!opened.isEmpty() && opened.get(0).isAlive()) {
                for (Domain d : opened.get(0).listAllDomains()) {
                    if (d.name().startsWith("conformance-")) {
                        quietly(d::destroy);
                        quietly(d::undefine);
                    }
                }
            }
        } finally {
            opened.forEach(Connection::close);
            opened.clear();
        }
    }

    static void quietly(Executable call) {
        try {
            call.execute();
        } catch (Throwable e) {
            // not running, already gone: clean-up goes on
        }
    }

    // ---- definitions ----------------------------------------------------------------------------------

    @Test
    void aDefinedDomainIsFoundByNameAndUuidAndIsGoneAfterUndefine() {
        Connection c = connection();
        UUID uuid = UUID.randomUUID();
        Domain d = c.defineDomain(domainXml("conformance-define", uuid));

        assertThat(d.name()).isEqualTo("conformance-define");
        assertThat(d.uuid()).isEqualTo(uuid);
        assertThat(d.id()).isEqualTo(-1);
        assertThat(d.isActive()).isFalse();
        assertThat(d.isPersistent()).isTrue();
        assertThat(d.state().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(c.lookupDomainByName("conformance-define")).isEqualTo(d);
        assertThat(c.lookupDomainByUuid(uuid)).isEqualTo(d);
        assertThat(c.listAllDomains(DomainListFlag.INACTIVE)).contains(d);
        assertThat(c.listAllDomains(DomainListFlag.ACTIVE)).doesNotContain(d);

        d.undefine();

        assertError(() -> c.lookupDomainByName("conformance-define"), ErrorCode.NO_DOMAIN);
        assertError(d::isActive, ErrorCode.NO_DOMAIN);
        assertThat(c.listAllDomains()).doesNotContain(d);
    }

    @Test
    void badXmlIsAnXmlErrorAndDefinesNothing() {
        Connection c = connection();
        int before = c.listAllDomains().size();

        // libvirt: XML_DETAIL for what the parser rejects, XML_ERROR for what the schema or model does
        assertThatThrownBy(() -> c.defineDomain("<domain")).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isIn(ErrorCode.XML_DETAIL, ErrorCode.XML_ERROR));
        assertThat(c.listAllDomains()).hasSize(before);
    }

    @Test
    void aNameHeldByAnotherUuidIsRefusedAndChangesNothing() {
        Connection c = connection();
        UUID first = UUID.randomUUID();
        c.defineDomain(domainXml("conformance-clash", first));

        assertError(() -> c.defineDomain(domainXml("conformance-clash", UUID.randomUUID())),
                ErrorCode.OPERATION_FAILED);
        assertThat(c.lookupDomainByName("conformance-clash").uuid()).isEqualTo(first);
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    @Test
    void startSuspendResumeDestroyGoThroughLibvirtsStatesAndReasonsWithTheirEvents() throws Exception {
        Connection c = connection();
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        c.addDomainEventListener(events::add);
        Domain d = c.defineDomain(domainXml("conformance-life", UUID.randomUUID()));
        expect(events, d, DomainEventDetail.DEFINED_ADDED);

        d.start();
        expect(events, d, DomainEventDetail.STARTED_BOOTED);
        assertThat(d.isActive()).isTrue();
        assertThat(d.id()).isGreaterThanOrEqualTo(0);
        assertThat(d.state().reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
        assertThat(c.lookupDomainById(d.id())).isEqualTo(d);
        assertError(d::start, ErrorCode.OPERATION_INVALID);

        d.suspend();
        expect(events, d, DomainEventDetail.SUSPENDED_PAUSED);
        assertThat(d.state().reason()).isEqualTo(DomainStateReason.PAUSED_USER);

        d.resume();
        expect(events, d, DomainEventDetail.RESUMED_UNPAUSED);
        assertThat(d.state().reason()).isEqualTo(DomainStateReason.RUNNING_UNPAUSED);

        d.destroy();
        expect(events, d, DomainEventDetail.STOPPED_DESTROYED);
        assertThat(d.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        assertThat(d.id()).isEqualTo(-1);
        // libvirt's drivers differ here (the test driver: INTERNAL_ERROR "domain 'x' not running"); all refuse
        assertThatThrownBy(d::suspend).isInstanceOf(VirtException.class);
        assertThat(d.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        assertError(d::destroy, ErrorCode.OPERATION_INVALID);

        d.undefine();
        expect(events, d, DomainEventDetail.UNDEFINED_REMOVED);
    }

    @Test
    void aTransientDomainVanishesWhenDestroyed() {
        Connection c = connection();
        Domain d = c.createDomain(domainXml("conformance-transient", UUID.randomUUID()));

        assertThat(d.isActive()).isTrue();
        assertThat(d.isPersistent()).isFalse();
        assertError(() -> d.setAutostart(true), ErrorCode.OPERATION_INVALID);

        d.destroy();

        assertError(() -> c.lookupDomainByUuid(d.uuid()), ErrorCode.NO_DOMAIN);
    }

    // ---- connections and handles -------------------------------------------------------------------------

    @Test
    void everyHandleIsInvalidOnceItsConnectionClosesAndOtherConnectionsGoOn() {
        Connection c = connection();
        Connection other = connection();
        Domain d = c.defineDomain(domainXml("conformance-handles", UUID.randomUUID()));

        c.close();

        assertError(d::isActive, ErrorCode.INVALID_CONN);
        assertError(d::start, ErrorCode.INVALID_CONN);
        assertError(c::listAllDomains, ErrorCode.INVALID_CONN);
        assertThat(other.lookupDomainByName("conformance-handles").isPersistent()).isTrue();
    }

    @Test
    void unknownFlagsAreRefusedNamingLibvirtsFunction() {
        Connection c = connection();
        Domain d = c.defineDomain(domainXml("conformance-flags", UUID.randomUUID()));
        HypervisorConnection sub = driver().open(OpenRequest.of(uri()), NO_EVENTS).orElseThrow();
        try {
            DomainRef ref = sub.lookupDomainByName("conformance-flags");
            long unknown = 1L << 30;
            assertThatThrownBy(() -> sub.startDomain(ref, unknown)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                    .hasMessage("invalid argument: unsupported flags (0x40000000) in function virDomainCreateWithFlags");
            assertThatThrownBy(() -> sub.domainXml(ref, unknown)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                    .hasMessage("invalid argument: unsupported flags (0x40000000) in function virDomainGetXMLDesc");
            assertThatThrownBy(() -> sub.listAllDomains(unknown)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
            assertThat(d.isActive()).as("a refused start started nothing").isFalse();
        } finally {
            sub.close();
        }
    }

    // ---- concurrency -------------------------------------------------------------------------------------

    /**
     * Starts, destroys and redefinitions of one domain from several threads at once: each call either
     * happens or fails with OPERATION_INVALID (already running, not running), and afterwards the domain is
     * listed once, in a state its last events explain.
     */
    @Test
    void concurrentDefineStartAndDestroyLeaveOneConsistentDomain() throws Exception {
        Connection c = connection();
        UUID uuid = UUID.randomUUID();
        String xml = domainXml("conformance-race", uuid);
        c.defineDomain(xml);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            Executable[] jobs = {
                () -> c.lookupDomainByUuid(uuid).start(),
                () -> c.lookupDomainByUuid(uuid).destroy(),
                () -> c.defineDomain(xml),
            };
            for (Executable job : jobs) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < rounds(); i++) {
                        try {
                            job.execute();
                        } catch (VirtException e) {
                            if (e.code() != ErrorCode.OPERATION_INVALID) {
                                unexpected.add(e);
                            }
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(unexpected).isEmpty();
        List<Domain> listed = c.listAllDomains().stream().filter(d -> d.uuid().equals(uuid)).toList();
        assertThat(listed).hasSize(1);
        Domain d = listed.get(0);
        assertThat(d.isPersistent()).isTrue();
        assertThat(d.isActive()).isEqualTo(d.state().state() != DomainState.SHUTOFF);
        assertThat(d.isActive()).isEqualTo(d.id() >= 0);
    }

    /** How many times each thread of the concurrency test calls: drivers with slow starts may lower it. */
    protected int rounds() {
        return 5;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void expect(BlockingQueue<DomainEvent> events, Domain d, DomainEventDetail detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            DomainEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            if (e.domain().uuid().equals(d.uuid())) {
                assertThat(e.detail()).as("the next event of %s", d.name()).isEqualTo(detail);
                assertThat(e.domain().connection()).isSameAs(d.connection());
                return;
            }
        }
        throw new AssertionError("no " + detail + " event for " + d.name() + " within " + EVENT_WAIT);
    }

    protected static void assertError(Executable call, ErrorCode code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    /** Events nobody listens to, for opening the sub-driver directly. */
    protected static final ConnectionEvents NO_EVENTS = ConnectionEvents.NONE;
}
