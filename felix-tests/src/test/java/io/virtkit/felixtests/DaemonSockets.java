package io.virtkit.felixtests;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import io.virtkit.api.admin.RemoteDaemon;

/**
 * Points the remote daemon at sockets in a test's directory ({@code sock}, {@code sock-ro}; pid io.virtkit.remote)
 * and waits until it listens there. The configuration stays after the test (see RemoteDaemonInFelixTest).
 */
final class DaemonSockets {
    private DaemonSockets() {
    }

    /** The daemon's read-write socket in {@code dir}, once the daemon listens on it. */
    static Path listenIn(BundleContext context, Path dir) throws Exception {
        DriverConfiguration.write(context, "io.virtkit.remote", Map.of("socketPath", dir.resolve("sock").toString(),
                "readOnlySocketPath", dir.resolve("sock-ro").toString()));
        Path socket = dir.resolve("sock");
        ServiceTracker<RemoteDaemon, RemoteDaemon> daemons = new ServiceTracker<>(context, RemoteDaemon.class, null);
        daemons.open();
        try {
            DriverFramework.awaitTrue("a remote daemon on " + socket, () -> {
                RemoteDaemon d = daemons.getService();
                return d != null && d.listeners().stream().anyMatch(l -> l.address().equals(socket.toString()));
            });
        } finally {
            daemons.close();
        }
        return socket;
    }
}
