package io.virtkit.lxc.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 writer on a directory layout that imitates the unified hierarchy: plain files stand in for the
 * kernel's control files, so what the writer writes (and in which group) can be read back.
 */
class CgroupV2Test {

    @TempDir
    Path root;
    private Path base;
    private Path dir;
    private CgroupV2 group;

    @BeforeEach
    void layout() throws IOException {
        base = root.resolve("system.slice");
        Files.createDirectories(base);
        Files.writeString(base.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(base.resolve("cgroup.subtree_control"), "cpu\n");
        dir = base.resolve("virtkit/lxc/web");
        group = new CgroupV2(base, dir);
    }

    /** What mkdir in a real v2 group gives the child: the parent's enabled controllers, control files. */
    private void kernelPopulates(Path group, String controllers) throws IOException {
        Files.writeString(group.resolve("cgroup.controllers"), controllers);
        Files.writeString(group.resolve("cgroup.subtree_control"), "");
        for (String f : new String[] {"cgroup.procs", "cgroup.freeze", "cgroup.kill", "memory.max", "memory.high",
                "memory.swap.max", "cpu.weight", "cpu.max", "pids.max"}) {
            Files.writeString(group.resolve(f), "");
        }
    }

    @Test
    void createTurnsOnTheMissingControllersFromTheBaseDown() throws IOException {
        Path virtkit = base.resolve("virtkit");
        Path lxc = virtkit.resolve("lxc");
        Files.createDirectories(lxc);
        kernelPopulates(virtkit, "cpu memory pids\n");
        kernelPopulates(lxc, "cpu memory\n");

        group.create();

        assertThat(dir).isDirectory();
        // base had cpu on already; memory and pids are added, cpuset and io are not wanted
        assertThat(Files.readString(base.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids");
        assertThat(Files.readString(virtkit.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        // a group only offers what its parent gave it
        assertThat(Files.readString(lxc.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory");
        assertThat(group.exists()).isTrue();
    }

    @Test
    void createRefusesSomethingThatIsNoV2Group() throws IOException {
        Files.delete(base.resolve("cgroup.controllers"));

        assertThatThrownBy(group::create).isInstanceOf(CgroupException.class).hasMessageContaining("is not a cgroup v2");
    }

    @Test
    void limitsGoToTheUnifiedFiles() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");

        group.setMemoryLimit(64L << 20);
        group.setCpuShares(1024);
        group.setCpuQuota(50_000, 100_000);
        group.setPidsMax(-1);

        assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo("67108864");
        assertThat(Files.readString(dir.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("cpu.weight"))).as("libvirt writes shares unconverted")
                .isEqualTo("1024");
        assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("50000 100000");
        assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("max");
        group.setCpuQuota(-1, 100_000);
        group.setPidsMax(64);
        assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("max 100000");
        assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("64");
    }

    @Test
    void memtunesSoftLimitIsMemoryHighAndItsSwapLimitTheSwapPartAlone() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");

        group.setMemoryLimit(64L << 20);
        group.setMemorySoftLimit(32L << 20);
        group.setSwapLimit(64L << 20, 96L << 20);

        assertThat(Files.readString(dir.resolve("memory.high"))).isEqualTo(Long.toString(32L << 20));
        assertThat(Files.readString(dir.resolve("memory.swap.max"))).isEqualTo(Long.toString(32L << 20));
        Files.delete(dir.resolve("memory.swap.max"));
        assertThatThrownBy(() -> group.setSwapLimit(64L << 20, 96L << 20)).isInstanceOf(CgroupException.class)
                .hasMessageContaining("accounts no swap");
    }

    @Test
    void sharesGoToCpuWeightUnconvertedWithinItsRangeAsInLibvirt() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");

        group.setCpuShares(1);
        assertThat(Files.readString(dir.resolve("cpu.weight"))).isEqualTo("1");
        group.setCpuShares(10_000);
        assertThat(Files.readString(dir.resolve("cpu.weight"))).isEqualTo("10000");
        for (long bad : new long[] {0, 10_001, 262_144}) {
            assertThatThrownBy(() -> group.setCpuShares(bad)).as("shares %d", bad)
                    .isInstanceOf(CgroupException.class)
                    .hasMessage("shares '" + bad + "' must be in range [1, 10000]");
        }
        assertThat(Files.readString(dir.resolve("cpu.weight"))).as("nothing written for a refused value")
                .isEqualTo("10000");
    }

    @Test
    void bandwidthGoesToCpuMaxInOneWrite() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");

        group.setCpuQuota(17_592_186_044_415L, 1_000_000);
        assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("17592186044415 1000000");
        group.setCpuQuota(-2, 1_000);
        assertThat(Files.readString(dir.resolve("cpu.max"))).as("any negative quota is no limit")
                .isEqualTo("max 1000");
    }

    @Test
    void freezeWritesOneAndWaitsForTheEventsFileToSayFrozen() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");
        Files.writeString(dir.resolve("cgroup.events"), "populated 1\nfrozen 0\n");

        assertThatThrownBy(() -> group.freeze(Duration.ofMillis(20))).isInstanceOf(CgroupException.class)
                .hasMessageContaining("not frozen");
        assertThat(Files.readString(dir.resolve("cgroup.freeze"))).isEqualTo("1");
        assertThat(group.isFrozen()).isFalse();

        Files.writeString(dir.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        group.freeze(Duration.ofSeconds(1));
        assertThat(group.isFrozen()).isTrue();
        group.thaw();
        assertThat(Files.readString(dir.resolve("cgroup.freeze"))).isEqualTo("0");
    }

    @Test
    void killAllUsesCgroupKillAndWaitsForTheGroupToEmpty() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");
        Files.writeString(dir.resolve("cgroup.procs"), "4242\n");

        assertThatThrownBy(() -> group.killAll(Duration.ofMillis(20))).isInstanceOf(CgroupException.class)
                .hasMessageContaining("4242");
        assertThat(Files.readString(dir.resolve("cgroup.kill"))).isEqualTo("1");

        Files.writeString(dir.resolve("cgroup.procs"), "");
        group.killAll(Duration.ofSeconds(1));
        assertThat(group.processes()).isEmpty();
    }

    @Test
    void addProcessAndUsageReadBack() throws IOException {
        Files.createDirectories(dir);
        kernelPopulates(dir, "cpu memory pids\n");
        Files.writeString(dir.resolve("memory.current"), "1048576\n");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");

        group.addProcess(77);

        assertThat(Files.readString(dir.resolve("cgroup.procs"))).isEqualTo("77");
        assertThat(group.processes()).containsExactly(77L);
        assertThat(group.memoryUsageBytes()).isEqualTo(1_048_576);
        assertThat(group.cpuTimeNanos()).isEqualTo(2_500_000);
    }

    @Test
    void removeDeletesTheGroupAndToleratesOneAlreadyGone() {
        group = new CgroupV2(base, base.resolve("empty"));
        CgroupFiles.mkdirs(base.resolve("empty"));

        group.remove(Duration.ofSeconds(1));
        group.remove(Duration.ofSeconds(1));

        assertThat(base.resolve("empty")).doesNotExist();
        assertThat(group.exists()).isFalse();
    }

    @Test
    void aGroupOutsideItsBaseIsRejected() {
        assertThatThrownBy(() -> new CgroupV2(base, root.resolve("elsewhere")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
