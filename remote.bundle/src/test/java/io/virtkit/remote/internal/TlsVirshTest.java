package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TestPki.KeyFormat;
import io.virtkit.remote.internal.tls.TlsFiles;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * The daemon's TLS listener (libvirtd's listen_tls) driven by the real virsh over {@code test+tls://}, with a CA and
 * certificates made by certtool and openssl: let in, refused before any procedure, and the records of large calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsVirshTest {
    /**
     * What libvirt's client (GnuTLS 3.7) says when the daemon drops it after the handshake, as the real libvirtd does
     * (TlsClientSocketsTest shows virsh saying the same against it).
     */
    private static final String DROPPED = "Unable to read TLS confirmation: Input/output error";
    private static final String ALLOWED_DN = "C=GB,O=Virtkit Test,CN=client1";

    private Path pkiDir;
    @TempDir
    Path dir;

    private TestPki ca;
    private TestPki otherCa;
    private TlsFiles serverFiles;
    private TlsFiles client1;
    private TlsFiles client2;
    private TlsFiles strangerClient;
    private TlsFiles expiredClient;

    private TestDriverFactory factory;
    private RemoteServer server;
    private int port;
    private final List<String> admissions = new CopyOnWriteArrayList<>();
    private final Handler admissionLog = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage().contains("admitted")) {
                admissions.add(String.valueOf(r.getParameters()[1]));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger tlsLog = Logger.getLogger(TlsServer.class.getName());

    @BeforeAll
    void makePki(@TempDir Path pki) throws Exception {
        pkiDir = pki;
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ca = TestPki.create(pkiDir, "main");
        otherCa = TestPki.create(pkiDir, "other");
        serverFiles = ca.server("server", KeyFormat.PKCS1_RSA);
        client1 = ca.client("client1", "client1", KeyFormat.PKCS8_RSA);
        client2 = ca.client("client2", "client2", KeyFormat.PKCS8_RSA);
        strangerClient = otherCa.client("stranger", "client1", KeyFormat.PKCS1_RSA);
        expiredClient = ca.expiredClient("expired", "client1");
    }

    @BeforeEach
    void logAdmissions() {
        admissions.clear();
        tlsLog.setLevel(Level.FINE);
        tlsLog.addHandler(admissionLog);
    }

    @AfterEach
    void stop() {
        tlsLog.removeHandler(admissionLog);
        if (server != null) {
            server.stop();
        }
    }

    private void start(RemoteDaemon.Limits limits, Duration handshakeTimeout, String... protocols) throws Exception {
        TlsServer tls = TlsServer.load(serverFiles, List.of(ALLOWED_DN, "C=GB,O=Other*"), handshakeTimeout);
        if (protocols.length > 0) {
            tls = tls.withProtocols(protocols);
        }
        factory = new TestDriverFactory();
        server = new RemoteServer(factory,
                List.of(ListenAddress.tls(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls)), limits);
        server.start();
        ListenerInfo info = server.listeners().get(0);
        port = Integer.parseInt(info.address().substring(info.address().lastIndexOf(':') + 1));
    }

    private Virsh virsh(TlsFiles client, Path... cas) throws Exception {
        Path pkiPath = TestPki.pkiPath(Files.createTempDirectory(dir, "pki"), client, cas);
        return new Virsh(new ExternalClient(Files.createTempDirectory(dir, "home")),
                "test+tls://127.0.0.1:" + port + "/default?pkipath=" + pkiPath);
    }

    @Test
    void virshListsOverTls13AndTheDaemonKnowsTheClientByItsCertificate() throws Exception {
        start(RemoteServer.DEFAULT_LIMITS, Duration.ofSeconds(10));
        Virsh virsh = virsh(client1, ca.caCert());

        assertThat(virsh.ok("list", "--all")).containsPattern("1\\s+test\\s+running");

        assertThat(admissions).containsExactly("TLSv1.3");
        assertThat(factory.requests).hasSize(1);
        // GnuTLS's order, as libvirtd logs it and matches tls_allowed_dn_list
        assertThat(factory.requests.get(0).identity().x509DistinguishedName()).contains(ALLOWED_DN);
        ListenerInfo listener = server.listeners().get(0);
        assertThat(listener.transport()).isEqualTo("tls");
        assertThat(listener.address()).startsWith("127.0.0.1:");
        assertThat(virsh.ok("uri")).contains("test+tls://127.0.0.1");
    }

    @Test
    void tls12WorksWithGnutlsToo() throws Exception {
        start(RemoteServer.DEFAULT_LIMITS, Duration.ofSeconds(10), "TLSv1.2");
        Virsh virsh = virsh(client1, ca.caCert());

        assertThat(virsh.ok("list", "--all")).containsPattern("1\\s+test\\s+running");
        assertThat(admissions).containsExactly("TLSv1.2");
    }

    @Test
    void callsLargerThanOneTlsRecordGoBothWays() throws Exception {
        start(RemoteServer.DEFAULT_LIMITS, Duration.ofSeconds(10));
        Virsh virsh = virsh(client1, ca.caCert());
        // about 200 KiB of description: a dozen records each way, split and joined by the engine
        String description = "virtkit-tls-".repeat(17_000);
        Path xml = dir.resolve("big.xml");
        Files.writeString(xml, "<domain type='test'><name>big</name><description>" + description
                + "</description><memory>1024</memory><os><type>hvm</type></os></domain>");

        virsh.ok("define", xml.toString());
        String dumped = virsh.ok("dumpxml", "big");

        assertThat(dumped.length()).isGreaterThan(16 * 1024 * 10);
        assertThat(dumped).contains("<description>" + description + "</description>");
    }

    @Test
    void eventsReachVirshEventOverTlsBetweenItsOwnCalls() throws Exception {
        start(RemoteServer.DEFAULT_LIMITS, Duration.ofSeconds(10));
        Virsh virsh = virsh(client1, ca.caCert());
        Path pkiPath = TestPki.pkiPath(Files.createTempDirectory(dir, "pki"), client1, ca.caCert());
        ExternalClient watcherClient = new ExternalClient(Files.createTempDirectory(dir, "watcher"));
        Path events = dir.resolve("events.txt");
        // line-buffered so that events show up in the file as virsh prints them
        Process watcher = watcherClient.builder(List.of("stdbuf", "-oL", Virsh.BINARY, "-c",
                "test+tls://127.0.0.1:" + port + "/default?pkipath=" + pkiPath, "event", "--all", "--loop",
                "--timeout", "120")).redirectOutput(events.toFile()).redirectError(dir.resolve("events.err").toFile())
                .start();
        try {
            // the watcher's registration races with our changes: poke the default domain until it reports
            boolean registered = false;
            for (int i = 0; i < 100 && !registered && watcher.isAlive(); i++) {
                virsh.ok("suspend", "test");
                virsh.ok("resume", "test");
                registered = Files.readString(events).contains("event 'lifecycle' for domain 'test': Suspended Paused");
            }
            assertThat(registered).as("virsh event saw a suspend: %s", Files.readString(dir.resolve("events.err")))
                    .isTrue();
            Path xml = dir.resolve("vm.xml");
            Files.writeString(xml, "<domain type='test'><name>extra</name><memory>1024</memory>"
                    + "<os><type>hvm</type></os></domain>");
            virsh.ok("define", xml.toString());
            virsh.ok("start", "extra");
            virsh.ok("destroy", "extra");
            String expectedLast = "event 'lifecycle' for domain 'extra': Stopped Destroyed";
            for (int i = 0; i < 600 && !Files.readString(events).contains(expectedLast) && watcher.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(events)).contains("event 'lifecycle' for domain 'extra': Defined Added\n"
                    + "event 'lifecycle' for domain 'extra': Started Booted\n" + expectedLast + "\n");
        } finally {
            watcher.destroy();
            if (!watcher.waitFor(10, TimeUnit.SECONDS)) {
                watcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void refusedClientsReachNoProcedureAndOthersCarryOn() throws Exception {
        start(RemoteServer.DEFAULT_LIMITS, Duration.ofSeconds(10));

        // a DN not on the allow-list (a certificate the CA did sign)
        ExternalClient.Result notAllowed = virsh(client2, ca.caCert()).run("list");
        assertThat(notAllowed.exit()).isNotZero();
        assertThat(notAllowed.err()).contains(DROPPED);
        // a certificate from another CA (virsh trusts both CAs, so it does present it)
        ExternalClient.Result stranger = virsh(strangerClient, ca.caCert(), otherCa.caCert()).run("list");
        assertThat(stranger.exit()).isNotZero();
        assertThat(stranger.err()).contains(DROPPED);
        // no certificate, and an expired one: libvirt's client would refuse to send those, a JDK client does
        assertThat(confirmationByte(null)).isNotEqualTo(1);
        assertThat(confirmationByte(expiredClient)).isNotEqualTo(1);

        assertThat(factory.requests).as("no CONNECT_OPEN reached the daemon").isEmpty();
        assertThat(server.clients()).isEmpty();
        assertThat(admissions).isEmpty();

        assertThat(virsh(client1, ca.caCert()).ok("list", "--all")).containsPattern("1\\s+test\\s+running");
        assertThat(confirmationByte(client1)).as("the JDK client let in as virsh is").isEqualTo(1);
    }

    @Test
    void aClientThatNeverHandshakesIsDroppedAndItsPlaceFreed() throws Exception {
        // one client place: the silent client holds it until its handshake time is up
        start(new RemoteDaemon.Limits(1, 5), Duration.ofSeconds(1));
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
            silent.setSoTimeout(30_000);
            int read;
            try {
                read = silent.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).as("the daemon closes a connection that never handshakes").isEqualTo(-1);
        }
        awaitNoClients();

        assertThat(virsh(client1, ca.caCert()).ok("list", "--all")).containsPattern("1\\s+test\\s+running");
        awaitNoClients(); // and virsh's place once it has gone
    }

    /**
     * Waits until no client holds a place: a silent client's is given back right after its socket is closed, on the
     * handshake thread; a client that hung up, once its loop has read the end of its stream.
     */
    private void awaitNoClients() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.clientCount() + server.handshakeCount() > 0) {
            assertThat(System.nanoTime()).as("client places freed: %s", server.clients()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** What a JDK client with {@code client}'s certificate (or none) reads after its handshake: 1 when let in. */
    private int confirmationByte(TlsFiles client) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(caStore());
        KeyManagerFactory keys = null;
        if (client != null) {
            Path p12 = dir.resolve("client-" + System.nanoTime() + ".p12");
            TestPki.run("openssl", "pkcs12", "-export", "-inkey", client.key().toString(), "-in",
                    client.cert().toString(), "-passout", "pass:test", "-out", p12.toString());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, "test".toCharArray());
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "test".toCharArray());
        }
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.startHandshake();
            try {
                return s.getInputStream().read();
            } catch (java.io.IOException dropped) {
                return -1;
            }
        }
    }

    private KeyStore caStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca.caCert())) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        return store;
    }
}
