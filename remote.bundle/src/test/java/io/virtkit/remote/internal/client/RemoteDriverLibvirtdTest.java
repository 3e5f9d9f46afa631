package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.remote.internal.ReferenceLibvirtd;

/**
 * The remote client driver against Debian's real libvirtd (an unprivileged session daemon of the tests' own, see
 * {@link ReferenceLibvirtd}), which serves {@code test:///default} to remote clients as to virsh.
 */
class RemoteDriverLibvirtdTest {
    @TempDir
    static Path dir;
    static ReferenceLibvirtd libvirtd;
    static int tcpPort;

    @BeforeAll
    static void startLibvirtd() throws Exception {
        tcpPort = freePort();
        // the daemon's user must get through the test's directory to its own
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path home = Files.createDirectories(dir.resolve("libvirtd"));
        libvirtd = ReferenceLibvirtd.start(home, """
                listen_tls = 0
                listen_tcp = 1
                listen_addr = "127.0.0.1"
                tcp_port = "%d"
                auth_tcp = "none"
                """.formatted(tcpPort));
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

    /** libvirt 9.0's test driver reports a failed lookup without naming what it looked for. */
    static String libvirtNotFound(String name) {
        return "Domain not found";
    }

    @Nested
    class OverUnixSocket extends RemoteDriverContract {
        @Override
        String uri() {
            return "test+unix:///default?socket=" + libvirtd.socket();
        }

        @Override
        String notFound(String name) {
            return libvirtNotFound(name);
        }
    }

    @Nested
    class OverTcp extends RemoteDriverContract {
        @Override
        String uri() {
            return "test+tcp://127.0.0.1:" + tcpPort + "/default";
        }

        @Override
        String notFound(String name) {
            return libvirtNotFound(name);
        }
    }
}
