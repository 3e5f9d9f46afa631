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

/** An fs pool on a real loop device: mkfs, mount, volumes in it, unmount; everything undone afterwards. */
class FsPoolTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private final QemuImg qemuImg = new QemuImg();
    private final MountTable mounts = new MountTable();

    @AfterEach
    void cleanUp() {
        host.close();
    }

    /** A pool on a new loop device whose target is unmounted at close, before the device is detached. */
    private FsPool pool(String format) throws Exception {
        Path device = host.loopDevice(64 * MIB);
        Path target = host.directory("vk-fspool").resolve("mnt");
        host.atClose(() -> {
            while (mounts.at(target).isPresent()) {
                HostCommand.check(List.of("umount", target.toString()));
            }
        });
        return new FsPool(device, target, format, qemuImg);
    }

    @Test
    void buildFormatsStartMountsOnceStopUnmounts() throws Exception {
        FsPool pool = pool("ext4");
        pool.build(FilePermissions.mode(0755), PoolBuildMode.DEFAULT);
        assertThat(pool.target()).isDirectory();
        assertThat(pool.isActive()).isFalse();
        assertThatThrownBy(pool::start)
                .hasMessage("Storage pool probe failed: Device '" + pool.device() + "' is unrecognized, requires build");
        assertThat(pool.isActive()).isFalse();

        pool.build(FilePermissions.mode(0755), PoolBuildMode.NO_OVERWRITE);
        assertThatThrownBy(() -> pool.build(FilePermissions.mode(0755), PoolBuildMode.NO_OVERWRITE))
                .isInstanceOf(VirtException.class)
                .hasMessageEndingWith("already formatted using 'ext4'")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.STORAGE_POOL_BUILT);

        pool.start();
        assertThat(pool.isActive()).isTrue();
        MountTable.Mount mount = mounts.at(pool.target()).orElseThrow();
        assertThat(mount.type()).isEqualTo("ext4");
        assertThatThrownBy(pool::start)
                .hasMessage("Requested operation is not valid: Target '" + pool.target() + "' is already mounted");
        assertThat(mounts.mounts().stream().filter(m -> m.mountPoint().equals(pool.target().toString()))).hasSize(1);
        assertThatThrownBy(() -> pool.build(FilePermissions.mode(0755), PoolBuildMode.OVERWRITE))
                .hasMessageEndingWith("is mounted");

        FileVolumes vols = new FileVolumes(pool.target(), qemuImg);
        vols.createQcow2("disk.qcow2", 16 * MIB, null, FilePermissions.mode(-1));
        vols.createRaw("disk.raw", 4 * MIB, 4 * MIB, FilePermissions.mode(-1));
        assertThat(pool.refresh()).extracting(HostVolume::name).containsExactly("disk.qcow2", "disk.raw", "lost+found");
        PoolSpace space = pool.space();
        assertThat(space.capacity()).isBetween(50 * MIB, 64 * MIB);
        assertThat(space.allocation()).isGreaterThanOrEqualTo(4 * MIB);

        pool.stop();
        assertThat(pool.isActive()).isFalse();
        assertThat(mounts.at(pool.target())).isEmpty();
        pool.stop(); // stopped already: nothing to do
        assertThatThrownBy(pool::refresh).hasMessageEndingWith("is not mounted");

        pool.start(); // the volumes live on the device, not in the directory
        assertThat(pool.refresh()).extracting(HostVolume::name).containsExactly("disk.qcow2", "disk.raw", "lost+found");
        assertThatThrownBy(pool::delete).hasMessageEndingWith("is still mounted");
        pool.stop();
        pool.delete();
        assertThat(pool.target()).doesNotExist();
    }

    /**
     * A preallocated volume larger than the mounted ext4 fails with no file left. The pool's available space
     * is statvfs' f_bfree, as libvirtd 9.0 reports it (LibvirtdStorageXmlTest compares the two), which counts
     * ext4's reserved blocks; ext4 lets a process whose fsuid is its resuid (0 by default) or that holds
     * CAP_SYS_RESOURCE write into them. This root lacks CAP_SYS_RESOURCE but is uid 0, so a volume a little
     * over what others may use (f_bavail) still fits here.
     */
    @Test
    void aFullExt4LeavesNoPartialVolume() throws Exception {
        FsPool pool = pool("ext4");
        pool.build(FilePermissions.mode(0755), PoolBuildMode.OVERWRITE);
        pool.start();
        FileVolumes vols = new FileVolumes(pool.target(), qemuImg);
        PoolSpace space = pool.space();
        long usable = Files.getFileStore(pool.target()).getUsableSpace();
        assertThat(space.available()).isEqualTo(Files.getFileStore(pool.target()).getUnallocatedSpace());
        assertThat(space.available() - usable).as("ext4's reserve").isGreaterThan(2 * MIB);

        long intoReserve = usable + MIB;
        if (fsuid() == 0 || holdsCapSysResource()) {
            vols.delete(vols.createRaw("reserve.img", intoReserve, intoReserve, FilePermissions.mode(-1)));
        } else {
            assertThatThrownBy(() -> vols.createRaw("reserve.img", intoReserve, intoReserve, FilePermissions.mode(-1)))
                    .hasMessageEndingWith("/reserve.img': No space left on device");
        }
        assertThatThrownBy(() -> vols.createRaw("huge.img", 128 * MIB, 128 * MIB, FilePermissions.mode(-1)))
                .hasMessage("cannot allocate " + (128 * MIB) + " bytes in file '" + pool.target()
                        + "/huge.img': No space left on device");
        assertThat(pool.refresh()).extracting(HostVolume::name).containsExactly("lost+found"); // a dir volume
        assertThat(pool.space().available()).isEqualTo(space.available());
    }

    /** This process's file-system uid, the last of /proc/self/status' Uid: fields. */
    private static long fsuid() throws Exception {
        String[] uids = statusField("Uid:").split("\\s+");
        return Long.parseLong(uids[uids.length - 1]);
    }

    /** CAP_SYS_RESOURCE (bit 24) in this process's effective set. */
    private static boolean holdsCapSysResource() throws Exception {
        return (Long.parseUnsignedLong(statusField("CapEff:"), 16) & (1L << 24)) != 0;
    }

    private static String statusField(String name) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith(name)).findFirst().orElseThrow().substring(name.length()).strip();
    }

    @Test
    void noOverwriteRefusesAnotherFileSystemAndOverwriteReformats() throws Exception {
        FsPool ext2 = pool("ext2");
        ext2.build(FilePermissions.mode(0755), PoolBuildMode.OVERWRITE);
        Path device = ext2.device();
        assertThat(DeviceProbe.contentType(device)).contains("ext2");

        FsPool ext4 = new FsPool(device, ext2.target(), "ext4", qemuImg);
        assertThatThrownBy(() -> ext4.build(FilePermissions.mode(0755), PoolBuildMode.NO_OVERWRITE))
                .hasMessage("Storage pool already built: Format of device '" + device
                        + "' does not match the expected format 'ext4', forced overwrite is necessary");
        assertThat(DeviceProbe.contentType(device)).contains("ext2");
        assertThatThrownBy(ext4::start)
                .hasMessage("Requested operation is not valid: Format of device '" + device
                        + "' does not match the expected format 'ext4'");
        assertThat(mounts.at(ext4.target())).isEmpty();
        ext4.build(FilePermissions.mode(0755), PoolBuildMode.OVERWRITE);
        assertThat(DeviceProbe.contentType(device)).contains("ext4");
    }

    @Test
    void aFormatWithoutMkfsOrAMissingDeviceIsRefused() throws Exception {
        Path target = host.directory("vk-fspool").resolve("mnt");
        FsPool vfat = new FsPool(Path.of("/dev/loop-none"), target, "vfat", qemuImg);
        assertThatThrownBy(() -> vfat.build(FilePermissions.mode(0755), PoolBuildMode.OVERWRITE))
                .hasMessage("Operation not supported: No support for file system format 'vfat' on this host (mkfs.vfat)");
        FsPool missing = new FsPool(Path.of("/dev/loop-none"), target, "ext4", qemuImg);
        assertThatThrownBy(missing::start)
                .hasMessage("invalid argument: Source device does not exist -> '/dev/loop-none'");
        assertThat(mounts.at(target)).isEmpty();
    }

    @Test
    void mountinfoPathsAreUnescaped() {
        List<MountTable.Mount> parsed = MountTable.parse(List.of(
                "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - ext3 /dev/loop\\0400 rw,errors=continue",
                "37 35 0:5 / /run rw - tmpfs tmpfs rw"));
        assertThat(parsed).containsExactly(new MountTable.Mount("/mnt/with space", "/dev/loop 0", "ext3"),
                new MountTable.Mount("/run", "tmpfs", "tmpfs"));
    }
}
