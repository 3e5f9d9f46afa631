package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;


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
    private static final String PASSWORD = "vcsim-Secret1";

    private final BundleContext context = FrameworkUtil.getBundle(EsxThroughRemoteDaemonInFelixTest.class)
            .getBundleContext();
    private DriverConfiguration esxConfiguration;
    private Path dir;
    private Process vcsim;
    private int port;
    private Virsh virsh;

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

        esxConfiguration = DriverConfiguration.set(context, "io.virtkit.esx", "esx", "the ESX driver", "authFile",
                dir.resolve("auth.conf").toString());
        DaemonSockets.listenIn(context, dir);
        // libvirt's own ESX driver finds the simulator's credentials in the test's auth.conf; its warnings to a log
        virsh = new Virsh(dir, Map.of("LIBVIRT_AUTH_FILE", dir.resolve("auth.conf").toString(),
                "LIBVIRT_LOG_OUTPUTS", "1:file:" + dir.resolve("libvirt.log")));
    }

    @AfterEach
    void stopSimulator() throws Exception {
        // the remote daemon's configuration stays (see RemoteDaemonInFelixTest); the driver's goes
        if (esxConfiguration != null) {
            esxConfiguration.close();
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

        String list = virsh.run(remote, "list", "--all");
        assertThat(list).containsPattern("\\d+\\s+ha-host_VM0\\s+running").containsPattern("\\d+\\s+ha-host_VM1\\s+running");
        assertThat(list).isEqualTo(virsh.run(direct, "list", "--all"));
        assertThat(virsh.run(remote, "dumpxml", "ha-host_VM0")).contains("<source file='[LocalDS_0] ha-host_VM0/disk1.vmdk'/>")
                .isEqualTo(virsh.run(direct, "dumpxml", "ha-host_VM0"));
        assertThat(virsh.run(remote, "dominfo", "ha-host_VM0")).isEqualTo(virsh.run(direct, "dominfo", "ha-host_VM0"));
        assertThat(virsh.run(remote, "nodeinfo")).isEqualTo(virsh.run(direct, "nodeinfo"));

        virsh.run(remote, "destroy", "ha-host_VM1");
        assertThat(virsh.run(direct, "domstate", "ha-host_VM1").strip()).isEqualTo("shut off");
        virsh.run(remote, "start", "ha-host_VM1");
        assertThat(virsh.run(direct, "domstate", "ha-host_VM1").strip()).isEqualTo("running");
        assertThat(virsh.run(remote, "domstate", "--reason", "ha-host_VM1"))
                .isEqualTo(virsh.run(direct, "domstate", "--reason", "ha-host_VM1"));
        // libvirt's remote driver answers virsh uri itself, with the URI virsh opened
        assertThat(virsh.run(remote, "uri").strip()).isEqualTo(remote);
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
}
