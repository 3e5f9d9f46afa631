package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.virtkit.api.NodeInfo;

class HostNodeTest {

    @Test
    void readsTheFirstCpuSpeedAndTheTotalMemory() {
        String cpuinfo = """
                processor\t: 0
                model name\t: Some CPU
                cpu MHz\t\t: bogus
                processor\t: 1
                cpu MHz\t\t: 2893.204
                cpu MHz\t\t: 1200.000
                """;
        String meminfo = "MemTotal:       16318412 kB\nMemFree:         1000 kB\n";

        NodeInfo info = HostNode.nodeInfo("x86_64", cpuinfo, meminfo, 8);

        assertThat(info).isEqualTo(new NodeInfo("x86_64", 16318412, 8, 2893, 1, 1, 8, 1));
    }

    @Test
    void whatCannotBeReadIsZero() {
        assertThat(HostNode.nodeInfo("aarch64", "", "", 2)).isEqualTo(new NodeInfo("aarch64", 0, 2, 0, 1, 1, 2, 1));
    }

    @Test
    void thisHostHasMemoryAndCpus() {
        NodeInfo info = HostNode.nodeInfo(HostNode.arch());

        assertThat(info.memoryKiB()).isPositive();
        assertThat(info.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(info.cpuModel()).isEqualTo(HostNode.arch()).doesNotContain("amd64");
        assertThat(HostNode.kernelVersion()).isGreaterThan(2_006_000); // any Linux this runs on is newer than 2.6
    }

    @Test
    void thisHostHasAName() {
        assertThat(HostNode.hostname()).isNotBlank();
    }

    @Test
    void encodesKernelReleasesAsLibvirtEncodesVersions() {
        assertThat(HostNode.encodeRelease("6.1.0-13-amd64")).isEqualTo(6_001_000);
        assertThat(HostNode.encodeRelease("5.15.133.1-microsoft-standard-WSL2")).isEqualTo(5_015_133);
        assertThat(HostNode.encodeRelease("4.19")).isEqualTo(4_019_000);
        assertThat(HostNode.encodeRelease("unknown")).isZero();
    }
}
