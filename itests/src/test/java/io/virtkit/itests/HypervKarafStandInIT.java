package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Stand-in test: the hyperv:// driver inside the real distribution (a boot feature) against the stand-in Hyper-V
 * endpoint of hyperv.bundle's test-jar (no Hyper-V host can run here): the console lists the stand-in's VMs and shows
 * their dominfo, asks for the password (masked) or takes it from the auth.conf the configuration names, starts and
 * destroys a VM, and the {@code virtkit-hyperv} feature comes and goes at runtime while the other drivers keep working.
 *
 * <p>The stand-in is started by this test JVM ({@link HypervStandIn}, in the {@link Configuration} method, which Pax
 * Exam runs here and not in the container) and stops with that JVM; the container, a process of its own, gets its
 * URI and password as system properties.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HypervKarafStandInIT extends VirtkitKarafTestSupport {

    private static final long WAIT_MILLIS = 60_000;
    private static final String BASE_PROPERTY = "virtkit.itest.hyperv.base";
    private static final String URI_PROPERTY = "virtkit.itest.hyperv.uri";
    private static final String PASSWORD = "itest-StandIn1";

    public HypervKarafStandInIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() {
        Path base = new File("target/hyperv-itest").getAbsoluteFile().toPath();
        deleteTree(base);
        return distribution("exam-hyperv",
                systemProperty(BASE_PROPERTY).value(base.toString()),
                systemProperty(URI_PROPERTY).value(HypervStandIn.start(PASSWORD)),
                // the driver reads the file per connection: each test writes it or leaves it absent
                editConfigurationFilePut("etc/io.virtkit.hyperv.cfg", "authFile", base.resolve("auth.conf").toString()),
                qemuDirsIn(base, "qemu-"),
                netdevDirsIn(base),
                storageDirsIn(base),
                remoteSocketsIn(base));
    }

    @After
    public void forgetTheCredentials() throws Exception {
        Files.deleteIfExists(base().resolve("auth.conf"));
    }

    private static Path base() {
        return Path.of(System.getProperty(BASE_PROPERTY));
    }

    /** The shell's -c value: the stand-in's URI, with {@code user} when not null, quoted (it has a query). */
    private static String uri(String user) {
        String uri = System.getProperty(URI_PROPERTY);
        return "'" + (user == null ? uri : uri.replaceFirst("^hyperv://", "hyperv://" + user + "@")) + "'";
    }

    private static void writeAuthFile() throws Exception {
        Files.createDirectories(base());
        Files.writeString(base().resolve("auth.conf"), "[credentials-standin]\nusername=" + HypervStandIn.USER
                + "\npassword=" + PASSWORD + "\n\n[auth-hyperv-127.0.0.1]\ncredentials=standin\n");
    }

    @Test
    public void theConsoleAsksForWhatIsMissingAndMasksThePassword() throws Exception {
        console().awaitOutput("virt:drivers", out -> out.contains("Hyper-V"));
        KarafConsole.Result withUser = console().run("virt:list --all -c " + uri(HypervStandIn.USER), PASSWORD + "\n");
        assertThat(withUser.failure()).as(withUser.console()).isNull();
        assertThat(withUser.console()).contains("Enter administrator's password for 127.0.0.1")
                .containsPattern("\\d+\\s+web01\\s+running").containsPattern("-\\s+db01\\s+shut off")
                .doesNotContain(PASSWORD);

        // no user in the URI: the console proposes libvirt's default for Hyper-V (administrator); an empty line takes it
        KarafConsole.Result noUser = console().run("virt:list --all -c " + uri(null), "\n" + PASSWORD + "\n");
        assertThat(noUser.failure()).as(noUser.console()).isNull();
        assertThat(noUser.console()).contains("Enter username for 127.0.0.1 [administrator]").contains("web01");

        KarafConsole.Result wrong = console().run("virt:list --all -c " + uri(HypervStandIn.USER), "not-it\n");
        assertThat(wrong.failure()).isNotNull();
        assertThat(wrong.console()).containsIgnoringCase("auth").doesNotContain("\tat ");
    }

    @Test
    public void theConfiguredAuthFileAnswersWithoutAPromptAndDominfoShowsTheVm() throws Exception {
        writeAuthFile();
        String info = console().runOk("virt:dominfo -c " + uri(null) + " web01");
        assertThat(info).containsPattern("Name:\\s+web01\\s").containsPattern("State:\\s+running")
                .containsPattern("CPU\\(s\\):\\s+2\\s").containsPattern("Used memory:\\s+1048576 KiB")
                .doesNotContain("Enter");
    }

    @Test
    public void theConsoleStartsAndDestroysAVm() throws Exception {
        writeAuthFile();
        assertThat(console().runOk("virt:domstate -c " + uri(null) + " db01")).contains("shut off");
        try {
            console().runOk("virt:start -c " + uri(null) + " db01");
            assertThat(console().runOk("virt:domstate -c " + uri(null) + " db01")).contains("running");
            assertThat(console().runOk("virt:list -c " + uri(null))).containsPattern("\\d+\\s+db01\\s+running");
        } finally {
            console().run("virt:destroy -c " + uri(null) + " db01");
        }
        assertThat(console().runOk("virt:domstate -c " + uri(null) + " db01")).contains("shut off");
    }

    @Test
    public void theFeatureCanBeRemovedAndAddedAtRuntime() throws Exception {
        writeAuthFile();
        console().awaitOutput("virt:list --all -c " + uri(null), out -> out.contains("web01"));
        Set<String> before = bundleNames();
        KarafConsole.Result reinstall;
        try {
            uninstallFeature("virtkit-hyperv");
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(bundleNames());
            assertThat(removed).containsExactly("io.virtkit.hyperv");
            KarafConsole.Result gone = console().run("virt:list -c " + uri(null));
            assertThat(gone.failure()).as("hyperv:// without its driver").isNotNull();
            assertThat(gone.console()).contains("no connection driver available").doesNotContain("\tat ");
            assertThat(console().runOk("virt:list --all -c test:///default")).contains("test");
        } finally {
            reinstall = console().run("feature:install virtkit-hyperv");
        }
        assertThat(reinstall.failure()).as("feature:install virtkit-hyperv: %s", reinstall.console()).isNull();
        console().awaitOutput("virt:list --all -c " + uri(null), out -> out.contains("web01"));
        assertThat(bundleNames()).isEqualTo(before);
    }
}
