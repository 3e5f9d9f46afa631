package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.VirtException;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * The real virsh migrating a guest between two daemons in this JVM, each on its own loopback TCP port, both backed
 * by {@link MigrationStandIn} (the test driver with a recording stand-in for a migrating driver): the daemons'
 * migration and job procedures as libvirt 9.0's client library drives them, in direct managed mode (virsh holds
 * both connections) and peer to peer.
 */
class MigrateVirshStandInTest {
    private static final String GUEST = "mig1";
    private static final String GUEST_XML = """
            <domain type='test'>
              <name>mig1</name>
              <memory>65536</memory>
              <vcpu>1</vcpu>
              <os><type>hvm</type></os>
            </domain>
            """;

    @TempDir
    Path dir;
    private final MigrationStandIn standIn = new MigrationStandIn();
    private final List<RemoteServer> servers = new ArrayList<>();
    private final List<Process> background = new ArrayList<>();
    private ExternalClient client;
    private int portA;
    private int portB;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        client = new ExternalClient(dir);
        portA = serve(standIn.a);
        portB = serve(standIn.b);
        try (Connection a = standIn.a.direct()) {
            a.createDomain(GUEST_XML);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        CountDownLatch hold = standIn.holdPerform;
        if (hold != null) {
            hold.countDown();
        }
        for (Process p : background) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        servers.forEach(RemoteServer::close);
    }

    /** A daemon for {@code host} on plain TCP (loopback): its port. */
    private int serve(ConnectionFactory host) throws IOException {
        return serve(host, ListenAddress.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false));
    }

    /** A daemon for {@code host} on libvirt's TLS transport, its certificate for 127.0.0.1 from {@code pki}. */
    private int serveTls(ConnectionFactory host, TestPki pki) throws Exception {
        TlsServer tls = TlsServer.load(pki.server("server", TestPki.KeyFormat.PKCS1_RSA), List.of(),
                Duration.ofSeconds(30));
        return serve(host, ListenAddress.tls(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls));
    }

    private int serve(ConnectionFactory host, ListenAddress listen) throws IOException {
        RemoteServer server = new RemoteServer(host, List.of(listen), RemoteServer.DEFAULT_LIMITS);
        servers.add(server);
        server.start();
        String address = server.listeners().get(0).address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static String uri(int port) {
        return "test+tcp://127.0.0.1:" + port + "/default";
    }

    private Virsh onA() {
        return new Virsh(client, uri(portA));
    }

    private static boolean runs(MigrationStandIn.Host host, String name) {
        try (Connection c = host.direct()) {
            return c.lookupDomainByName(name).isActive();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void directMigrationRunsTheFiveStepsRelayingEveryCookieAndMovesTheGuest() throws Exception {
        String out = onA().ok("migrate", "--live", GUEST, uri(portB), "--dname", "moved", "--bandwidth", "7");

        assertThat(standIn.order()).as(out).containsExactly("A:begin", "B:prepare", "A:perform", "B:finish",
                "A:confirm");
        // each cookie reaches the next step unchanged, on the other host
        assertThat(standIn.step("B", "prepare").cookieIn()).isEqualTo("begin-cookie-from-A");
        assertThat(standIn.step("A", "perform").cookieIn()).isEqualTo("prepare-cookie-from-B");
        assertThat(standIn.step("B", "finish").cookieIn()).isEqualTo("perform-cookie-from-A");
        assertThat(standIn.step("A", "confirm").cookieIn()).isEqualTo("finish-cookie-from-B");

        MigrationStandIn.Step prepare = standIn.step("B", "prepare");
        // virsh named no migrate_uri: the destination daemon gave the address virsh reached it on
        assertThat(prepare.params().uri()).isEqualTo("tcp://127.0.0.1");
        assertThat(prepare.params().destinationXml()).contains("<name>mig1</name>");
        assertThat(prepare.params().destinationName()).isEqualTo("moved");
        assertThat(prepare.params().bandwidthMiBs()).isEqualTo(7);
        assertThat(prepare.flags() & MigrateFlag.LIVE.bit()).isNotZero();
        // the source performs towards what prepare answered
        MigrationStandIn.Step perform = standIn.step("A", "perform");
        assertThat(perform.params().uri()).isEqualTo("tcp:127.0.0.1:49152");
        assertThat(perform.dconnuri()).isNull();
        // libvirt's client asks for change protection once the source daemon says it has it
        assertThat(standIn.step("A", "begin").flags() & MigrateFlag.CHANGE_PROTECTION.bit()).isNotZero();
        assertThat(standIn.step("B", "finish").cancelled()).isFalse();
        assertThat(standIn.step("A", "confirm").cancelled()).isFalse();

        assertThat(runs(standIn.b, "moved")).isTrue();
        assertThat(runs(standIn.a, GUEST)).isFalse();
        assertThat(new Virsh(client, uri(portB)).ok("list", "--name")).contains("moved");
    }

    @Test
    void aDestinationReachedOverTlsNamesTheAddressTheClientReachedItOn() throws Exception {
        TestPki pki = TestPki.create(dir, "mig");
        int tlsPort = serveTls(standIn.b, pki);
        Path pkiPath = TestPki.pkiPath(dir.resolve("pki"), pki.client("client", "virsh", TestPki.KeyFormat.PKCS1_RSA),
                pki.caCert());
        onA().ok("migrate", "--live", GUEST, "test+tls://127.0.0.1:" + tlsPort + "/default?pkipath=" + pkiPath);
        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "A:perform", "B:finish", "A:confirm");
        assertThat(standIn.step("B", "prepare").params().uri()).isEqualTo("tcp://127.0.0.1");
        assertThat(runs(standIn.b, GUEST)).isTrue();
    }

    @Test
    void aMigrateUriTheClientGivesIsKept() throws Exception {
        onA().ok("migrate", "--live", GUEST, uri(portB), "--migrateuri", "tcp://127.0.0.1:49999");
        assertThat(standIn.step("B", "prepare").params().uri()).isEqualTo("tcp://127.0.0.1:49999");
        // without --dname libvirt's client names the guest for finish itself: a destination finds it by that name
        assertThat(standIn.step("B", "prepare").params().destinationName()).isNull();
        assertThat(standIn.step("B", "finish").params().destinationName()).isEqualTo(GUEST);
        assertThat(runs(standIn.b, GUEST)).isTrue();
    }

    /** Migrates with {@code step} failing: virsh says the driver's error, the guest runs on at the source. */
    private void migrateFailingAt(String step) throws Exception {
        standIn.failAt = step;
        ExternalClient.Result r = onA().run("migrate", "--live", GUEST, uri(portB));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("error: operation failed: stand-in " + step + " failed");
        assertThat(runs(standIn.a, GUEST)).isTrue();
        assertThat(runs(standIn.b, GUEST)).isFalse();
    }

    @Test
    void aFailedPrepareIsVirshsErrorAndTheSourceIsConfirmedCancelled() throws Exception {
        migrateFailingAt("prepare");
        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "A:confirm");
        assertThat(standIn.step("A", "confirm").cancelled()).isTrue();
    }

    @Test
    void aFailedPerformIsVirshsErrorAndTheDestinationFinishesCancelled() throws Exception {
        migrateFailingAt("perform");
        // libvirt's client tells the destination (finish, cancelled) and not the source: its perform failed itself
        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "A:perform", "B:finish");
        assertThat(standIn.step("B", "finish").cancelled()).isTrue();
        // no cookie for that finish (perform made none): the destination finds its guest by destination_name
        assertThat(standIn.step("B", "finish").cookieIn()).isEmpty();
        assertThat(standIn.step("B", "finish").params().destinationName()).isEqualTo(GUEST);
    }

    @Test
    void aFailedFinishIsVirshsErrorAndTheSourceIsConfirmedCancelled() throws Exception {
        migrateFailingAt("finish");
        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "A:perform", "B:finish", "A:confirm");
        assertThat(standIn.step("A", "confirm").cancelled()).isTrue();
    }

    @Test
    void domjobinfoShowsAMigrationInProgressAndDomjobabortEndsIt() throws Exception {
        standIn.holdPerform = new CountDownLatch(1);
        Path err = dir.resolve("migrate.err");
        Process migrate = client.builder(List.of(Virsh.BINARY, "-c", uri(portA), "migrate", "--live", "--verbose",
                GUEST, uri(portB))).redirectOutput(dir.resolve("migrate.out").toFile()).redirectError(err.toFile())
                .start();
        background.add(migrate);
        assertThat(standIn.performEntered.await(60, TimeUnit.SECONDS)).as("perform reached").isTrue();

        String info = onA().ok("domjobinfo", GUEST);
        assertThat(info).containsPattern("Job type:\\s+Unbounded")
                .containsPattern("Operation:\\s+Outgoing migration")
                .containsPattern("Time elapsed:\\s+1234\\s+ms")
                .containsPattern("Data processed:\\s+1\\.000 MiB");
        // virsh's own connection polls the job while its perform waits: the daemon answers it meanwhile
        waitFor(() -> standIn.jobInfoDuringPerform.get() > 0, "virsh migrate's job info polls answered");

        onA().ok("domjobabort", GUEST);
        assertThat(standIn.abortCalls.get()).isEqualTo(1);
        assertThat(migrate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(migrate.exitValue()).isNotZero();
        assertThat(Files.readString(err)).contains("operation aborted: migration out job: canceled by client");
        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "A:perform", "B:finish");
        assertThat(runs(standIn.a, GUEST)).isTrue();

        // no job now: libvirt's refusal, from the driver
        ExternalClient.Result none = onA().run("domjobabort", GUEST);
        assertThat(none.exit()).isNotZero();
        assertThat(none.err()).contains("no job is active on the domain");
        assertThat(onA().ok("domjobinfo", GUEST)).containsPattern("Job type:\\s+None");
    }

    @Test
    void offlineMigrationSkipsPerform() throws Exception {
        // libvirt's client asks both daemons for MIGRATION_OFFLINE first, then runs every step but perform
        onA().ok("migrate", "--offline", "--persistent", GUEST, uri(portB));
        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "B:finish", "A:confirm");
        assertThat(standIn.step("B", "finish").flags() & MigrateFlag.OFFLINE.bit()).isNotZero();
        // libvirt's client drops prepare's cookie before an offline finish: the destination must not need one
        assertThat(standIn.step("B", "finish").cookieIn()).isEmpty();
        assertThat(standIn.step("B", "finish").params().destinationName()).isEqualTo(GUEST);
    }

    @Test
    void peerToPeerIsOnePerformWithTheDestinationsUri() throws Exception {
        onA().ok("migrate", "--live", "--p2p", GUEST, uri(portB));
        assertThat(standIn.order()).containsExactly("A:perform");
        MigrationStandIn.Step perform = standIn.step("A", "perform");
        assertThat(perform.dconnuri()).isEqualTo(uri(portB));
        assertThat(perform.flags() & MigrateFlag.PEER2PEER.bit()).isNotZero();
        assertThat(runs(standIn.b, GUEST)).isTrue();
        assertThat(runs(standIn.a, GUEST)).isFalse();
    }

    @Test
    void aReadOnlyClientCannotMigrateButReadsJobs() throws Exception {
        // libvirt's client library refuses first; the daemon's own refusal: MigrationProceduresTest
        ExternalClient.Result r = onA().run("-r", "migrate", "--live", GUEST, uri(portB));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("operation forbidden: read only access prevents virDomainMigrate3");
        assertThat(standIn.steps).isEmpty();
        assertThat(onA().ok("-r", "domjobinfo", GUEST)).containsPattern("Job type:\\s+None");
        assertThatThrownBy(() -> onA().ok("-r", "domjobabort", GUEST)).hasMessageContaining(
                "read only access prevents virDomainAbortJob");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
