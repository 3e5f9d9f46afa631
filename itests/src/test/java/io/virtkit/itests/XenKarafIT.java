package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The xen:// driver inside the real distribution (a boot feature, with Karaf's own MINA SSHD bundle) against the
 * nested Xen host of xen.bundle's tests: the console lists Domain-0 and shows its dominfo over SSH, and the
 * {@code virtkit-xen} feature comes and goes at runtime while the other drivers keep working.
 *
 * <p>The nested host is booted by this test JVM ({@link NestedXenHost}, in the {@link Configuration}
 * method, which Pax Exam runs here and not in the container) and stops with that JVM (the fixture's shutdown hook;
 * Pax Exam runs a test class's static methods in the container, so the test JVM has no class hook to stop it
 * earlier). The container, a process of its own, gets the URI (with the boot's identity and known_hosts files) as a
 * system property.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class XenKarafIT extends VirtkitKarafTestSupport {

    private static final long WAIT_MILLIS = 60_000;
    private static final String URI_PROPERTY = "virtkit.itest.xen.uri";

    public XenKarafIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() throws InterruptedException {
        Path base = new File("target/xen-itest").getAbsoluteFile().toPath();
        deleteTree(base);
        return distribution("exam-xen",
                systemProperty(URI_PROPERTY).value(NestedXenHost.boot()),
                qemuDirsIn(base, "qemu-"),
                netdevDirsIn(base),
                storageDirsIn(base),
                remoteSocketsIn(base));
    }

    /** The shell's -c value: the URI quoted, as it carries a query with '&'. */
    private static String xenUri() {
        return "'" + System.getProperty(URI_PROPERTY) + "'";
    }

    @Test
    public void theConsoleListsDomain0AndItsInfoOverSsh() throws Exception {
        console().awaitOutput("virt:drivers", out -> out.contains("Xen"));
        String list = console().runOk("virt:list --all -c " + xenUri());
        assertThat(list).containsPattern("\\b0\\s+Domain-0\\s+running");
        String info = console().runOk("virt:dominfo -c " + xenUri() + " Domain-0");
        assertThat(info).containsPattern("Id:\\s+0\\s").containsPattern("Name:\\s+Domain-0\\s")
                .containsPattern("State:\\s+running");
    }

    @Test
    public void theFeatureCanBeRemovedAndAddedAtRuntime() throws Exception {
        console().awaitOutput("virt:list --all -c " + xenUri(), out -> out.contains("Domain-0"));
        Set<String> before = bundleNames();
        KarafConsole.Result reinstall;
        try {
            uninstallFeature("virtkit-xen");
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(bundleNames());
            // MINA SSHD stays: Karaf's ssh feature has the same bundle
            assertThat(removed).containsExactly("io.virtkit.xen");
            KarafConsole.Result gone = console().run("virt:list -c " + xenUri());
            assertThat(gone.failure()).as("xen:// without its driver").isNotNull();
            assertThat(gone.console()).contains("no connection driver available").doesNotContain("\tat ");
            assertThat(console().runOk("virt:list --all -c test:///default")).contains("test");
        } finally {
            reinstall = console().run("feature:install virtkit-xen");
        }
        assertThat(reinstall.failure()).as("feature:install virtkit-xen: %s", reinstall.console()).isNull();
        console().awaitOutput("virt:list --all -c " + xenUri(), out -> out.contains("Domain-0"));
        assertThat(bundleNames()).isEqualTo(before);
    }
}
