package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
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

import io.virtkit.api.admin.RemoteDaemon;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * Debian's virsh against Virtkit's remote daemon in plain Felix, reaching the Xen driver on the nested Xen host: virsh
 * names the daemon's socket and, in {@code name=}, the {@code xen://} URI the daemon opens
 * ({@code xen+unix:///?socket=…&name=xen://…}; virsh's own libxl driver is never involved). A PV guest is defined,
 * started, destroyed and undefined through virsh; {@code xl} in dom0 confirms each step.
 */
class XenThroughRemoteDaemonInFelixTest {
    private static final long WAIT_MS = 20_000;
    private static final String GUEST = "vk-pkg-felix";

    private final BundleContext context = FrameworkUtil.getBundle(XenThroughRemoteDaemonInFelixTest.class)
            .getBundleContext();
    private ServiceTracker<RemoteDaemon, RemoteDaemon> daemons;
    private XenHostFixture host;
    private Path dir;

    @BeforeEach
    void startTheDaemon() throws Exception {
        host = XenHostFixture.shared();
        dir = Files.createTempDirectory("vk-felix-xen");
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmins =
                new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmins.open();
        try {
            ConfigurationAdmin ca = configAdmins.waitForService(WAIT_MS);
            assertThat(ca).as("Config Admin").isNotNull();
            Configuration remote = ca.getConfiguration("io.virtkit.remote", "?");
            Dictionary<String, Object> sockets = new Hashtable<>();
            sockets.put("socketPath", dir.resolve("sock").toString());
            sockets.put("readOnlySocketPath", dir.resolve("sock-ro").toString());
            remote.update(sockets);
        } finally {
            configAdmins.close();
        }
        daemons = new ServiceTracker<>(context, RemoteDaemon.class, null);
        daemons.open();
        Path socket = dir.resolve("sock");
        DriverFramework.awaitTrue("a remote daemon on " + socket, () -> {
            RemoteDaemon d = daemons.getService();
            return d != null && d.listeners().stream().anyMatch(l -> l.address().equals(socket.toString()));
        });
        DriverFramework.await(context, "xen", "the Xen driver").close();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (host != null) {
                host.run("xl destroy " + GUEST + " 2>/dev/null; rm -f /etc/virtkit/xen/" + GUEST + ".xml /run/virtkit/xen/"
                        + GUEST + ".xml", Duration.ofSeconds(60));
            }
        } finally {
            if (daemons != null) {
                daemons.close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void virshListsDomain0AndRunsAPvGuestThroughTheDaemon() throws Exception {
        // the xen:// URI carries its own query (keyfile, known_hosts): escaped whole as the name parameter's value
        String remote = "xen+unix:///?socket=" + dir.resolve("sock") + "&name="
                + URLEncoder.encode(host.uri(), StandardCharsets.UTF_8);

        assertThat(virsh(remote, "list", "--all")).containsPattern("(?m)^\\s*0\\s+Domain-0\\s+running\\s*$");
        assertThat(virsh(remote, "dominfo", "Domain-0")).containsPattern("(?m)^Id:\\s+0$")
                .containsPattern("(?m)^Name:\\s+Domain-0$")
                .containsPattern("(?m)^State:\\s+running$");

        Path xml = dir.resolve(GUEST + ".xml");
        Files.writeString(xml, pvGuest(GUEST, 128));
        virsh(remote, "define", xml.toString()); // -q: virsh's own "defined", "started"... lines are left out
        assertThat(virsh(remote, "list", "--all")).containsPattern("(?m)^\\s*-\\s+" + GUEST + "\\s+shut off\\s*$");
        assertThat(virsh(remote, "domstate", GUEST).strip()).isEqualTo("shut off");

        virsh(remote, "start", GUEST);
        assertThat(host.runChecked("xl list")).contains(GUEST);
        assertThat(virsh(remote, "domstate", GUEST).strip()).isEqualTo("running");
        assertThat(virsh(remote, "dominfo", GUEST)).containsPattern("(?m)^Max memory:\\s+131072 KiB$");

        virsh(remote, "destroy", GUEST);
        assertThat(host.runChecked("xl list")).doesNotContain(GUEST);
        assertThat(virsh(remote, "domstate", GUEST).strip()).isEqualTo("shut off");

        virsh(remote, "undefine", GUEST);
        assertThat(virsh(remote, "list", "--all")).doesNotContain(GUEST);
        assertThat(host.run("ls /etc/virtkit/xen/" + GUEST + ".xml", Duration.ofSeconds(10)).exitCode()).isNotZero();
    }

    /** A PV guest of the test kernel dom0 carries (xen.bundle's XenGuests.pv, which is not in the test-jar). */
    private static String pvGuest(String name, int memoryMiB) {
        String guests = XenHostFixture.guestDirectory();
        return """
                <domain type='xen'>
                  <name>%s</name>
                  <memory unit='MiB'>%d</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type>xen</type>
                    <kernel>%s/vmlinuz</kernel>
                    <initrd>%s/initrd</initrd>
                    <cmdline>console=hvc0 loglevel=4</cmdline>
                  </os>
                  <devices>
                    <console type='pty'/>
                  </devices>
                </domain>
                """.formatted(name, memoryMiB, guests, guests);
    }

    /** virsh -q, nothing of the caller's libvirt configuration. */
    private String virsh(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-q", "-c", uri));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "virsh", ".out");
        Path err = Files.createTempFile(dir, "virsh", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("LIBVIRT_DEFAULT_URI");
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("virsh %s finished", List.of(args)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as("virsh %s %s: %s%s", uri, List.of(args), text, Files.readString(err)).isZero();
        return text;
    }
}
