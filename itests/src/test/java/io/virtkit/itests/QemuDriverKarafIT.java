package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The qemu:/// driver inside the real distribution, on real QEMU (TCG): guests keep running while the
 * driver feature is uninstalled and installed again, and the new driver instance finds them (same
 * processes), reports them running and controls them. The driver's directories are the test's own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QemuDriverKarafIT extends VirtkitKarafTestSupport {

    private static final long WAIT_MILLIS = 60_000;
    private static final String URI = "qemu:///system";

    public QemuDriverKarafIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() {
        Path base = new File("target/qemu-itest").getAbsoluteFile().toPath();
        deleteTree(base); // no definitions left over from an earlier run
        return distribution("exam-qemu",
                qemuDirsIn(base, ""),
                netdevDirsIn(base),
                storageDirsIn(base),
                // The remote daemon (a boot feature) listens on sockets of the test's own, never /run/virtkit's.
                remoteSocketsIn(base));
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

            uninstallFeature("virtkit-qemu");
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
            uninstallFeature("virtkit-netdev");
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

    /** The pid of the QEMU process whose command line carries {@code uuid}. */
    private static Optional<Long> qemuPid(UUID uuid) {
        return pidWhoseCommandLine(cmdline -> cmdline.contains(uuid.toString()) && cmdline.contains("qemu-system"));
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
