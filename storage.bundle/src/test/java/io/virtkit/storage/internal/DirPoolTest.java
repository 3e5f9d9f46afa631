package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A dir pool over real directories, files and qemu-img. */
class DirPoolTest {
    private final HostFixtures host = new HostFixtures();
    private final QemuImg qemuImg = new QemuImg();

    @AfterEach
    void cleanUp() {
        host.close();
    }

    @Test
    void buildCreatesParentsAndGivesTheModeOwnerAndGroup() throws Exception {
        Path root = host.directory("vk-dirpool");
        Path target = root.resolve("a/b/pool");
        DirPool pool = new DirPool(target, qemuImg);
        assertThat(pool.isActive()).isFalse();

        pool.build(new FilePermissions(0750, 1234, 2345));

        assertThat(pool.isActive()).isTrue();
        assertThat(FilePermissions.modeOf(Files.getPosixFilePermissions(target))).isEqualTo(0750);
        assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(target, "unix:gid")).isEqualTo(2345);
        pool.verifyTarget();
    }

    @Test
    void buildWithoutModeGivesANewDirectoryLibvirtsDefaultAndLeavesAnExistingOnesMode() throws Exception {
        Path root = host.directory("vk-dirpool");
        Path fresh = root.resolve("fresh");
        new DirPool(fresh, qemuImg).build(new FilePermissions(-1, -1, -1));
        assertThat(FilePermissions.modeOf(Files.getPosixFilePermissions(fresh))).isEqualTo(0711);

        Files.setPosixFilePermissions(root, FilePermissions.posix(0750));
        Files.writeString(root.resolve("kept"), "x");
        new DirPool(root, qemuImg).build(new FilePermissions(-1, -1, -1));
        assertThat(FilePermissions.modeOf(Files.getPosixFilePermissions(root))).isEqualTo(0750);
        assertThat(root.resolve("kept")).exists();

        assertThatThrownBy(() -> new DirPool(Path.of("relative/pool"), qemuImg).build(FilePermissions.mode(0700)))
                .hasMessage("invalid argument: path 'relative/pool' is not absolute");
    }

    @Test
    void aMissingOrNonDirectoryTargetIsRefusedWithTheSystemError() throws Exception {
        Path root = host.directory("vk-dirpool");
        assertThatThrownBy(() -> new DirPool(root.resolve("none"), qemuImg).refresh())
                .isInstanceOf(VirtException.class)
                .hasMessage("cannot open directory '" + root.resolve("none") + "': No such file or directory");
        Path file = Files.writeString(root.resolve("file"), "x");
        assertThatThrownBy(() -> new DirPool(file, qemuImg).verifyTarget())
                .hasMessage("cannot open directory '" + file + "': Not a directory")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
        assertThatThrownBy(() -> new DirPool(file, qemuImg).build(FilePermissions.mode(0700)))
                .hasMessageStartingWith("failed to create directory '" + file + "': ");
    }

    @Test
    void deleteRemovesOnlyAnEmptyDirectory() throws Exception {
        Path target = host.directory("vk-dirpool").resolve("pool");
        DirPool pool = new DirPool(target, qemuImg);
        pool.build(FilePermissions.mode(0700));
        Files.writeString(target.resolve("vol"), "data");

        assertThatThrownBy(pool::delete)
                .hasMessage("failed to remove pool '" + target + "': Directory not empty");
        assertThat(target.resolve("vol")).exists();

        Files.delete(target.resolve("vol"));
        pool.delete();
        assertThat(target).doesNotExist();
    }

    @Test
    void refreshListsFilesBlockDevicesAndDirectoriesWithProbedFormatsAndSkipsTheRest() throws Exception {
        Path target = host.directory("vk-dirpool");
        Path raw = target.resolve("disk.raw");
        try (var f = new java.io.RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(8 << 20);
            f.seek(1 << 20);
            f.write(new byte[65536]); // 64 KiB written in a sparse 8 MiB file
            f.write(1);
        }
        qemuImg.create(target.resolve("overlay.qcow2"), "qcow2", 16 << 20, Qcow2Options.backedBy(raw.toString(), "raw"));
        Path gone = Files.createFile(host.directory("vk-gone").resolve("gone.raw"));
        qemuImg.create(target.resolve("dangling.qcow2"), "qcow2", 4 << 20, Qcow2Options.backedBy(gone.toString(), "raw"));
        Files.delete(gone); // a qcow2 whose backing file is missing is still listed, as libvirt lists it
        qemuImg.create(target.resolve("other.vmdk"), "vmdk", 2 << 20, null);
        Files.createDirectory(target.resolve("subdir"));
        Files.createFile(target.resolve("bell\u0007.img"));
        Files.createSymbolicLink(target.resolve("broken-link"), target.resolve("nowhere"));
        HostCommand.check(List.of("mkfifo", target.resolve("fifo").toString()));
        Path device = host.loopDevice(4 << 20);
        Files.createSymbolicLink(target.resolve("blockdev"), device);

        List<HostVolume> volumes = new DirPool(target, qemuImg).refresh();

        assertThat(volumes).extracting(HostVolume::name)
                .containsExactly("blockdev", "dangling.qcow2", "disk.raw", "other.vmdk", "overlay.qcow2", "subdir");
        assertThat(volumes.get(5)).isEqualTo(HostVolume.directory("subdir", target.resolve("subdir")));
        HostVolume disk = volumes.get(2);
        assertThat(disk.format()).isEqualTo("raw");
        assertThat(disk.kind()).isEqualTo(HostVolume.Kind.FILE);
        assertThat(disk.capacity()).isEqualTo(8 << 20);
        assertThat(disk.allocation()).isBetween(65537L, 1L << 20); // blocks × 512, far below the size
        assertThat(disk.backingFile()).isNull();
        assertThat(volumes.get(3).format()).isEqualTo("vmdk");
        assertThat(volumes.get(3).capacity()).isEqualTo(2 << 20);
        HostVolume overlay = volumes.get(4);
        assertThat(overlay.format()).isEqualTo("qcow2");
        assertThat(overlay.capacity()).isEqualTo(16 << 20);
        assertThat(overlay.backingFile()).isEqualTo(raw.toString());
        assertThat(overlay.backingFormat()).isEqualTo("raw");
        assertThat(volumes.get(1).backingFile()).isEqualTo(gone.toString());
        HostVolume block = volumes.get(0);
        assertThat(block.kind()).isEqualTo(HostVolume.Kind.BLOCK);
        assertThat(block.capacity()).isEqualTo(4 << 20);
        assertThat(block.allocation()).isEqualTo(4 << 20);
    }

    @Test
    void spaceIsTheFileSystemsStatvfs() throws Exception {
        Path fs = host.smallTmpfs(8 << 20);
        DirPool pool = new DirPool(fs, qemuImg);
        PoolSpace empty = pool.space();
        assertThat(empty.capacity()).isEqualTo(8 << 20);
        assertThat(empty.available()).isEqualTo(8 << 20);
        assertThat(empty.allocation()).isZero();

        Files.write(fs.resolve("one-mib"), new byte[1 << 20]);
        PoolSpace used = pool.space();
        assertThat(used.allocation()).isEqualTo(1 << 20);
        assertThat(used.available()).isEqualTo(7 << 20);
    }
}
