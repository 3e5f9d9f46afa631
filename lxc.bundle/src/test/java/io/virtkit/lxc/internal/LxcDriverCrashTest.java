package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.netdev.internal.ChildJvm;
import io.virtkit.netdev.internal.CrashRounds;
import io.virtkit.netdev.internal.CrashRounds.ListedDomain;

/**
 * The daemon killed with SIGKILL at spread-out moments of a container's start (the driver runs in a JVM of
 * its own, {@link LxcDriverChild}), then started again on the same directories: the container is then either
 * listed running with its real init, cgroup and veth, or shut off with no process of it left (neither in
 * its cgroup nor the controller chain outside it), no cgroup, no veth and no runtime file. Never paused
 * because of the crash. Checked each round from outside (/proc, the cgroup tree, ip link in the test
 * namespace the veths' host ends live in), not only with Virtkit's own view.
 */
class LxcDriverCrashTest implements CrashRounds.DomainSubject {

    private static final int ROUNDS = 20;
    private static final String NAME = "crashct";
    private static final String BRIDGE = "vklcbr0";

    @TempDir
    Path tmp;

    private final String marker = "vkcrash-" + UUID.randomUUID();
    private final String cgroupPath = "virtkit-test/lxccrash-" + UUID.randomUUID().toString().substring(0, 8);
    private CrashRounds rounds;

    @AfterEach
    void tearDown() throws Exception {
        if (rounds != null) {
            rounds.close(() -> {
                processes().forEach(ProcessHandle::destroyForcibly);
                LxcTests.removeLeftGroups(List.of(cgroup()), Duration.ofSeconds(10));
                LxcTests.removeCgroups(cgroupPath);
            });
        }
    }

    private ContainerCgroup cgroup() {
        return CgroupLayout.detect().forContainer(cgroupPath + "/" + NAME);
    }

    @Test
    void aDaemonKilledAtAnyMomentOfAContainerStartLeavesItManagedOrGone() throws Exception {
        rounds = new CrashRounds(tmp, "vklcrash-", LxcDriverChild.class, cgroupPath);
        rounds.addBridge(BRIDGE);
        Path rootfs = BusyboxRootfs.build(tmp.resolve("rootfs"));
        String init = ": " + marker + "; trap 'exit 0' TERM; while :; do sleep 1000 & wait; done";
        Path xml = Files.writeString(tmp.resolve(NAME + ".xml"), "<domain type='lxc'><name>" + NAME + "</name>"
                + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init>"
                + "<initarg>-c</initarg><initarg>" + LxcTests.xmlText(init) + "</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "<interface type='bridge'><mac address='52:54:00:4c:c7:01'/><source bridge='" + BRIDGE + "'/>"
                + "</interface></devices></domain>");

        List<CrashRounds.Outcome<ListedDomain>> outcomes = rounds.runOverOneStart(ROUNDS, NAME, xml, this);
        // the spread covered the start: kills that left a launched container behind, and finished starts
        assertThat(outcomes).anyMatch(o -> o.leftAtKill().contains("processes") && o.after().state().equals("SHUTOFF"))
                .anyMatch(o -> o.after().reason().equals("RUNNING_BOOTED"));
        assertThat(processes()).isEmpty();
    }

    /** A running container's init (found by its marker), in each of its cgroup's directories, and its veth. */
    @Override
    public void checkStarted(ListedDomain listed) throws Exception {
        assertThat(ProcessHandle.of(listed.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(CrashRounds.cmdline(listed.pid())).contains(marker);
        for (Path dir : cgroup().directories()) {
            assertThat(Files.readString(dir.resolve("cgroup.procs")).lines()).contains(Long.toString(listed.pid()));
        }
        rounds.assertOneLinkOn(BRIDGE, "its veth");
    }

    /** No process, cgroup, veth or runtime file of the container. */
    @Override
    public void checkGone() throws Exception {
        assertThat(processes()).as("processes of an inactive container").isEmpty();
        assertThat(cgroup().exists()).as("cgroup of an inactive container").isFalse();
        try (var files = Files.list(tmp.resolve("lxc").resolve("run"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("runtime files of an inactive container")
                    .isEmpty();
        }
        rounds.assertLinksGone(BRIDGE, "veths of an inactive container");
    }

    @Override
    public List<String> leftAtKill() {
        List<String> left = new ArrayList<>();
        if (cgroup().exists()) {
            left.add("cgroup");
        }
        if (!processes().isEmpty()) {
            left.add("processes");
        }
        return left;
    }

    /**
     * Every live process of the container: its init (the marker is in its command line) and whatever runs
     * the wrapper script (the controller chain, the wrapper before it execs init).
     */
    private List<ProcessHandle> processes() {
        String wrapper = tmp.resolve("lxc").resolve("run").resolve(NAME + ".init.sh").toString();
        return CrashRounds.liveProcesses(cmd -> cmd.contains(marker) || cmd.contains(wrapper));
    }
}
