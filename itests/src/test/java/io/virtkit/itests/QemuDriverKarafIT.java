package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.virtkit.api.ConnectionFactory;

/**
 * The qemu:/// driver inside the real distribution, on real QEMU (TCG): guests keep running while the
 * driver feature is uninstalled and installed again, and the new driver instance finds them (same
 * processes), reports them running and controls them. The driver's directories are the test's own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QemuDriverKarafIT {

    private static final long WAIT_MILLIS = 60_000;
    private static final String URI = "qemu:///system";

    @Inject
    private SessionFactory sessionFactory;

    private KarafConsole console() {
        return new KarafConsole(sessionFactory, WAIT_MILLIS);
    }

    private KarafConsole.Result run(String command) {
        return console().run(command);
    }

    private String runOk(String command) {
        return console().runOk(command);
    }

    private String awaitOutput(String command, Predicate<String> expected) throws InterruptedException {
        return console().awaitOutput(command, expected);
    }

    @Inject
    private ConnectionFactory connectionFactory;

    @Configuration
    public Option[] config() {
        String localRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        Path base = new File("target/qemu-itest").getAbsoluteFile().toPath();
        deleteTree(base); // no definitions left over from an earlier run
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven("io.virtkit", "virtkit-distribution")
                            .version(System.getProperty("virtkit.version")).type("tar.gz"))
                    .name("Virtkit")
                    .unpackDirectory(new File("target/exam-qemu"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.WARN),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", localRepository),
            systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepository),
            editConfigurationFilePut("etc/io.virtkit.qemu.cfg", "systemConfigDir", base.resolve("config").toString()),
            editConfigurationFilePut("etc/io.virtkit.qemu.cfg", "systemRuntimeDir", base.resolve("run").toString()),
            editConfigurationFilePut("etc/io.virtkit.qemu.cfg", "systemLogDir", base.resolve("log").toString()),
            editConfigurationFilePut("etc/io.virtkit.netdev.cfg", "stateDir", base.resolve("network").toString()),
            editConfigurationFilePut("etc/io.virtkit.netdev.cfg", "runDir", base.resolve("network-run").toString()),
            // The remote daemon (a boot feature) listens on sockets of the test's own, never /run/virtkit's.
            editConfigurationFilePut("etc/io.virtkit.remote.cfg", "socketPath", base.resolve("sock").toString()),
            editConfigurationFilePut("etc/io.virtkit.remote.cfg", "readOnlySocketPath", base.resolve("sock-ro").toString()),
            mavenBundle("net.bytebuddy", "byte-buddy", System.getProperty("bytebuddy.version")),
            mavenBundle("org.assertj", "assertj-core", System.getProperty("assertj.version")),
        };
    }

    @Test
    public void guestsSurviveUninstallingAndReinstallingTheDriverFeature() throws Exception {
        Map<String, UUID> guests = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try {
            awaitOutput("virt:list --all -c " + URI, out -> true);
            for (int i = 0; i < 3; i++) {
                String name = "itest-qemu-" + i;
                UUID uuid = UUID.randomUUID();
                guests.put(name, uuid);
                Path xml = Files.createTempFile(name, ".xml");
                files.add(xml);
                Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                        + "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>");
                assertThat(runOk("virt:define -c " + URI + " " + xml)).contains("Domain '" + name + "' defined");
                assertThat(runOk("virt:start -c " + URI + " " + name)).contains("Domain '" + name + "' started");
            }
            Map<String, Long> pids = new LinkedHashMap<>();
            guests.forEach((name, uuid) -> pids.put(name, qemuPid(uuid).orElseThrow(
                    () -> new AssertionError("no QEMU process for " + name))));

            runOk("feature:uninstall virtkit-qemu");
            KarafConsole.Result gone = run("virt:list --all -c " + URI);
            assertThat(gone.failure()).as("qemu:/// without its driver").isNotNull();
            assertThat(gone.console()).contains("no connection driver available for " + URI);
            guests.forEach((name, uuid) -> assertThat(qemuPid(uuid)).as(name + " after uninstall")
                    .contains(pids.get(name)));

            runOk("feature:install virtkit-qemu");
            String list = awaitOutput("virt:list --all -c " + URI,
                    out -> guests.keySet().stream().allMatch(out::contains));
            for (String name : guests.keySet()) {
                assertThat(list.lines()).as(list).anyMatch(l -> l.matches("\\s*\\d+\\s+" + name + "\\s+running\\s*"));
                assertThat(qemuPid(guests.get(name))).as(name + " after reinstall").contains(pids.get(name));
            }

            // Still controllable through the new driver instance.
            String first = guests.keySet().iterator().next();
            runOk("virt:suspend -c " + URI + " " + first);
            assertThat(runOk("virt:domstate -c " + URI + " " + first).strip()).isEqualTo("paused");
            runOk("virt:resume -c " + URI + " " + first);
            assertThat(runOk("virt:domstate -c " + URI + " " + first).strip()).isEqualTo("running");
            for (String name : guests.keySet()) {
                assertThat(runOk("virt:destroy -c " + URI + " " + name)).contains("Domain '" + name + "' destroyed");
                awaitGone(guests.get(name));
            }
        } finally {
            for (String name : guests.keySet()) {
                run("virt:destroy -c " + URI + " " + name);
                run("virt:undefine -c " + URI + " " + name);
            }
            // Never leave a guest behind, even when the driver could not.
            guests.values().forEach(uuid -> qemuPid(uuid).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly));
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    @Test
    public void theNetworkDriverFeatureCanBeRemovedAndAddedAtRuntime() throws Exception {
        // Only listing: a started network would create a bridge in the host's namespace, which tests never do.
        String before = awaitOutput("virt:net-list --all -c " + URI, out -> out.contains("Name"));
        try {
            runOk("feature:uninstall virtkit-netdev");
            KarafConsole.Result gone = run("virt:net-list --all -c " + URI);
            assertThat(gone.failure()).as("qemu:/// networks without the netdev feature").isNotNull();
            assertThat(gone.console()).contains("this function is not supported by the connection driver: "
                    + "virConnectListAllNetworks");
            // The hypervisor driver is untouched.
            assertThat(runOk("virt:list --all -c " + URI)).contains("Name");
        } finally {
            run("feature:install virtkit-netdev");
        }
        assertThat(awaitOutput("virt:net-list --all -c " + URI, out -> out.contains("Name"))).isEqualTo(before);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new AssertionError("cannot clean " + root, e);
        }
    }

    /** The pid of the QEMU process whose command line carries {@code uuid}. */
    private static Optional<Long> qemuPid(UUID uuid) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> cmdline(p).contains(uuid.toString()) && cmdline(p).contains("qemu-system"))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String cmdline(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void awaitGone(UUID uuid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (qemuPid(uuid).isPresent()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("QEMU of " + uuid + " still runs after destroy");
            }
            Thread.sleep(50);
        }
    }

}
