package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import io.virtkit.api.driver.HypervisorDriver;

/**
 * Simulator test in plain Felix: the ESX driver bundle behind the remote daemon, driven by the real virsh
 * through libvirt's remote driver ({@code esx+unix:///?socket=…&name=esx://…}: the daemon opens the name it is
 * sent). The daemon side finds the simulator's credentials in the auth.conf that the driver's configuration
 * ({@code io.virtkit.esx}, {@code authFile}) names, since the daemon relays no credentials from virsh. Its answers
 * are compared with libvirt's own ESX driver on the same simulator (virsh {@code esx://…} directly).
 *
 * <p>The simulator is the vcsim launcher that esx.bundle's tests build (esx.bundle/target/vcsim, its path in the
 * framework property {@code virtkit.vcsimLauncher}); the reactor builds esx.bundle, with its tests, first.
 */
class EsxThroughRemoteDaemonInFelixTest {
    private static final long WAIT_MS = 20_000;
    private static final String PASSWORD = "vcsim-Secret1";

    private final BundleContext context = FrameworkUtil.getBundle(EsxThroughRemoteDaemonInFelixTest.class)
            .getBundleContext();
    private ServiceTracker<RemoteDaemon, RemoteDaemon> daemons;
    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmins;
    private Configuration esxConfiguration;
    private Path dir;
    private Process vcsim;
    private int port;

    @BeforeEach
    void startSimulatorAndDaemon() throws Exception {
        Path launcher = Path.of(context.getProperty("virtkit.vcsimLauncher"));
        assertThat(launcher).as("the vcsim launcher esx.bundle's tests build (run them first)").isExecutable();
        dir = Files.createTempDirectory("vk-felix-esx");
        port = startVcsim(launcher);
        Files.writeString(dir.resolve("auth.conf"), """
                [credentials-vcsim]
                username=root
                password=%s

                [auth-esx-127.0.0.1]
                credentials=vcsim
                """.formatted(PASSWORD));

        configAdmins = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmins.open();
        ConfigurationAdmin ca = configAdmins.waitForService(WAIT_MS);
        assertThat(ca).as("Config Admin").isNotNull();
        esxConfiguration = ca.getConfiguration("io.virtkit.esx", "?");
        Dictionary<String, Object> esx = new Hashtable<>();
        esx.put("authFile", dir.resolve("auth.conf").toString());
        esxConfiguration.update(esx);
        awaitEsxDriverWith(dir.resolve("auth.conf"));
        Configuration remote = ca.getConfiguration("io.virtkit.remote", "?");
        Dictionary<String, Object> sockets = new Hashtable<>();
        sockets.put("socketPath", dir.resolve("sock").toString());
        sockets.put("readOnlySocketPath", dir.resolve("sock-ro").toString());
        remote.update(sockets);
        daemons = new ServiceTracker<>(context, RemoteDaemon.class, null);
        daemons.open();
        awaitDaemonOn(dir.resolve("sock"));
    }

    @AfterEach
    void stopSimulator() throws Exception {
        // the remote daemon's configuration stays (see RemoteDaemonInFelixTest); the driver's goes
        if (esxConfiguration != null) {
            esxConfiguration.delete();
        }
        if (daemons != null) {
            daemons.close();
        }
        if (configAdmins != null) {
            configAdmins.close();
        }
        if (vcsim != null) {
            vcsim.destroy();
            if (!vcsim.waitFor(10, TimeUnit.SECONDS)) {
                vcsim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void virshListsDumpsAndStartsAnEsxVmThroughTheDaemonAsLibvirtDoes() throws Exception {
        String direct = "esx://root@127.0.0.1:" + port + "/?no_verify=1";
        String remote = "esx+unix:///?socket=" + dir.resolve("sock") + "&name=" + direct;

        String list = virsh(remote, "list", "--all");
        assertThat(list).containsPattern("\\d+\\s+ha-host_VM0\\s+running").containsPattern("\\d+\\s+ha-host_VM1\\s+running");
        assertThat(list).isEqualTo(virsh(direct, "list", "--all"));
        assertThat(virsh(remote, "dumpxml", "ha-host_VM0")).contains("<source file='[LocalDS_0] ha-host_VM0/disk1.vmdk'/>")
                .isEqualTo(virsh(direct, "dumpxml", "ha-host_VM0"));
        assertThat(virsh(remote, "dominfo", "ha-host_VM0")).isEqualTo(virsh(direct, "dominfo", "ha-host_VM0"));
        assertThat(virsh(remote, "nodeinfo")).isEqualTo(virsh(direct, "nodeinfo"));

        virsh(remote, "destroy", "ha-host_VM1");
        assertThat(virsh(direct, "domstate", "ha-host_VM1").strip()).isEqualTo("shut off");
        virsh(remote, "start", "ha-host_VM1");
        assertThat(virsh(direct, "domstate", "ha-host_VM1").strip()).isEqualTo("running");
        assertThat(virsh(remote, "domstate", "--reason", "ha-host_VM1"))
                .isEqualTo(virsh(direct, "domstate", "--reason", "ha-host_VM1"));
        // libvirt's remote driver answers virsh uri itself, with the URI virsh opened
        assertThat(virsh(remote, "uri").strip()).isEqualTo(remote);
    }

    /** Starts the simulator (ESX mode, two VMs) in the test's directory; its port. */
    private int startVcsim(Path launcher) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "-mode", "esx", "-listen", "127.0.0.1:0", "-user",
                "root", "-password", PASSWORD, "-vms", "2", "-cert", dir.resolve("cert.pem").toString())
                .directory(dir.toFile()).redirectError(dir.resolve("vcsim.log").toFile());
        pb.environment().put("TMPDIR", dir.toString());
        vcsim = pb.start(); // its standard input stays open: it exits when this JVM goes
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(vcsim.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String ready = line.get(60, TimeUnit.SECONDS);
        assertThat(ready).as("vcsim's URL line; its log: %s", Files.readString(dir.resolve("vcsim.log")))
                .startsWith("VCSIM_URL ");
        return java.net.URI.create(ready.substring("VCSIM_URL ".length()).strip()).getPort();
    }

    /**
     * SCR brings the driver back with a new configuration asynchronously (it has no modified method): until its
     * service carries the new authFile, a connection could still meet the driver as it was.
     */
    private void awaitEsxDriverWith(Path authFile) throws Exception {
        String filter = "(&(objectClass=" + HypervisorDriver.class.getName() + ")(authFile=" + authFile + "))";
        ServiceTracker<HypervisorDriver, HypervisorDriver> drivers =
                new ServiceTracker<>(context, context.createFilter(filter), null);
        drivers.open();
        try {
            assertThat(drivers.waitForService(WAIT_MS)).as("the ESX driver configured with %s", authFile).isNotNull();
        } finally {
            drivers.close();
        }
        try (DriverFramework framework = DriverFramework.await(context, "esx", "the ESX driver")) {
            assertThat(framework.driver("esx")).isPresent();
        }
    }

    private void awaitDaemonOn(Path socket) throws InterruptedException {
        DriverFramework.awaitTrue("a remote daemon on " + socket, () -> {
            RemoteDaemon d = daemons.getService();
            return d != null && d.listeners().stream().anyMatch(l -> l.address().equals(socket.toString()));
        });
    }

    /** virsh -q with libvirt's own ESX driver finding the simulator's credentials in the test's auth.conf. */
    private String virsh(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-q", "-c", uri));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "virsh", ".out");
        Path err = Files.createTempFile(dir, "virsh", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("LIBVIRT_DEFAULT_URI");
        env.put("LIBVIRT_AUTH_FILE", dir.resolve("auth.conf").toString());
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("LIBVIRT_LOG_OUTPUTS", "1:file:" + dir.resolve("libvirt.log")); // its esx driver's warnings
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("virsh finished").isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as("virsh %s %s: %s%s", uri, List.of(args), text, Files.readString(err)).isZero();
        return text;
    }
}
