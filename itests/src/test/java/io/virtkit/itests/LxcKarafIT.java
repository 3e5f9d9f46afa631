package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The lxc:/// driver inside the real distribution (a boot feature): the console lists its containers, the
 * {@code virtkit-lxc} feature comes and goes at runtime, and a real busybox container keeps running while
 * it is away and is controlled by the reinstalled driver. The driver's directories and cgroups are the
 * test's own (needs root, util-linux and busybox-static, as lxc.bundle's tests do).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LxcKarafIT extends VirtkitKarafTestSupport {

    private static final long WAIT_MILLIS = 60_000;
    private static final String URI = "lxc:///";
    private static final String NO_LXC_DRIVER = "no connection driver available for " + URI;
    private static final String BASE_PROPERTY = "virtkit.itest.lxc.base";
    /** Below the Karaf JVM's own group in every hierarchy; removed (when empty) after each test. */
    private static final String CGROUP_PATH = "virtkit-itest-lxc";

    public LxcKarafIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() {
        Path base = new File("target/lxc-itest").getAbsoluteFile().toPath();
        deleteTree(base); // no definitions left over from an earlier run
        return distribution("exam-lxc",
                systemProperty(BASE_PROPERTY).value(base.toString()),
                editConfigurationFilePut("etc/io.virtkit.lxc.cfg", "configDir", base.resolve("config").toString()),
                editConfigurationFilePut("etc/io.virtkit.lxc.cfg", "runtimeDir", base.resolve("run").toString()),
                editConfigurationFilePut("etc/io.virtkit.lxc.cfg", "logDir", base.resolve("log").toString()),
                editConfigurationFilePut("etc/io.virtkit.lxc.cfg", "cgroupPath", CGROUP_PATH),
                // The other boot drivers stay off the host's directories and sockets too.
                qemuDirsIn(base, "qemu-"),
                netdevDirsIn(base),
                storageDirsIn(base),
                remoteSocketsIn(base));
    }

    @Test
    public void theLxcFeatureCanBeRemovedAndAddedAtRuntime() throws Exception {
        assertThat(console().awaitOutput("virt:list --all -c " + URI, out -> out.contains("Name")))
                .doesNotContain("error");
        assertThat(console().runOk("virt:drivers")).containsPattern("(?m)^\\s*LXC\\s+lxc\\s*$");
        Set<String> before = bundleNames();
        KarafConsole.Result reinstall;
        try {
            uninstallFeature("virtkit-lxc");

            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(bundleNames());
            assertThat(removed).containsExactly("io.virtkit.lxc");
            KarafConsole.Result gone = console().run("virt:list -c " + URI);
            assertThat(gone.failure()).as("lxc:/// without its driver").isNotNull();
            assertThat(gone.console()).contains(NO_LXC_DRIVER).doesNotContain("\tat ");
            // The other drivers are untouched.
            assertThat(console().runOk("virt:list --all")).contains("test");
        } finally {
            reinstall = console().run("feature:install virtkit-lxc");
        }
        assertThat(reinstall.failure()).as("feature:install virtkit-lxc: %s", reinstall.console()).isNull();
        console().awaitOutput("virt:list --all -c " + URI, out -> out.contains("Name"));
        assertThat(bundleNames()).isEqualTo(before);
    }

    @Test
    public void aContainerKeepsRunningWhileTheFeatureIsReinstalled() throws Exception {
        Path base = Path.of(System.getProperty(BASE_PROPERTY));
        String name = "itest-lxc";
        String marker = "virtkit-itest-" + UUID.randomUUID();
        Path rootfs = busyboxRootfs(base.resolve("rootfs"));
        Path xml = base.resolve(name + ".xml");
        Files.writeString(xml, "<domain type='lxc'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
                // PID 1 gets only signals it handles; the marker finds init among the host's processes
                + "<initarg>trap 'exit 0' TERM; while :; do sleep 1000 &amp; wait; done # " + marker + "</initarg>"
                + "</os><devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/>"
                + "</filesystem></devices></domain>");
        try {
            console().awaitOutput("virt:list --all -c " + URI, out -> out.contains("Name"));
            assertThat(console().runOk("virt:define -c " + URI + " " + xml)).contains("Domain '" + name + "' defined");
            assertThat(console().runOk("virt:start -c " + URI + " " + name)).contains("Domain '" + name + "' started");
            // start returns once the container is set up; the exec of init follows a moment later
            long init = awaitInitPid(marker).orElseThrow(() -> new AssertionError("no init process of " + name));
            String row = runningRow(console().runOk("virt:list -c " + URI), name);

            uninstallFeature("virtkit-lxc");
            assertThat(initPid(marker)).as("init while the driver is away").contains(init);

            console().runOk("feature:install virtkit-lxc");
            String list = console().awaitOutput("virt:list --all -c " + URI, out -> out.contains(name));
            assertThat(runningRow(list, name)).as("same id, still running").isEqualTo(row);
            assertThat(initPid(marker)).as("init after reinstall").contains(init);

            console().runOk("virt:suspend -c " + URI + " " + name);
            assertThat(console().runOk("virt:domstate -c " + URI + " " + name).strip()).isEqualTo("paused");
            console().runOk("virt:resume -c " + URI + " " + name);
            assertThat(console().runOk("virt:domstate -c " + URI + " " + name).strip()).isEqualTo("running");
            assertThat(console().runOk("virt:destroy -c " + URI + " " + name)).contains("Domain '" + name + "' destroyed");
            assertThat(initPid(marker)).as("init after destroy").isEmpty();
            assertThat(console().runOk("virt:domstate -c " + URI + " " + name).strip()).isEqualTo("shut off");
        } finally {
            console().run("virt:destroy -c " + URI + " " + name);
            console().run("virt:undefine -c " + URI + " " + name);
            // Never leave a container behind, even when the driver could not stop it.
            initPid(marker).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            removeTestCgroups();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The {@code virt:list} row of a running domain, e.g. " 1    itest-lxc   running". */
    private static String runningRow(String list, String name) {
        return list.lines().filter(l -> l.matches("\\s*\\d+\\s+" + name + "\\s+running\\s*")).map(String::strip)
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not running in:\n" + list));
    }

    /** busybox-static as /bin/busybox of a root filesystem, with the applets the container's init uses. */
    private static Path busyboxRootfs(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : List.of("sh", "sleep")) {
            Files.deleteIfExists(bin.resolve(applet));
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        return dir;
    }

    /** The host pid of the process whose command line carries {@code marker}: the container's init. */
    private static Optional<Long> awaitInitPid(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        Optional<Long> pid;
        while ((pid = initPid(marker)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return pid;
    }

    private static Optional<Long> initPid(String marker) {
        return pidWhoseCommandLine(cmdline -> cmdline.contains(marker) && cmdline.startsWith("/bin/sh"));
    }

    /** The driver removes a container's own group; its parent (the configured cgroupPath) is ours to remove. */
    private static void removeTestCgroups() throws IOException {
        try (Stream<Path> dirs = Files.find(Path.of("/sys/fs/cgroup"), 5,
                (p, attrs) -> attrs.isDirectory() && p.getFileName() != null
                        && p.getFileName().toString().equals(CGROUP_PATH))) {
            for (Path dir : dirs.collect(Collectors.toList())) {
                try {
                    Files.deleteIfExists(dir); // rmdir: only an empty group goes
                } catch (IOException e) {
                    // still holds a container's group: the assertions above say why
                }
            }
        }
    }
}
