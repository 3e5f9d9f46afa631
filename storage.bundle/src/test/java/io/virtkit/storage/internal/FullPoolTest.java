package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.assertCode;
import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.download;
import static io.virtkit.storage.internal.StorageTestKit.fsPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.randomBytes;
import static io.virtkit.storage.internal.StorageTestKit.sha256;
import static io.virtkit.storage.internal.StorageTestKit.upload;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeUpload;

/**
 * An fs pool (ext4 on a 32 MiB loop device) that fills up half-way through an upload and through clones:
 * libvirt's errors, no partial volume, the pool usable afterwards; the device unmounted and detached at the end.
 */
class FullPoolTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private final MountTable mounts = new MountTable();
    private StoragePoolDriver driver;
    private Connection connection;
    private StoragePool fs;
    private Path fsTarget;
    private StorageVolume source;

    @BeforeEach
    void open() throws Exception {
        Path base = host.directory("vk-full-pools");
        Path device = host.loopDevice(32 * MIB);
        fsTarget = base.resolve("fs");
        host.atClose(() -> {
            while (mounts.at(fsTarget).isPresent()) {
                HostCommand.check(List.of("umount", fsTarget.toString()));
            }
        });
        driver = new StoragePoolDriver(StorageDirs.under(host.directory("vk-full-dirs")), new QemuImg());
        connection = Open.connection(driver, "qemu:///system");
        StoragePool dir = connection.createStoragePool(dirPoolXml("vk-full-dir", base.resolve("dir")),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD);
        source = dir.createVolume(volumeXml("data.raw", 48 * MIB, "raw"));
        upload(source, randomBytes((int) (48 * MIB)), false);
        fs = connection.createStoragePool(fsPoolXml("vk-full-fs", device, fsTarget),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE);
    }

    @AfterEach
    void close() {
        try {
            for (StoragePool p : connection.listAllStoragePools()) {
                StorageTestKit.quietly(p::destroy);
            }
            connection.close();
            driver.close();
        } finally {
            host.close();
        }
        assertThat(mounts.at(fsTarget)).isEmpty();
    }

    @Test
    void anUploadThatFillsThePoolStopsCleanly() throws Exception {
        StorageVolume vol = fs.createVolume(volumeXml("big.raw", 64 * MIB, "raw"));
        byte[] data = randomBytes((int) MIB);
        VolumeUpload up = vol.upload(0, 0);
        long written = 0;
        VirtException failure = null;
        while (failure == null) {
            assertThat(written).as("an ext4 of 32 MiB fills").isLessThan(64 * MIB);
            try {
                up.write(ByteBuffer.wrap(data));
                written += data.length;
            } catch (VirtException e) {
                failure = e;
            }
        }
        assertThat(failure.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
        assertThat(failure).hasMessage("Unable to write " + fsTarget.resolve("big.raw") + ": No space left on device");
        assertThat(written).isGreaterThan(16 * MIB);
        assertCode(() -> up.write(ByteBuffer.wrap(data)), ErrorCode.OPERATION_INVALID, "stream is not open");
        up.abort();
        up.close();

        // the volume is what it was with what fitted written in it (as in libvirt); the pool goes on
        assertThat(vol.info().capacity()).isEqualTo(64 * MIB);
        vol.delete();
        fs.refresh();
        assertThat(fs.listVolumes()).isEmpty();
        StorageVolume after = fs.createVolume(volumeXml("after.raw", 4 * MIB, "raw"));
        byte[] small = randomBytes((int) (4 * MIB));
        upload(after, small, false);
        assertThat(sha256(download(after, false))).isEqualTo(sha256(small));
    }

    @Test
    void aCloneThatFillsThePoolLeavesNoPartialVolume() throws Exception {
        assertCode(() -> fs.createVolumeFrom(volumeXml("copy.raw", 0, "raw"), source), ErrorCode.SYSTEM_ERROR,
                "failed writing to file '" + fsTarget.resolve("copy.raw") + "': No space left on device");
        assertThatThrownBy(() -> fs.createVolumeFrom(volumeXml("copy.qcow2", 0, "qcow2"), source))
                .isInstanceOf(VirtException.class).hasMessageContaining("qemu-img")
                .hasMessageContaining("No space left on device");
        try (var files = Files.list(fsTarget)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lost+found");
        }
        fs.refresh();
        assertThat(fs.listVolumes()).isEmpty();
        assertCode(() -> fs.lookupVolume("copy.raw"), ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name");
        source.delete(); // the failed clones left it in use by nothing

        StorageVolume after = fs.createVolume(volumeXml("after.qcow2", 8 * MIB, "qcow2"));
        assertThat(fs.listVolumes()).containsExactly(after);
        assertThat(fs.info().available()).isPositive();
    }
}
