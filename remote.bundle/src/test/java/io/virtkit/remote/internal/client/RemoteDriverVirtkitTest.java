package io.virtkit.remote.internal.client;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.remote.internal.VirtkitTestDaemon;

/** The remote client driver against Virtkit's own daemon (the test driver behind it), in this JVM. */
class RemoteDriverVirtkitTest {
    @TempDir
    static Path dir;
    static VirtkitTestDaemon daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = VirtkitTestDaemon.start(dir);
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
}
