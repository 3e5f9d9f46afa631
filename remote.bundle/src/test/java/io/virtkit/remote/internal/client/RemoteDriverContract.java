package io.virtkit.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.core.internal.DefaultConnectionFactory;

/**
 * What the remote client driver does against any daemon serving libvirt's test driver ({@code test:///default}, one
 * running domain "test"): the subclasses give the URI through a real libvirtd or Virtkit's daemon, over a UNIX socket
 * or TCP. Each test opens its own connection through core's factory with only the remote driver registered, so
 * every call goes over the wire.
 */
abstract class RemoteDriverContract {
    private final List<Connection> opened = new ArrayList<>();

    /** {@code test+TRANSPORT://…/default…} for the daemon under test. */
    abstract String uri();

    /** The daemon's message for a lookup of {@code name} that finds nothing, as its test driver words it. */
    String notFound(String name) {
        return "Domain not found: no domain with matching name '" + name + "'";
    }

    Connection open() {
        Connection c = new DefaultConnectionFactory().withHypervisorDriver(new RemoteDriver())
                .open(ConnectRequest.to(uri()));
        opened.add(c);
        return c;
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(Connection::close);
    }

    @Test
    void theHostIsTheDaemonsTestDriver() {
        Connection c = open();
        assertThat(c.uri()).isEqualTo(uri()); // libvirt's virConnectGetURI: the URI the caller opened
        assertThat(c.type()).isEqualTo("TEST");
        assertThat(c.hostname()).isNotBlank();
        assertThat(c.nodeInfo().cpus()).isPositive();
        assertThat(c.nodeInfo().cpuModel()).isNotEmpty();
        assertThat(c.capabilities()).contains("<capabilities>");
        assertThat(c.hypervisorVersion()).isPositive();
    }

    @Test
    void listsLooksUpAndDumpsTheDefaultDomain() {
        Connection c = open();
        assertThat(c.listAllDomains()).extracting(Domain::name).contains("test");
        Domain byName = c.lookupDomainByName("test");
        assertThat(byName.isActive()).isTrue();
        assertThat(byName.id()).isPositive();
        Domain byUuid = c.lookupDomainByUuid(byName.uuid());
        assertThat(byUuid.name()).isEqualTo("test");
        assertThat(c.lookupDomainById(byName.id()).uuid()).isEqualTo(byName.uuid());
        assertThat(byName.xml()).contains("<name>test</name>").contains(byName.uuid().toString());
        assertThat(byName.state().state()).isEqualTo(DomainState.RUNNING);
        assertThat(byName.info().state()).isEqualTo(DomainState.RUNNING);
        assertThat(byName.osType()).isEqualTo("linux"); // libvirt's test driver answers it whatever the XML says
    }

    @Test
    void definesStartsDestroysAndUndefinesADomain() {
        Connection c = open();
        String name = "vkrpcclient-" + UUID.randomUUID().toString().substring(0, 8);
        Domain d = c.defineDomain("<domain type='test'><name>" + name + "</name><memory>8192</memory>"
                + "<os><type>hvm</type></os></domain>");
        try {
            assertThat(d.isPersistent()).isTrue();
            assertThat(d.isActive()).isFalse();
            assertThat(d.state().state()).isEqualTo(DomainState.SHUTOFF);
            d.start();
            assertThat(d.isActive()).isTrue();
            assertThat(d.id()).isPositive();
            d.suspend();
            assertThat(d.state().state()).isEqualTo(DomainState.PAUSED);
            d.resume();
            assertThat(d.info().state()).isEqualTo(DomainState.RUNNING);
            d.setAutostart(true);
            assertThat(d.autostart()).isTrue();
            d.setAutostart(false);
            d.destroy();
            assertThat(d.isActive()).isFalse();
        } finally {
            d.undefine();
        }
        assertThat(c.listAllDomains()).extracting(Domain::name).doesNotContain(name);
        assertThatThrownBy(() -> c.lookupDomainByName(name)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.NO_DOMAIN);
    }

    @Test
    void theDaemonsErrorComesThroughVerbatim() {
        Connection c = open();
        assertThatThrownBy(() -> c.lookupDomainByName("vkrpcclient-missing"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN);
                    assertThat(e.code().number()).isEqualTo(42);
                    assertThat(e.getMessage()).isEqualTo(notFound("vkrpcclient-missing"));
                });
        assertThat(c.type()).isEqualTo("TEST"); // the session goes on after an error
    }

    @Test
    void callsFromManyThreadsGetTheirOwnReplies() throws Exception {
        Connection c = open();
        UUID uuid = c.lookupDomainByName("test").uuid();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                Callable<String> call = switch (n % 3) {
                    case 0 -> () -> c.lookupDomainByUuid(uuid).name();
                    case 1 -> () -> c.type();
                    default -> () -> {
                        try {
                            c.lookupDomainByName("vkrpcclient-none-" + n);
                            return "found";
                        } catch (VirtException e) {
                            return e.getMessage();
                        }
                    };
                };
                answers.add(pool.submit(call));
            }
            for (int i = 0; i < answers.size(); i++) {
                String expected = switch (i % 3) {
                    case 0 -> "test";
                    case 1 -> "TEST";
                    default -> notFound("vkrpcclient-none-" + i);
                };
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDaemonsLifecycleEventsReachAListener() throws Exception {
        Connection watching = open();
        BlockingQueue<DomainEvent> seen = new LinkedBlockingQueue<>();
        watching.addDomainEventListener(seen::add);
        Connection changing = open();
        String name = "vkrpcclient-ev-" + UUID.randomUUID().toString().substring(0, 8);
        Domain d = changing.defineDomain("<domain type='test'><name>" + name + "</name><memory>8192</memory>"
                + "<os><type>hvm</type></os></domain>");
        try {
            d.start();
            d.destroy();
        } finally {
            d.undefine();
        }
        List<String> events = new ArrayList<>();
        while (events.size() < 4) {
            DomainEvent e = seen.poll(60, TimeUnit.SECONDS);
            assertThat(e).as("events so far: %s", events).isNotNull();
            if (e.domain().name().equals(name)) {
                events.add(e.detail().name());
            }
        }
        assertThat(events).containsExactly("DEFINED_ADDED", "STARTED_BOOTED", "STOPPED_DESTROYED",
                "UNDEFINED_REMOVED");
    }

    /**
     * The migration and job entries reach the daemon (the driver's connection is called directly, so no check of
     * core's stands in front): its test driver migrates nothing and says so in its words.
     */
    @Test
    void theTestDriverDoesNotMigrateAndSaysSoThroughTheWire() {
        try (HypervisorConnection c = new RemoteDriver().open(OpenRequest.of(uri()), ConnectionEvents.NONE)
                .orElseThrow()) {
            assertThat(c.supportsMigration()).isFalse();
            DomainRef test = c.lookupDomainByName("test");
            assertNoSupport(() -> c.migratePrepare(MigrationParams.NONE.withUri("tcp://127.0.0.1"), new byte[] {1},
                    0), "virDomainMigratePrepare3Params");
            assertNoSupport(() -> c.migrateBegin(test, MigrationParams.NONE, 0), "virDomainMigrateBegin3Params");
            assertNoSupport(() -> c.domainJobInfo(test), "virDomainGetJobInfo");
        }
    }

    private void assertNoSupport(ThrowingCallable call, String function) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT);
            assertThat(e.getMessage()).isEqualTo(noSupport(function));
        });
    }

    /** The daemon's refusal of {@code function}, which its test driver does not have. */
    String noSupport(String function) {
        return "this function is not supported by the connection driver: " + function;
    }
}
