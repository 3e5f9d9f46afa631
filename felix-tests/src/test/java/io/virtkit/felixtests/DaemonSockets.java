package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmins =
                new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmins.open();
        try {
            ConfigurationAdmin ca = configAdmins.waitForService(DriverFramework.WAIT.toMillis());
            assertThat(ca).as("Config Admin").isNotNull();
            Configuration remote = ca.getConfiguration("io.virtkit.remote", "?");
            Dictionary<String, Object> sockets = new Hashtable<>();
            sockets.put("socketPath", dir.resolve("sock").toString());
            sockets.put("readOnlySocketPath", dir.resolve("sock-ro").toString());
            remote.update(sockets);
        } finally {
            configAdmins.close();
        }
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
