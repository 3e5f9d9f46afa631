package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.CgroupV1;
import io.virtkit.lxc.internal.cgroup.CgroupV2;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * {@code <cputune>} on real containers (needs root, util-linux and busybox-static): what the host's cgroup
 * files hold once the container runs, on whichever cgroup version the host has (the v2 writer is also
 * unit-tested on a directory layout in CgroupV2Test).
 */
class LxcCpuTuneTest {

    private Path base;
    private Path rootfs;
    private String cgroupPath;
    private LxcDriver driver;
    private Connection conn;

    @BeforeEach
    void setUp() throws IOException {
        base = Files.createTempDirectory("virtkit-lxc-cputune");
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        cgroupPath = "virtkit-test/cputune-" + UUID.randomUUID().toString().substring(0, 8);
        driver = new LxcDriver(LxcDriverSettings.forTests(base.resolve("state"), cgroupPath));
        conn = LxcTests.open(driver);
    }

    @AfterEach
    void tearDown() throws IOException {
        LxcTests.closeAndClean(conn, driver, cgroupPath, base);
    }

    private Domain start(String name, int vcpus, String cputune) {
        Domain d = conn.defineDomain("<domain type='lxc'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<vcpu>" + vcpus + "</vcpu>" + cputune + "<os><type>exe</type><init>/bin/sh</init>"
                + "<initarg>-c</initarg><initarg>trap 'exit 0' TERM; while :; do sleep 1000 &amp; wait; done</initarg>"
                + "</os><devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/>"
                + "</filesystem></devices></domain>");
        d.start();
        return d;
    }

    private ContainerCgroup cgroup(String name) {
        return driver.state().cgroup(driver.state().lookupByName(name));
    }

    /** The values of the cgroup's CPU files: shares/weight, period, quota ("max" when unlimited). */
    private static String[] cpuFiles(ContainerCgroup group) throws IOException {
        if (group instanceof CgroupV1 v1) {
            Path cpu = v1.directory("cpu");
            String quota = Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip();
            return new String[] {Files.readString(cpu.resolve("cpu.shares")).strip(),
                    Files.readString(cpu.resolve("cpu.cfs_period_us")).strip(), quota.equals("-1") ? "max" : quota};
        }
        Path dir = group.directories().get(0);
        String[] max = Files.readString(dir.resolve("cpu.max")).strip().split(" ");
        return new String[] {Files.readString(dir.resolve("cpu.weight")).strip(), max[1], max[0]};
    }

    @Test
    void sharesPeriodAndQuotaReachTheCgroup() throws Exception {
        start("tuned", 1, "<cputune><shares>512</shares><period>50000</period><quota>25000</quota></cputune>");

        assertThat(cpuFiles(cgroup("tuned"))).containsExactly("512", "50000", "25000");
    }

    @Test
    void aQuotaOfItsOwnWinsOverTheVcpuCountAndMinusOneIsNoLimit() throws Exception {
        start("vcpu-derived", 1, "<cputune><period>20000</period></cputune>");
        start("unlimited", 1, "<cputune><quota>-1</quota></cputune>");
        start("untuned", 1, "");

        // no <quota>: one vCPU's worth of the period given, when the host has more than one CPU
        boolean capped = Runtime.getRuntime().availableProcessors() > 1;
        assertThat(cpuFiles(cgroup("vcpu-derived"))).endsWith("20000", capped ? "20000" : "max");
        assertThat(cpuFiles(cgroup("unlimited"))).endsWith("100000", "max");
        assertThat(cpuFiles(cgroup("untuned"))).endsWith("100000", capped ? "100000" : "max");
    }

    /** cgroup v1 takes libvirt's whole range of shares; on v2 cpu.weight stops at 10000, as libvirt says. */
    @Test
    void sharesAboveWhatCpuWeightTakesWorkOnV1AndAreRefusedOnV2() throws Exception {
        String xml = "<domain type='lxc'><name>heavy</name><memory unit='MiB'>64</memory>"
                + "<cputune><shares>20000</shares></cputune><os><type>exe</type><init>/bin/sh</init>"
                + "<initarg>-c</initarg><initarg>trap 'exit 0' TERM; while :; do sleep 1000 &amp; wait; done</initarg>"
                + "</os><devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/>"
                + "</filesystem></devices></domain>";
        Domain d = conn.defineDomain(xml);
        if (CgroupLayout.detect().version() == 1) {
            d.start();
            assertThat(cpuFiles(cgroup("heavy"))[0]).isEqualTo("20000");
            return;
        }
        assertThatThrownBy(d::start).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.domain()).isEqualTo(ErrorDomain.CGROUP);
            assertThat(e.getMessage()).endsWith(CgroupV2.sharesOutOfRange(20000));
        });
        assertThat(CgroupLayout.detect().forContainer(cgroupPath + "/heavy").exists()).isFalse();
    }
}
