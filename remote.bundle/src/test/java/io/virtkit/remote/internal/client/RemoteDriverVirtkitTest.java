package io.virtkit.remote.internal.client;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.remote.internal.VirtkitTestDaemon;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TlsFiles;

/**
 * The remote client driver against Virtkit's own daemon (the test driver behind it), in this JVM, over a UNIX socket,
 * TCP and TLS (certificates of a CA made for the test, the client's in libvirt's {@code pkipath} layout).
 */
class RemoteDriverVirtkitTest {
    @TempDir
    static Path dir;
    static VirtkitTestDaemon daemon;
    static Path pkiPath;

    @BeforeAll
    static void startDaemon() throws Exception {
        TestPki pki = TestPki.create(dir, "rpcclient");
        TlsFiles server = pki.server("server", TestPki.KeyFormat.PKCS8_RSA);
        pkiPath = TestPki.pkiPath(dir.resolve("client-pki"), pki.client("client", "rpcclient",
                TestPki.KeyFormat.PKCS8_RSA), pki.caCert());
        daemon = VirtkitTestDaemon.start(dir, server);
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Nested
    class OverUnixSocket extends RemoteDriverContract {
        @Override
        String uri() {
            return "test+unix:///default?socket=" + daemon.socket();
        }
    }

    @Nested
    class OverTcp extends RemoteDriverContract {
        @Override
        String uri() {
            return "test+tcp://127.0.0.1:" + daemon.tcpPort() + "/default";
        }
    }

    @Nested
    class OverTls extends RemoteDriverContract {
        @Override
        String uri() {
            return "test+tls://127.0.0.1:" + daemon.tlsPort() + "/default?pkipath=" + pkiPath;
        }
    }
}
