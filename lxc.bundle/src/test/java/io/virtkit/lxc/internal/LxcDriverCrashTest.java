package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.netdev.internal.ChildJvm;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * The daemon killed with SIGKILL at spread-out moments of a container's start (the driver runs in a JVM of
 * its own, {@link LxcDriverChild}), then started again on the same directories: the container is then either
 * listed running with its real init, cgroup and veth, or shut off with no process of it left (neither in
 * its cgroup nor the controller chain outside it), no cgroup, no veth and no runtime file. Never paused
 * because of the crash. Checked each round from outside (/proc, the cgroup tree, ip link in the test
 * namespace the veths' host ends live in), not only with Virtkit's own view.
 */
class LxcDriverCrashTest {

    private static final int ROUNDS = 20;
    private static final String NAME = "crashct";
    private static final String BRIDGE = "vklcbr0";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();
    private final String marker = "vkcrash-" + UUID.randomUUID();
    private final String cgroupPath = "virtkit-test/lxccrash-" + UUID.randomUUID().toString().substring(0, 8);
    private String ns;

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm c : children) {
            c.kill();
        }
        for (ProcessHandle p : processes()) {
            p.destroyForcibly();
        }
        LxcTests.removeLeftGroups(List.of(cgroup()), Duration.ofSeconds(10));
        LxcTests.removeCgroups(cgroupPath);
        if (ns != null) {
            HostNetnsFixture.ip("netns", "del", ns);
        }
    }

    private ContainerCgroup cgroup() {
        return CgroupLayout.detect().forContainer(cgroupPath + "/" + NAME);
    }

    private ChildJvm child() throws Exception {
        ChildJvm c = new ChildJvm(tmp.resolve("children.log"), LxcDriverChild.class.getName(), tmp.toString(), ns,
                cgroupPath);
        children.add(c);
        c.await("READY", TIMEOUT);
        return c;
    }

    private record Seen(String state, String reason) {
    }

    @Test
    void aDaemonKilledAtAnyMomentOfAContainerStartLeavesItManagedOrGone() throws Exception {
        ns = "vklcrash-" + UUID.randomUUID().toString().substring(0, 8);
        HostNetnsFixture.ip("netns", "add", ns);
        HostNetnsFixture.ip("-n", ns, "link", "add", BRIDGE, "type", "bridge");
        HostNetnsFixture.ip("-n", ns, "link", "set", BRIDGE, "up");
        Path rootfs = BusyboxRootfs.build(tmp.resolve("rootfs"));
        String init = ": " + marker + "; trap 'exit 0' TERM; while :; do sleep 1000 & wait; done";
        Path xml = Files.writeString(tmp.resolve(NAME + ".xml"), "<domain type='lxc'><name>" + NAME + "</name>"
                + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init>"
                + "<initarg>-c</initarg><initarg>" + LxcTests.xmlText(init) + "</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "<interface type='bridge'><mac address='52:54:00:4c:c7:01'/><source bridge='" + BRIDGE + "'/>"
                + "</interface></devices></domain>");

        // a start that is not interrupted measures the window the kills are spread over
        ChildJvm c = child();
        c.send("define " + xml);
        c.await("DONE", TIMEOUT);
        c.send("start " + NAME);
        c.await("STARTING", TIMEOUT);
        long t0 = System.nanoTime();
        c.await("STARTED", TIMEOUT);
        long windowMicros = (System.nanoTime() - t0) / 1000;
        c.kill(); // after a complete start: the next instance must reattach the container

        List<String> outcomes = new ArrayList<>();
        String last = null;
        for (int round = 0; round <= ROUNDS; round++) {
            c = child();
            Seen seen = checkInvariant(c);
            if (last != null) {
                outcomes.add(last + " " + seen.reason());
            }
            if (seen.state().equals("RUNNING")) {
                c.send("destroy " + NAME);
                c.await("DONE", TIMEOUT);
                checkGone();
            }
            if (round == ROUNDS) {
                break;
            }
            // up to one and a half times the start's length: slack for a slower start on a busy machine
            long delayMicros = windowMicros * 3 / 2 * round / (ROUNDS - 1);
            c.send("start " + NAME);
            c.await("STARTING", TIMEOUT);
            TimeUnit.MICROSECONDS.sleep(delayMicros);
            c.kill();
            List<String> left = new ArrayList<>();
            if (cgroup().exists()) {
                left.add("cgroup");
            }
            if (!processes().isEmpty()) {
                left.add("processes");
            }
            last = delayMicros + " " + left;
        }
        c.close();
        System.out.println("LxcDriverCrashTest: start took " + windowMicros / 1000 + " ms; per round (kill delay µs, "
                + "what existed right after the kill, state after restart): " + outcomes);
        // the spread covered the start: kills that left a launched container behind, and finished starts
        assertThat(outcomes).anyMatch(o -> o.contains("processes] SHUTOFF")).anyMatch(o -> o.endsWith("RUNNING_BOOTED"));
        assertThat(processes()).isEmpty();
    }

    /** Virtkit's view against the host's, after a restart. */
    private Seen checkInvariant(ChildJvm c) throws Exception {
        c.send("list");
        List<String> lines = c.linesUntil("END", TIMEOUT);
        assertThat(lines).hasSize(1);
        String[] f = lines.get(0).split(" ");
        Seen seen = new Seen(f[2], f[3]);
        long initPid = Long.parseLong(f[4]);
        assertThat(seen.state()).as("state after a restart (%s)", lines.get(0)).isIn("RUNNING", "SHUTOFF");
        if (seen.state().equals("RUNNING")) {
            assertThat(seen.reason()).isEqualTo("RUNNING_BOOTED");
            assertThat(ProcessHandle.of(initPid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(cmdline(initPid)).contains(marker);
            for (Path dir : cgroup().directories()) {
                assertThat(Files.readString(dir.resolve("cgroup.procs")).lines()).contains(Long.toString(initPid));
            }
            assertThat(veths()).as("its veth").singleElement().satisfies(v -> assertThat(
                    HostNetnsFixture.ip("-n", ns, "-o", "link", "show", v)).contains("master " + BRIDGE));
        } else {
            assertThat(initPid).isEqualTo(-1);
            checkGone();
        }
        return seen;
    }

    /** No process, cgroup, veth or runtime file of the container. */
    private void checkGone() throws Exception {
        assertThat(processes()).as("processes of an inactive container").isEmpty();
        assertThat(cgroup().exists()).as("cgroup of an inactive container").isFalse();
        try (var files = Files.list(tmp.resolve("lxc").resolve("run"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("runtime files of an inactive container")
                    .isEmpty();
        }
        // the kernel removes a veth pair with its container's network namespace, which may lag the exit a little
        assertThat(LxcTests.await(Duration.ofSeconds(5), () -> veths().isEmpty())).as("veths of an inactive container: "
                + veths()).isTrue();
    }

    /**
     * Every live process of the container: its init (the marker is in its command line) and whatever runs
     * the wrapper script (the controller chain, the wrapper before it execs init).
     */
    private List<ProcessHandle> processes() {
        String wrapper = tmp.resolve("lxc").resolve("run").resolve(NAME + ".init.sh").toString();
        return ProcessHandle.allProcesses().filter(p -> {
            String cmd = cmdline(p.pid());
            return cmd.contains(marker) || cmd.contains(wrapper);
        }).filter(p -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (java.io.IOException e) {
                return false;
            }
        }).toList();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private List<String> veths() {
        return HostNetnsFixture.ip("-n", ns, "-o", "link", "show").lines()
                .map(l -> l.split(":")[1].trim().split("@")[0]).filter(n -> !n.equals("lo") && !n.equals(BRIDGE))
                .toList();
    }
}
