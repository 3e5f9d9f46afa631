package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.remote.internal.ReferenceLibvirtd;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TlsFiles;

/**
 * The remote client driver against Debian's real libvirtd (an unprivileged session daemon of the tests' own, see
 * {@link ReferenceLibvirtd}), which serves {@code test:///default} to remote clients as to virsh: over its UNIX
 * socket, TCP, and TLS with certificates of a CA made for the test.
 */
class RemoteDriverLibvirtdTest {
    @TempDir
    static Path dir;
    static ReferenceLibvirtd libvirtd;
    static int tcpPort;
    static int tlsPort;
    static Path pkiPath;

    @BeforeAll
    static void startLibvirtd() throws Exception {
        tcpPort = freePort();
        tlsPort = freePort();
        // the daemon's user must get through the test's directory to its own and read its TLS files
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path pkiDir = Files.createDirectories(dir.resolve("pki"));
        TestPki pki = TestPki.create(pkiDir, "rpcclient");
        TlsFiles server = pki.server("server", TestPki.KeyFormat.PKCS1_RSA);
        pkiPath = TestPki.pkiPath(dir.resolve("client-pki"), pki.client("client", "rpcclient",
                TestPki.KeyFormat.PKCS8_RSA), pki.caCert());
        Files.setPosixFilePermissions(pkiDir, PosixFilePermissions.fromString("rwx--x--x"));
        for (Path p : List.of(server.caCert(), server.cert(), server.key())) {
            ReferenceLibvirtd.giveToUser(p);
        }
        Path home = Files.createDirectories(dir.resolve("libvirtd"));
        libvirtd = ReferenceLibvirtd.start(home, """
                listen_tls = 1
                listen_tcp = 1
                listen_addr = "127.0.0.1"
                tcp_port = "%d"
                auth_tcp = "none"
                tls_port = "%d"
                auth_tls = "none"
                ca_file = "%s"
                cert_file = "%s"
                key_file = "%s"
                """.formatted(tcpPort, tlsPort, server.caCert(), server.cert(), server.key()));
    }

    /** A loopback port nobody listens on now; libvirtd takes no port 0. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @AfterAll
    static void stopLibvirtd() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    abstract static class LibvirtdContract extends RemoteDriverContract {
        /** libvirt 9.0's test driver reports a failed lookup without naming what it looked for. */
        @Override
        String notFound(String name) {
            return "Domain not found";
        }
    }

    @Nested
    class OverUnixSocket extends LibvirtdContract {
        @Override
        String uri() {
            return "test+unix:///default?socket=" + libvirtd.socket();
        }
    }

    @Nested
    class OverTls extends LibvirtdContract {
        @Override
        String uri() {
            return "test+tls://127.0.0.1:" + tlsPort + "/default?pkipath=" + pkiPath;
        }
    }

    @Nested
    class OverTcp extends LibvirtdContract {
        @Override
        String uri() {
            return "test+tcp://127.0.0.1:" + tcpPort + "/default";
        }
    }
}
