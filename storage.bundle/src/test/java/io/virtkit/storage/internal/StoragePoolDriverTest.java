package io.virtkit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.virtkit.storage.internal.StorageTestKit.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolBuildFlag;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * The storage driver through core's public connection, on real directories, qemu-img and (fs pool) a loop
 * device with ext4: the lifecycle of pools and volumes, streams with checksums, a restart of the driver,
 * and libvirt's refusals leaving nothing behind.
 */
class StoragePoolDriverTest {
    private final HostFixtures host = new HostFixtures();
    private StorageDirs dirs;
    private Path configDir;
    private Path stateDir;
    private Path base;
    private StoragePoolDriver driver;
    private Connection connection;

    @BeforeEach
    void openDriver() throws Exception {
        dirs = StorageDirs.under(host.directory("vk-storage-dirs"));
        configDir = dirs.systemConfig();
        stateDir = dirs.systemState();
        base = host.directory("vk-storage-pools");
        restart();
    }

    @AfterEach
    void closeDriver() {
        try {
            if (connection != null && connection.isAlive()) {
                for (StoragePool p : connection.listAllStoragePools()) {
                    quietly(p::destroy); // unmounts an fs pool before its loop device goes
                }
                connection.close();
            }
            if (driver != null) {
                driver.close();
            }
        } finally {
            host.close();
        }
    }

    /** A new driver instance on the same directories, as after a restart of the component. */
    private void restart() {
        if (connection != null) {
            connection.close();
        }
        if (driver != null) {
            driver.close();
        }
        driver = new StoragePoolDriver(dirs, new QemuImg());
        connection = Open.connection(driver, "qemu:///system");
    }

    @Test
    void aDirPoolIsBuiltStartedFilledWithVolumesStreamedAndRemoved() throws Exception {
        Path target = base.resolve("dir-pool");
        StoragePool pool = connection.defineStoragePool(dirPoolXml("vk-dir", target));
        assertThat(configDir.resolve("vk-dir.xml")).exists();
        assertThat(pool.isPersistent()).isTrue();
        assertThat(pool.isActive()).isFalse();
        assertThatThrownBy(pool::refresh).isInstanceOf(VirtException.class)
                .hasMessageContaining("storage pool 'vk-dir' is not active");

        pool.build();
        assertThat(target).isDirectory();
        pool.start();
        assertThat(pool.info().state()).isEqualTo(StoragePoolState.RUNNING);
        assertThat(pool.info().capacity()).isPositive();
        assertThat(pool.xml()).contains("<capacity unit='bytes'>").contains(target.toString());
        assertThat(connection.listAllStoragePools(StoragePoolListFlag.ACTIVE)).extracting(StoragePool::name)
                .contains("vk-dir");
        assertThat(connection.listAllStoragePools(StoragePoolListFlag.INACTIVE)).extracting(StoragePool::name)
                .doesNotContain("vk-dir");

        StorageVolume raw = pool.createVolume(volumeXml("disk.raw", 4 << 20, "raw"));
        StorageVolume qcow2 = pool.createVolume(volumeXml("disk.qcow2", 8 << 20, "qcow2"));
        assertThat(raw.path()).isEqualTo(target.resolve("disk.raw").toString());
        assertThat(raw.key()).isEqualTo(raw.path());
        assertThat(qcow2.info().capacity()).isEqualTo(8 << 20);
        assertThat(qcow2.xml()).contains("<format type='qcow2'/>");
        assertThat(pool.listVolumes()).extracting(StorageVolume::name).containsExactly("disk.qcow2", "disk.raw");
        assertThat(connection.lookupStorageVolumeByPath(raw.path()).name()).isEqualTo("disk.raw");
        assertThat(connection.lookupStorageVolumeByKey(qcow2.key()).name()).isEqualTo("disk.qcow2");
        assertThat(raw.pool().name()).isEqualTo("vk-dir");

        byte[] data = randomBytes(4 << 20);
        upload(raw, data, false);
        assertThat(sha256(download(raw, false))).isEqualTo(sha256(data));

        StorageVolume clone = pool.createVolumeFrom(volumeXml("clone.raw", 0, "raw"), raw);
        assertThat(sha256(download(clone, false))).isEqualTo(sha256(data));
        StorageVolume qcowClone = pool.createVolumeFrom(volumeXml("clone.qcow2", 0, "qcow2"), raw);
        assertThat(qcowClone.xml()).contains("<format type='qcow2'/>");

        clone.resize(8 << 20);
        assertThat(clone.info().capacity()).isEqualTo(8 << 20);
        assertCode(() -> clone.resize(1 << 20), ErrorCode.INVALID_ARG, "shrink");
        clone.wipe();
        assertThat(download(clone, false)).containsOnly(0);

        for (StorageVolume v : pool.listVolumes()) {
            v.delete();
        }
        assertThat(pool.listVolumes()).isEmpty();
        pool.destroy();
        assertThat(pool.info().state()).isEqualTo(StoragePoolState.INACTIVE);
        pool.delete();
        assertThat(target).doesNotExist();
        pool.undefine();
        assertThat(configDir.resolve("vk-dir.xml")).doesNotExist();
        assertThat(connection.listAllStoragePools()).isEmpty();
    }

    @Test
    void aSparseUploadKeepsItsHolesAndASparseDownloadSendsThem() throws Exception {
        StoragePool pool = connection.createStoragePool(dirPoolXml("vk-sparse", base.resolve("sparse")),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD);
        StorageVolume vol = pool.createVolume(volumeXml("sparse.raw", 0, "raw"));
        byte[] head = randomBytes(1 << 20);
        byte[] tail = randomBytes(1 << 20);
        long hole = 6 << 20;
        try (VolumeUpload up = vol.upload(0, 0, StorageVolumeStreamFlag.SPARSE_STREAM)) {
            up.write(ByteBuffer.wrap(head));
            up.skipHole(hole);
            up.write(ByteBuffer.wrap(tail));
            up.skipHole(1 << 20); // a trailing hole grows the file
            up.finish();
        }
        Path file = Path.of(vol.path());
        assertThat(Files.size(file)).isEqualTo((1 << 20) + hole + (1 << 20) + (1 << 20));
        assertThat(vol.info().allocation()).isLessThan(4 << 20); // the holes hold no blocks

        long holes = 0;
        ByteBuffer content = ByteBuffer.allocate((int) Files.size(file));
        try (VolumeDownload down = vol.download(0, 0, StorageVolumeStreamFlag.SPARSE_STREAM)) {
            ByteBuffer chunk = ByteBuffer.allocate(100_000);
            for (int n; (n = down.read(chunk.clear())) != -1; ) {
                if (n == 0) {
                    long h = down.skipHole();
                    holes += h;
                    content.position(content.position() + (int) h);
                } else {
                    content.put(chunk.flip());
                }
            }
        }
        assertThat(holes).isEqualTo(hole + (1 << 20));
        assertThat(sha256(content.array())).isEqualTo(sha256(Files.readAllBytes(file)));
        pool.destroy();
        assertThat(connection.listAllStoragePools()).isEmpty(); // transient: gone with its stop
    }

    @Test
    void poolsComeBackAfterARestartWithTheirStateAndAutostart() throws Exception {
        StoragePool auto = connection.defineStoragePool(dirPoolXml("vk-auto", base.resolve("auto")));
        auto.build();
        auto.setAutostart(true);
        StoragePool running = connection.defineStoragePool(dirPoolXml("vk-running", base.resolve("running")));
        running.build();
        running.start();
        running.createVolume(volumeXml("kept.raw", 1 << 20, "raw"));
        connection.defineStoragePool(dirPoolXml("vk-idle", base.resolve("idle")));
        connection.createStoragePool(dirPoolXml("vk-transient", base.resolve("transient")),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD);

        restart();

        StoragePool autoAgain = connection.lookupStoragePoolByName("vk-auto");
        assertThat(autoAgain.isActive()).isTrue(); // autostarted
        assertThat(autoAgain.autostart()).isTrue();
        StoragePool runningAgain = connection.lookupStoragePoolByName("vk-running");
        assertThat(runningAgain.isActive()).isTrue();
        assertThat(runningAgain.autostart()).isFalse();
        assertThat(runningAgain.lookupVolume("kept.raw").info().capacity()).isEqualTo(1 << 20);
        assertThat(connection.lookupStoragePoolByName("vk-idle").isActive()).isFalse();
        StoragePool transientAgain = connection.lookupStoragePoolByName("vk-transient");
        assertThat(transientAgain.isActive()).isTrue();
        assertThat(transientAgain.isPersistent()).isFalse();
        assertThat(connection.listAllStoragePools(StoragePoolListFlag.AUTOSTART)).extracting(StoragePool::name)
                .containsExactly("vk-auto");

        // a pool stopped before the restart stays stopped, unless autostart starts it
        runningAgain.destroy();
        autoAgain.destroy();
        transientAgain.destroy();
        restart();
        assertThat(connection.lookupStoragePoolByName("vk-running").isActive()).isFalse();
        assertThat(connection.lookupStoragePoolByName("vk-auto").isActive()).isTrue();
        assertThatThrownBy(() -> connection.lookupStoragePoolByName("vk-transient"))
                .isInstanceOf(VirtException.class).extracting(e -> ((VirtException) e).code())
                .isEqualTo(ErrorCode.NO_STORAGE_POOL);
        assertThat(connection.lookupStoragePoolByName("vk-auto").xml(StorageXmlFlag.INACTIVE))
                .contains("<capacity unit='bytes'>0</capacity>");
    }

    @Test
    void libvirtsRefusalsLeaveNothingBehind() throws Exception {
        Path target = base.resolve("first");
        StoragePool first = connection.defineStoragePool(dirPoolXml("vk-first", target));
        first.build();
        first.start();

        assertCode(() -> connection.defineStoragePool(dirPoolXml("vk-first", base.resolve("other"))),
                ErrorCode.OPERATION_FAILED, "pool 'vk-first' already exists with uuid " + first.uuid());
        assertCode(() -> connection.defineStoragePool("<pool type='dir'><name>vk-second</name><uuid>" + first.uuid()
                + "</uuid><target><path>" + base.resolve("other") + "</path></target></pool>"),
                ErrorCode.OPERATION_FAILED, "pool 'vk-first' is already defined with uuid " + first.uuid());
        assertCode(() -> connection.defineStoragePool(dirPoolXml("vk-same-target", target)),
                ErrorCode.OPERATION_FAILED, "Storage source conflict with pool: 'vk-first'");
        assertCode(() -> connection.createStoragePool(dirPoolXml("vk-same-target", target.resolve("."))),
                ErrorCode.OPERATION_FAILED, "Storage source conflict with pool: 'vk-first'");
        assertCode(first::undefine, ErrorCode.OPERATION_INVALID, "storage pool 'vk-first' is still active");
        assertCode(() -> first.build(), ErrorCode.OPERATION_INVALID, "storage pool 'vk-first' is already active");
        assertCode(() -> first.delete(), ErrorCode.OPERATION_INVALID, "storage pool 'vk-first' is still active");
        assertCode(() -> first.build(StoragePoolBuildFlag.OVERWRITE, StoragePoolBuildFlag.NO_OVERWRITE),
                ErrorCode.INVALID_ARG, "mutually exclusive");

        assertCode(() -> first.createVolume(volumeXml("a/b", 1 << 20, "raw")), ErrorCode.OPERATION_INVALID,
                "volume name 'a/b' cannot contain '/'");
        assertCode(() -> first.createVolume(volumeXml("..", 1 << 20, "raw")), ErrorCode.OPERATION_INVALID,
                "already exists");
        first.createVolume(volumeXml("taken.raw", 1 << 20, "raw"));
        assertCode(() -> first.createVolume(volumeXml("taken.raw", 1 << 20, "raw")), ErrorCode.STORAGE_VOL_EXIST,
                "'taken.raw'");
        assertCode(() -> first.createVolume(volumeXml("bad.qcow2", 1 << 20, "qcow2",
                "<backingStore><path>/nonexistent/base.img</path></backingStore>")), ErrorCode.SYSTEM_ERROR,
                "inaccessible backing store volume");

        assertThat(connection.listAllStoragePools()).extracting(StoragePool::name).containsExactly("vk-first");
        try (var files = Files.list(configDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vk-first.xml",
                    "autostart");
        }
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("taken.raw");
        }
        assertThat(base.resolve("other")).doesNotExist();
        assertCode(() -> connection.createStoragePool(dirPoolXml("vk-missing", base.resolve("missing"))),
                ErrorCode.SYSTEM_ERROR, "cannot open directory '" + base.resolve("missing") + "'");
        assertCode(() -> connection.defineStoragePool("<pool type='logical'><name>vk-lvm</name><source><name>vg"
                + "</name></source><target><path>/dev/vg</path></target></pool>"), ErrorCode.INTERNAL_ERROR,
                "missing backend for pool type 3 (logical)");
        assertThat(connection.listAllStoragePools()).extracting(StoragePool::name).containsExactly("vk-first");
        try (var files = Files.list(stateDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vk-first.xml");
        }

        first.destroy();
        assertCode(first::refresh, ErrorCode.OPERATION_INVALID, "storage pool 'vk-first' is not active");
        assertCode(() -> first.lookupVolume("taken.raw"), ErrorCode.OPERATION_INVALID,
                "storage pool 'vk-first' is not active");
    }

    /**
     * A qcow2 whose backing file went away (libvirt keeps listing it): refresh, start, vol-info and XML still
     * answer, a clone says which file is missing and makes nothing, and the pool comes back after a restart.
     */
    @Test
    void aQcow2WhoseBackingWentAwayIsListedAndCannotBeCloned() throws Exception {
        Path target = base.resolve("backing");
        StoragePool pool = connection.createStoragePool(dirPoolXml("vk-backing", target),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD);
        StorageVolume backing = pool.createVolume(volumeXml("base.raw", 4 << 20, "raw"));
        StorageVolume overlay = pool.createVolume(volumeXml("overlay.qcow2", 4 << 20, "qcow2",
                "<backingStore><path>" + backing.path() + "</path><format type='raw'/></backingStore>"));
        backing.delete();

        pool.refresh();
        assertThat(pool.listVolumes()).extracting(StorageVolume::name).containsExactly("overlay.qcow2");
        assertThat(overlay.info().capacity()).isEqualTo(4 << 20);
        assertThat(overlay.xml()).contains("<backingStore>").contains("<path>" + target.resolve("base.raw") + "</path>");
        assertCode(() -> pool.createVolumeFrom(volumeXml("copy.raw", 0, "raw"), overlay), ErrorCode.SYSTEM_ERROR,
                "Cannot access backing file '" + target.resolve("base.raw") + "' of storage file '"
                        + target.resolve("overlay.qcow2") + "': No such file or directory");
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("overlay.qcow2");
        }

        pool.destroy();
        StoragePool again = connection.createStoragePool(dirPoolXml("vk-backing", target));
        assertThat(again.listVolumes()).extracting(StorageVolume::name).containsExactly("overlay.qcow2");
        connection.defineStoragePool(again.xml(StorageXmlFlag.INACTIVE));
        restart();
        StoragePool restarted = connection.lookupStoragePoolByName("vk-backing");
        assertThat(restarted.isActive()).isTrue();
        assertThat(restarted.listVolumes()).extracting(StorageVolume::name).containsExactly("overlay.qcow2");
        restarted.lookupVolume("overlay.qcow2").delete();
        restarted.destroy();
    }

    @Test
    void anFsPoolOnALoopDeviceIsFormattedMountedAndUnmounted() throws Exception {
        Path device = host.loopDevice(64L << 20);
        Path target = base.resolve("fs-pool");
        StoragePool pool = connection.defineStoragePool("<pool type='fs'><name>vk-fs</name><source><device path='"
                + device + "'/><format type='ext4'/></source><target><path>" + target + "</path></target></pool>");
        pool.build(StoragePoolBuildFlag.NO_OVERWRITE);
        pool.start();
        host.atClose(() -> HostCommand.run(List.of("umount", target.toString())));
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + target + " ");
        assertThat(pool.info().capacity()).isBetween(40L << 20, 64L << 20);

        StorageVolume vol = pool.createVolume(volumeXml("on-ext4.qcow2", 16 << 20, "qcow2"));
        byte[] data = randomBytes(2 << 20);
        StorageVolume raw = pool.createVolume(volumeXml("on-ext4.raw", 2 << 20, "raw"));
        upload(raw, data, false);
        assertThat(sha256(download(raw, true))).isEqualTo(sha256(data));
        vol.delete();
        raw.delete();

        pool.destroy();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + target + " ");
        pool.delete();
        assertThat(target).doesNotExist();
        pool.undefine();
    }

    @Test
    void sessionPoolsAreTheirOwnAndLxcSharesTheSystemPools() throws Exception {
        connection.defineStoragePool(dirPoolXml("vk-system", base.resolve("system")));
        try (Connection session = Open.connection(driver, "qemu:///session");
             Connection lxc = Open.connection(driver, "lxc:///")) {
            session.defineStoragePool(dirPoolXml("vk-session", base.resolve("session")));
            assertThat(session.listAllStoragePools()).extracting(StoragePool::name).containsExactly("vk-session");
            assertThat(lxc.listAllStoragePools()).extracting(StoragePool::name).containsExactly("vk-system");
            assertThat(connection.listAllStoragePools()).extracting(StoragePool::name).containsExactly("vk-system");
            assertThat(dirs.sessionConfig().resolve("vk-session.xml")).exists();
            session.lookupStoragePoolByName("vk-session").undefine();
        }
        connection.lookupStoragePoolByName("vk-system").undefine();
    }
}
