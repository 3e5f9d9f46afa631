package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.lxc.internal.cgroup.CgroupV1;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * The driver's {@code maxProcesses} on a real container (needs root, util-linux and busybox-static): the
 * pids cgroup holds the limit and a fork bomb inside stops at it while the container stays up.
 */
class LxcPidsLimitTest {
    private static final long LIMIT = 12;

    private Path base;
    private Path rootfs;
    private Path shared;
    private String cgroupPath;
    private LxcDriver driver;
    private Connection conn;

    @BeforeEach
    void setUp() throws IOException {
        base = Files.createTempDirectory("virtkit-lxc-pids");
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        shared = Files.createDirectories(base.resolve("shared"));
        cgroupPath = "virtkit-test/pids-" + UUID.randomUUID().toString().substring(0, 8);
        driver = new LxcDriver(LxcDriverSettings.forTests(base.resolve("state"), cgroupPath).withMaxProcesses(LIMIT));
        conn = LxcTests.open(driver);
    }

    @AfterEach
    void tearDown() throws IOException {
        LxcTests.closeAndClean(conn, driver, cgroupPath, base);
    }

    private String consoleLog(String name) throws IOException {
        Path log = base.resolve("state/log").resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Test
    void aContainerCannotHaveMoreProcessesThanTheLimit() throws Exception {
        // xargs tries to run 40 sleepers at once; the first fork the pids cgroup refuses it reports on the
        // console, then waits for the sleepers it got
        for (String applet : new String[] {"seq", "xargs"}) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        String script = "seq 40 | xargs -n 1 -P 40 sleep 1000; while :; do wait; done";
        Domain d = conn.createDomain("<domain type='lxc'><name>forky</name><memory unit='MiB'>64</memory>"
                + "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg><initarg>" + LxcTests.xmlText(script) + "</initarg>"
                + "</os><devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "<filesystem type='mount'><source dir='" + shared + "'/><target dir='/shared'/></filesystem>"
                + "</devices></domain>");

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!consoleLog("forky").contains("Resource temporarily unavailable") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(consoleLog("forky")).as("xargs was refused a fork").contains("xargs: sleep: Resource temporarily unavailable");
        assertThat(d.isActive()).isTrue();

        ContainerCgroup cgroup = driver.state().cgroup(driver.state().lookupByName("forky"));
        Path pidsDir = cgroup instanceof CgroupV1 v1 ? v1.directory("pids") : cgroup.directories().get(0);
        assertThat(Files.readString(pidsDir.resolve("pids.max")).strip()).isEqualTo(Long.toString(LIMIT));
        // init and the sleepers xargs got: as many as the limit allows, and not one more
        long processes = Files.readString(pidsDir.resolve("cgroup.procs")).lines().count();
        assertThat(processes).isGreaterThan(LIMIT / 2).isLessThanOrEqualTo(LIMIT);
        assertThat(Long.parseLong(Files.readString(pidsDir.resolve("pids.events")).replaceAll("\\D+", " ").strip()
                .split(" ")[0])).as("forks refused by the pids cgroup").isPositive();
    }
}
