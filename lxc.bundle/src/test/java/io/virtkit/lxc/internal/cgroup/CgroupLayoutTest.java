package io.virtkit.lxc.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CgroupLayoutTest {

    /** This machine's kind of host: v1 controllers, memory nested, an empty v2 mount beside them. */
    private static final String HYBRID_MOUNTINFO = """
            44 65 254:0 / / rw,relatime - ext4 /dev/vda rw
            48 47 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            49 48 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            50 48 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            51 48 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            52 48 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            54 48 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            56 48 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            57 48 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            58 48 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    private static final String HYBRID_CGROUP = """
            9:name=systemd:/
            8:pids:/
            6:freezer:/
            4:memory:/process_api/f59b
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    @Test
    void hybridHostIsV1WithEachControllersOwnPath() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID_MOUNTINFO, HYBRID_CGROUP);

        assertThat(layout.version()).isEqualTo(1);
        assertThat(layout.ownV1()).containsEntry("memory", Path.of("/sys/fs/cgroup/memory/process_api/f59b"))
                .containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpuacct"))
                .containsEntry("pids", Path.of("/sys/fs/cgroup/pids"))
                .containsEntry("freezer", Path.of("/sys/fs/cgroup/freezer"))
                .doesNotContainKey("cpuset");
        CgroupV1 group = (CgroupV1) layout.forContainer("virtkit/lxc/web");
        assertThat(group.directory("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/f59b/virtkit/lxc/web"));
        assertThat(group.directory("freezer")).isEqualTo(Path.of("/sys/fs/cgroup/freezer/virtkit/lxc/web"));
    }

    @Test
    void coMountedControllersShareOneDirectory() {
        String mountinfo = "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                + "31 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        String cgroup = "3:cpu,cpuacct:/user.slice\n2:memory:/user.slice\n";
        ContainerCgroup group = CgroupLayout.parse(mountinfo, cgroup).forContainer("virtkit/lxc/a");

        assertThat(group.directories()).containsExactlyInAnyOrder(
                Path.of("/sys/fs/cgroup/memory/user.slice/virtkit/lxc/a"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/user.slice/virtkit/lxc/a"));
    }

    @Test
    void reopenMapsRecordedDirectoriesBackToTheirControllers() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID_MOUNTINFO, HYBRID_CGROUP);
        ContainerCgroup created = layout.forContainer("virtkit/lxc/web");

        CgroupV1 reopened = (CgroupV1) layout.reopen(created.directories());

        assertThat(reopened.directories()).isEqualTo(created.directories());
        assertThat(reopened.directory("cpuacct")).isEqualTo(Path.of("/sys/fs/cgroup/cpuacct/virtkit/lxc/web"));
    }

    @Test
    void unifiedHostIsV2AndContainersGoBesideOurGroup() {
        String mountinfo = "26 22 0:23 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "0::/system.slice/virtkit.service\n");

        assertThat(layout.version()).isEqualTo(2);
        assertThat(layout.ownV2()).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/virtkit.service"));
        assertThat(layout.forContainer("virtkit/lxc/a").directories())
                .containsExactly(Path.of("/sys/fs/cgroup/system.slice/virtkit/lxc/a"));
        assertThat(CgroupLayout.parse(mountinfo, "0::/\n").forContainer("virtkit/lxc/a").directories())
                .containsExactly(Path.of("/sys/fs/cgroup/virtkit/lxc/a"));
    }

    @Test
    void aCgroupNamespaceRootIsStrippedFromOurPath() {
        String mountinfo = "26 22 0:23 /ns /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "0::/ns/app\n");

        assertThat(layout.ownV2()).isEqualTo(Path.of("/sys/fs/cgroup/app"));
    }

    @Test
    void noCgroupsAtAllIsAClearError() {
        assertThatThrownBy(() -> CgroupLayout.parse("44 65 254:0 / / rw - ext4 /dev/vda rw\n", "0::/\n"))
                .isInstanceOf(CgroupException.class).hasMessageContaining("Unable to find any cgroup controller");
    }

    @Test
    void thisHostIsDetected() {
        CgroupLayout layout = CgroupLayout.detect();

        assertThat(layout.version()).isIn(1, 2);
        if (layout.version() == 1) {
            assertThat(layout.ownV1()).containsKeys("memory", "freezer");
        } else {
            assertThat(layout.ownV2()).exists();
        }
        assertThat(List.of(1, 2)).contains(layout.forContainer("x").version());
    }
}
