package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;

/**
 * The remote daemon bundle in plain Felix (SCR + Config Admin, no Karaf): configured through
 * {@code io.virtkit.remote} onto sockets of this test's own, served to the real virsh.
 */
class RemoteDaemonInFelixTest {
    private static final long WAIT_MS = 20_000;

    private final BundleContext context = FrameworkUtil.getBundle(RemoteDaemonInFelixTest.class).getBundleContext();
    private ServiceTracker<RemoteDaemon, RemoteDaemon> daemons;
    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmins;
    private Configuration configuration;
    private Path dir;

    @BeforeEach
    void configure() throws Exception {
        dir = Files.createTempDirectory("vk-felix-remote");
        daemons = new ServiceTracker<>(context, RemoteDaemon.class, null);
        daemons.open();
        configAdmins = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmins.open();
        ConfigurationAdmin ca = configAdmins.waitForService(WAIT_MS);
        assertThat(ca).as("Config Admin").isNotNull();
        configuration = ca.getConfiguration("io.virtkit.remote", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("socketPath", dir.resolve("sock").toString());
        props.put("readOnlySocketPath", dir.resolve("sock-ro").toString());
        configuration.update(props);
    }

    @AfterEach
    void cleanUp() throws IOException {
        // The configuration stays: deleting it would bring the daemon back on the default /run/virtkit
        // sockets, which the tester's exit (no framework shutdown) would then leave behind.
        daemons.close();
        configAdmins.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private RemoteDaemon awaitDaemonOn(Path socket) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            RemoteDaemon d = daemons.getService();
            if (d != null && d.listeners().stream().anyMatch(l -> l.address().equals(socket.toString()))) {
                return d;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no RemoteDaemon listening on " + socket + " after " + WAIT_MS + " ms");
    }

    private static String virsh(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-c", uri));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("virsh", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().remove("LIBVIRT_DEFAULT_URI");
            Process p = pb.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("virsh finished").isTrue();
            String text = Files.readString(out);
            assertThat(p.exitValue()).as("virsh %s: %s", args, text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void servesVirshOnTheConfiguredSockets() throws Exception {
        Path socket = dir.resolve("sock");
        RemoteDaemon daemon = awaitDaemonOn(socket);
        assertThat(daemon.listeners()).extracting(ListenerInfo::address, ListenerInfo::readOnly)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(socket.toString(), false),
                        org.assertj.core.groups.Tuple.tuple(dir.resolve("sock-ro").toString(), true));

        assertThat(virsh("test+unix:///default?socket=" + socket, "list", "--all")).containsPattern("1\\s+test\\s+running");
        assertThat(virsh("test+unix:///default?socket=" + dir.resolve("sock-ro"), "-r", "domstate", "test"))
                .contains("running");
        // each virsh closed its connection: virsh exiting is not the daemon having read that close, so wait for it
        DriverFramework.awaitTrue("both virsh clients to be gone from the daemon", () -> daemon.clients().isEmpty());
    }

    /** The storage procedures and their streams, wired through OSGi: the test driver's pool over the daemon. */
    @Test
    void servesTheTestDriversStorageWithUploadAndDownload() throws Exception {
        Path socket = dir.resolve("sock");
        awaitDaemonOn(socket);
        String uri = "test+unix:///default?socket=" + socket;
        assertThat(virsh(uri, "pool-list", "--all")).containsPattern("default-pool\\s+active");
        virsh(uri, "vol-create-as", "default-pool", "felix.img", "1M");
        try {
            byte[] content = new byte[300 * 1024 + 7];
            new Random(7).nextBytes(content);
            Path up = dir.resolve("up.img");
            Path down = dir.resolve("down.img");
            Files.write(up, content);
            virsh(uri, "vol-upload", "felix.img", up.toString(), "--pool", "default-pool");
            virsh(uri, "vol-download", "felix.img", down.toString(), "--pool", "default-pool");
            byte[] read = Files.readAllBytes(down);
            assertThat(read).hasSize(1 << 20); // the whole volume: the upload, then zeros
            assertThat(Arrays.copyOf(read, content.length)).isEqualTo(content);
        } finally {
            virsh(uri, "vol-delete", "felix.img", "--pool", "default-pool");
        }
    }
}
