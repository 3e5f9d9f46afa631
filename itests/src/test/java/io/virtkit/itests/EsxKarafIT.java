package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Simulator test: the esx:// driver inside the real distribution (a boot feature) against govmomi's vSphere
 * simulator (the launcher esx.bundle's tests build into its target/vcsim): the console asks for the password
 * (masked) or takes it from the auth.conf the configuration names, checks the server's certificate against the
 * configured CA file, and the {@code virtkit-esx} feature comes and goes at runtime.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EsxKarafIT extends VirtkitKarafTestSupport {

    private static final long WAIT_MILLIS = 60_000;
    private static final String BASE_PROPERTY = "virtkit.itest.esx.base";
    private static final String LAUNCHER_PROPERTY = "virtkit.itest.esx.launcher";
    private static final String PASSWORD = "itest-Secret1";

    private Process simulator;
    private int port;

    public EsxKarafIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() {
        Path base = new File("target/esx-itest").getAbsoluteFile().toPath();
        deleteTree(base);
        Path launcher = new File("../esx.bundle/target/vcsim/vcsim-launcher").getAbsoluteFile().toPath();
        return distribution("exam-esx",
                systemProperty(BASE_PROPERTY).value(base.toString()),
                systemProperty(LAUNCHER_PROPERTY).value(launcher.toString()),
                // the simulator writes its certificate there when it starts; the driver reads CA files per connection
                editConfigurationFilePut("etc/io.virtkit.esx.cfg", "caFile", base.resolve("vcsim/cert.pem").toString()),
                editConfigurationFilePut("etc/io.virtkit.esx.cfg", "authFile", base.resolve("auth.conf").toString()),
                qemuDirsIn(base, "qemu-"),
                netdevDirsIn(base),
                storageDirsIn(base),
                remoteSocketsIn(base));
    }

    @Before
    public void startSimulator() throws Exception {
        Path launcher = Path.of(System.getProperty(LAUNCHER_PROPERTY));
        assertThat(launcher).as("the vcsim launcher (built by esx.bundle's tests)").isExecutable();
        Path dir = Files.createDirectories(base().resolve("vcsim"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "-mode", "esx", "-listen", "127.0.0.1:0",
                "-user", "root", "-password", PASSWORD, "-vms", "2", "-cert", dir.resolve("cert.pem").toString())
                .directory(dir.toFile()).redirectError(dir.resolve("vcsim.log").toFile());
        pb.environment().put("TMPDIR", dir.toString());
        simulator = pb.start();
        String ready = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(ready).as("the simulator's first line").startsWith("VCSIM_URL ");
        port = java.net.URI.create(ready.substring("VCSIM_URL ".length()).strip()).getPort();
    }

    @After
    public void stopSimulator() throws Exception {
        Files.deleteIfExists(base().resolve("auth.conf"));
        if (simulator != null) {
            simulator.destroy();
            if (!simulator.waitFor(10, TimeUnit.SECONDS)) {
                simulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        deleteTree(base().resolve("vcsim"));
    }

    private static Path base() {
        return Path.of(System.getProperty(BASE_PROPERTY));
    }

    private String uri(String user, String query) {
        return "'esx://" + (user == null ? "" : user + "@") + "127.0.0.1:" + port + "/" + (query == null ? "" : "?" + query)
                + "'";
    }

    @Test
    public void theConsoleAsksForWhatIsMissingAndMasksThePassword() throws Exception {
        console().awaitOutput("virt:drivers", out -> out.contains("ESX"));
        KarafConsole.Result withUser = console().run("virt:list --all -c " + uri("root", null), PASSWORD + "\n");
        assertThat(withUser.failure()).as(withUser.console()).isNull();
        assertThat(withUser.console()).contains("Enter root's password for 127.0.0.1").contains("ha-host_VM0")
                .contains("ha-host_VM1").doesNotContain(PASSWORD);

        // no user in the URI: the console proposes libvirt's default (root); an empty line takes it
        KarafConsole.Result noUser = console().run("virt:list --all -c " + uri(null, null), "\n" + PASSWORD + "\n");
        assertThat(noUser.failure()).as(noUser.console()).isNull();
        assertThat(noUser.console()).contains("Enter username for 127.0.0.1 [root]").contains("ha-host_VM0");

        KarafConsole.Result wrong = console().run("virt:list --all -c " + uri("root", null), "not-it\n");
        assertThat(wrong.failure()).isNotNull();
        assertThat(wrong.console()).contains("for call to 'Login'").doesNotContain("\tat ");
    }

    @Test
    public void theConfiguredAuthFileAnswersWithoutAPrompt() throws Exception {
        Files.writeString(base().resolve("auth.conf"), "[credentials-sim]\nusername=root\npassword=" + PASSWORD
                + "\n\n[auth-esx-127.0.0.1]\ncredentials=sim\n");
        String out = console().runOk("virt:dominfo -c " + uri(null, null) + " ha-host_VM0");
        assertThat(out).containsPattern("State:\\s+running").doesNotContain("Enter");
    }

    @Test
    public void theFeatureCanBeRemovedAndAddedAtRuntime() throws Exception {
        Files.writeString(base().resolve("auth.conf"), "[credentials-sim]\nusername=root\npassword=" + PASSWORD
                + "\n\n[auth-esx-127.0.0.1]\ncredentials=sim\n");
        console().awaitOutput("virt:list --all -c " + uri(null, null), out -> out.contains("ha-host_VM0"));
        Set<String> before = bundleNames();
        KarafConsole.Result reinstall;
        try {
            uninstallFeature("virtkit-esx");
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(bundleNames());
            assertThat(removed).containsExactly("io.virtkit.esx");
            KarafConsole.Result gone = console().run("virt:list -c " + uri(null, null));
            assertThat(gone.failure()).as("esx:// without its driver").isNotNull();
            assertThat(gone.console()).contains("no connection driver available").doesNotContain("\tat ");
        } finally {
            reinstall = console().run("feature:install virtkit-esx");
        }
        assertThat(reinstall.failure()).as("feature:install virtkit-esx: %s", reinstall.console()).isNull();
        console().awaitOutput("virt:list --all -c " + uri(null, null), out -> out.contains("ha-host_VM0"));
        assertThat(bundleNames()).isEqualTo(before);
    }

    @Test
    public void anUntrustedCertificateIsRefusedUnlessNoVerify() throws IOException {
        // the configured CA file is the simulator's own certificate; a copy of another one is not
        Path cert = base().resolve("vcsim/cert.pem");
        String real = Files.readString(cert);
        Files.writeString(cert, "");
        try {
            KarafConsole.Result refused = console().run("virt:list -c " + uri("root", null), PASSWORD + "\n");
            assertThat(refused.failure()).isNotNull();
            assertThat(refused.console()).contains("certificate").doesNotContain("\tat ");
            KarafConsole.Result skipped = console().run("virt:list --all -c " + uri("root", "no_verify=1"),
                    PASSWORD + "\n");
            assertThat(skipped.failure()).as(skipped.console()).isNull();
            assertThat(skipped.console()).contains("ha-host_VM0");
        } finally {
            Files.writeString(cert, real);
        }
    }
}
