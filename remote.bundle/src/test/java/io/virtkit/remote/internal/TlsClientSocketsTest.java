package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TestPki.KeyFormat;
import io.virtkit.remote.internal.tls.TlsClientSockets;
import io.virtkit.remote.internal.tls.TlsFiles;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * The client side of libvirt's TLS transport ({@link TlsClientSockets}) against Virtkit's own TLS listener and
 * against the real libvirtd listening with TLS: let in, refused by the server, server not trusted, wrong host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsClientSocketsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ALLOWED_DN = "C=GB,O=Virtkit Test,CN=client1";

    private Path pkiDir;
    private TestPki ca;
    private TestPki otherCa;
    private TlsFiles serverFiles;
    private TlsFiles client1;
    private TlsFiles client2;
    private RemoteServer server;

    @BeforeAll
    void makePki(@TempDir Path tmp) throws Exception {
        pkiDir = tmp;
        ca = TestPki.create(pkiDir, "main");
        otherCa = TestPki.create(pkiDir, "other");
        serverFiles = ca.server("server", KeyFormat.PKCS1_RSA);
        client1 = ca.client("client1", "client1", KeyFormat.PKCS8_RSA);
        client2 = ca.client("client2", "client2", KeyFormat.PKCS1_RSA);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private int startVirtkit(String address) throws Exception {
        TlsServer tls = TlsServer.load(serverFiles, List.of(ALLOWED_DN), Duration.ofSeconds(10));
        server = new RemoteServer(new TestDriverFactory(),
                List.of(ListenAddress.tls(new InetSocketAddress(InetAddress.getByName(address), 0), tls)),
                RemoteServer.DEFAULT_LIMITS);
        server.start();
        ListenerInfo info = server.listeners().get(0);
        return Integer.parseInt(info.address().substring(info.address().lastIndexOf(':') + 1));
    }

    @Test
    void connectsToVirtkitAndSpeaksRpc() throws Exception {
        int port = startVirtkit("127.0.0.1");
        try (SSLSocket s = TlsClientSockets.connect("127.0.0.1", port, client1, true, TIMEOUT)) {
            assertThat(connectGetType(s, "test:///default")).isEqualTo("TEST");
            // virConnectIsSecure: TLS is (plain TCP is not)
            s.getOutputStream().write(RawRpcClient.call(Procedure.CONNECT_IS_SECURE.number(), 3, new byte[0]));
            Packet secure = Packet.read(new DataInputStream(s.getInputStream()));
            assertThat(new XdrReader(secure.body()).readInt()).isEqualTo(1);
        }
    }

    @Test
    void aTls13KeyUpdateBetweenCallsIsAnsweredAndTheClientCarriesOn() throws Exception {
        int port = startVirtkit("127.0.0.1");
        try (SSLSocket s = TlsClientSockets.connect("127.0.0.1", port, client1, true, TIMEOUT)) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(connectGetType(s, "test:///default")).isEqualTo("TEST");
            for (int serial = 10; serial < 13; serial++) {
                // on an established TLS 1.3 connection the JDK sends a KeyUpdate asking the peer to update too:
                // a record with no application data the daemon's reader must pass over, and answer
                s.startHandshake();
                assertThat(getType(s, serial)).isEqualTo("TEST");
            }
        }
    }

    @Test
    void refusalsAreLibvirtsErrors() throws Exception {
        int port = startVirtkit("127.0.0.2"); // the server's certificate names 127.0.0.1 and localhost only

        assertThatThrownBy(() -> TlsClientSockets.connect("127.0.0.2", port, client1, true, TIMEOUT))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("Certificate [session] owner does not match the hostname 127.0.0.2");
        try (SSLSocket s = TlsClientSockets.connect("127.0.0.2", port, client1, false, TIMEOUT)) {
            assertThat(connectGetType(s, "test:///default")).as("no_verify: the host is not checked").isEqualTo("TEST");
        }
        // the server drops a client whose DN is not allowed
        assertThatThrownBy(() -> TlsClientSockets.connect("127.0.0.2", port, client2, false, TIMEOUT))
                .isInstanceOf(VirtException.class).extracting(e -> ((VirtException) e).code())
                .isEqualTo(ErrorCode.RPC);
        assertThatThrownBy(() -> TlsClientSockets.connect("127.0.0.2", port, client2, false, TIMEOUT))
                .hasMessageContaining("server verification (of our certificate or IP address) failed");
        // a server whose certificate our CA did not sign
        TlsFiles trustingOther = otherCa.client("other-client", "client1", KeyFormat.PKCS1_RSA);
        assertThatThrownBy(() -> TlsClientSockets.connect("127.0.0.2", port, trustingOther, false, TIMEOUT))
                .hasMessageContaining("Unable to verify TLS peer: The certificate is not trusted.");
    }

    @Test
    void connectsToTheRealLibvirtdWithTls(@TempDir Path tmp) throws Exception {
        ExternalClient.requireInstalled(Path.of(ReferenceLibvirtd.BINARY));
        Path shared = Files.createDirectory(tmp.resolve("libvirtd"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path files = Files.createDirectory(shared.resolve("pki"));
        Path caCert = Files.copy(serverFiles.caCert(), files.resolve("cacert.pem"));
        Path cert = Files.copy(serverFiles.cert(), files.resolve("servercert.pem"));
        Path key = Files.copy(serverFiles.key(), files.resolve("serverkey.pem"));
        for (Path p : List.of(files, caCert, cert, key)) {
            ReferenceLibvirtd.giveToUser(p);
        }
        int port = freePort();
        try (ReferenceLibvirtd libvirtd = ReferenceLibvirtd.startWithTls(shared.resolve("daemon"), port, List.of(
                "ca_file = \"" + caCert + "\"", "cert_file = \"" + cert + "\"", "key_file = \"" + key + "\"",
                "tls_allowed_dn_list = [\"" + ALLOWED_DN + "\"]"))) {
            try (SSLSocket s = TlsClientSockets.connect("127.0.0.1", port, client1, true, TIMEOUT)) {
                assertThat(connectGetType(s, "qemu:///session")).as(libvirtd.log()).isEqualTo("QEMU");
            }
            // libvirtd matches the allow-list on the same DN string Virtkit does, and drops client2 as Virtkit does
            assertThatThrownBy(() -> TlsClientSockets.connect("127.0.0.1", port, client2, true, TIMEOUT))
                    .hasMessageContaining("server verification (of our certificate or IP address) failed");
            // and the real virsh, refused by libvirtd, says what it says when Virtkit refuses it (TlsVirshTest)
            Path pki = TestPki.pkiPath(tmp.resolve("virsh-pki"), client2, ca.caCert());
            ExternalClient.Result refused = new ExternalClient(Files.createDirectory(tmp.resolve("virsh-home")))
                    .run(List.of(Virsh.BINARY, "-c", "qemu+tls://127.0.0.1:" + port + "/session?pkipath=" + pki,
                            "uri"));
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("Unable to read TLS confirmation: Input/output error");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** CONNECT_OPEN {@code uri}, then CONNECT_GET_TYPE: libvirt's RPC over the TLS socket. */
    private static String connectGetType(SSLSocket s, String uri) throws Exception {
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        out.write(RawRpcClient.call(Procedure.CONNECT_OPEN.number(), 1,
                new XdrWriter().writeOptionalString(uri).writeInt(0).toByteArray()));
        out.flush();
        Packet open = Packet.read(in);
        assertThat(open.header().status()).as("CONNECT_OPEN").isEqualTo(Header.OK);
        return getType(s, 2);
    }

    private static String getType(SSLSocket s, int serial) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(RawRpcClient.call(Procedure.CONNECT_GET_TYPE.number(), serial, new byte[0]));
        out.flush();
        Packet type = Packet.read(new DataInputStream(s.getInputStream()));
        assertThat(type.header().status()).isEqualTo(Header.OK);
        return new XdrReader(type.body()).readString(1024);
    }
}
