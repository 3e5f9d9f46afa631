package io.virtkit.lxc.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer for this host's cgroup version, on real groups below this JVM's own (needs root). */
class HostCgroupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CgroupLayout layout = CgroupLayout.detect();
    private ContainerCgroup group;
    private Process process;

    @BeforeEach
    void createGroup() {
        group = layout.forContainer("virtkit-test/" + UUID.randomUUID().toString().substring(0, 8));
        group.create();
    }

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.destroyForcibly();
        }
        try {
            if (group.exists()) {
                group.killAll(TIMEOUT);
            }
        } finally {
            group.remove(TIMEOUT);
            for (Path dir : group.directories()) {
                try {
                    Files.deleteIfExists(dir.getParent()); // virtkit-test/, unless another test uses it
                } catch (IOException e) {
                    // still in use
                }
            }
        }
    }

    private long startInGroup() throws IOException {
        return startInGroup("exec sleep 60");
    }

    private long startInGroup(String script) throws IOException {
        process = new ProcessBuilder("sh", "-c", script).start();
        group.addProcess(process.pid());
        return process.pid();
    }

    @Test
    void aProcessAddedToTheGroupIsInItsCgroupFiles() throws IOException {
        long pid = startInGroup();

        assertThat(group.processes()).contains(pid);
        String self = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        String leaf = group.directories().get(0).getFileName().toString();
        assertThat(self).contains("virtkit-test/" + leaf);
    }

    @Test
    void limitsAreWrittenToTheKernel() throws IOException {
        group.setMemoryLimit(64L << 20);
        group.setCpuShares(512);
        group.setCpuQuota(50_000, 100_000);
        group.setPidsMax(32);

        if (group instanceof CgroupV1 v1) {
            assertThat(Files.readString(v1.directory("memory").resolve("memory.limit_in_bytes")).strip())
                    .isEqualTo(Long.toString(64L << 20));
            assertThat(Files.readString(v1.directory("cpu").resolve("cpu.shares")).strip()).isEqualTo("512");
            assertThat(Files.readString(v1.directory("cpu").resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
            assertThat(Files.readString(v1.directory("pids").resolve("pids.max")).strip()).isEqualTo("32");
        } else {
            Path dir = group.directories().get(0);
            assertThat(Files.readString(dir.resolve("memory.max")).strip()).isEqualTo(Long.toString(64L << 20));
            assertThat(Files.readString(dir.resolve("cpu.max")).strip()).isEqualTo("50000 100000");
            assertThat(Files.readString(dir.resolve("pids.max")).strip()).isEqualTo("32");
        }
    }

    @Test
    void freezeStopsTheTasksAndThawLetsThemGo() throws IOException {
        long pid = startInGroup();

        group.freeze(TIMEOUT);

        assertThat(group.isFrozen()).isTrue();
        if (group instanceof CgroupV1 v1) {
            assertThat(Files.readString(v1.directory("freezer").resolve("freezer.state")).strip()).isEqualTo("FROZEN");
        }
        group.thaw();
        assertThat(group.isFrozen()).isFalse();
        assertThat(ProcessHandle.of(pid)).isPresent();
    }

    @Test
    void usageIsAccountedToTheGroup() throws IOException, InterruptedException {
        // busy forking: CPU time, and memory charged to the group (a process moved in keeps its old charges)
        startInGroup("while :; do /bin/true; done");
        assertThat(CgroupFiles.await(() -> group.cpuTimeNanos() > 0, TIMEOUT)).isTrue();
        assertThat(CgroupFiles.await(() -> group.memoryUsageBytes() > 0, TIMEOUT)).isTrue();
    }

    @Test
    void killAllLeavesNoProcessEvenOneThatForks() throws IOException {
        long pid = startInGroup();
        // a child forked inside the group belongs to it too
        Process forker = new ProcessBuilder("sh", "-c", "read go; sleep 60 & sleep 60 & wait").start();
        group.addProcess(forker.pid());
        forker.getOutputStream().write("go\n".getBytes()); // fork only once in the group
        forker.getOutputStream().flush();
        assertThat(CgroupFiles.await(() -> group.processes().size() >= 4, TIMEOUT)).isTrue();

        group.killAll(TIMEOUT);

        assertThat(group.processes()).isEmpty();
        assertThat(CgroupFiles.await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), TIMEOUT))
                .isTrue();
        assertThat(group.isFrozen()).isFalse();
        forker.destroyForcibly();
    }

    @Test
    void removeDeletesEveryDirectoryOnceEmpty() throws IOException {
        startInGroup();
        group.killAll(TIMEOUT);

        group.remove(TIMEOUT);

        assertThat(group.exists()).isFalse();
        for (Path dir : group.directories()) {
            assertThat(dir).doesNotExist();
        }
    }
}
