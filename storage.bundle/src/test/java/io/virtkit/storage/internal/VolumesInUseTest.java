package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.assertCode;
import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.randomBytes;
import static io.virtkit.storage.internal.StorageTestKit.upload;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeResizeFlag;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * libvirt's refusals around volumes something is using: a stream's volume and a clone's source are "still in
 * use", a clone's or new volume's target "still being allocated", and the pool of a clone has "asynchronous
 * jobs running". A clone is held under way by a gated qemu-img ({@link GatedQemuImg}).
 */
class VolumesInUseTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private GatedQemuImg qemuImg;
    private StoragePoolDriver driver;
    private Connection connection;
    private StoragePool pool;
    private Path target;

    @BeforeEach
    void open() throws Exception {
        qemuImg = new GatedQemuImg(host.directory("vk-gated-qemu-img"), 0);
        driver = new StoragePoolDriver(StorageDirs.under(host.directory("vk-storage-dirs")), qemuImg.qemuImg());
        connection = Open.connection(driver, "qemu:///system");
        target = host.directory("vk-storage-pools").resolve("pool");
        pool = connection.defineStoragePool(dirPoolXml("vk-in-use", target));
        pool.build();
        pool.start();
    }

    @AfterEach
    void close() throws Exception {
        try {
            qemuImg.release();
            connection.close();
            driver.close();
        } finally {
            host.close();
        }
    }

    @Test
    void aCloneUnderWayKeepsItsSourceInUseAndItsTargetBeingAllocated() throws Exception {
        StorageVolume source = pool.createVolume(volumeXml("source.raw", 8 * MIB, "raw"));
        upload(source, randomBytes((int) (2 * MIB)), false);
        StorageVolume other = pool.createVolume(volumeXml("other.raw", MIB, "raw"));

        qemuImg.hold();
        CompletableFuture<StorageVolume> clone = CompletableFuture.supplyAsync(
                () -> pool.createVolumeFrom(volumeXml("copy.qcow2", 0, "qcow2"), source));
        StorageVolume copy = awaitListed("copy.qcow2");

        // the pools' lock is not held meanwhile: other volumes and pools answer
        assertThat(other.info().capacity()).isEqualTo(MIB);
        assertThat(pool.listVolumes()).extracting(StorageVolume::name)
                .containsExactly("copy.qcow2", "other.raw", "source.raw");
        assertThat(copy.info().capacity()).isEqualTo(8 * MIB);
        assertThat(copy.path()).isEqualTo(target.resolve("copy.qcow2").toString());
        assertThat(target.resolve("copy.qcow2")).doesNotExist();

        assertCode(source::delete, ErrorCode.OPERATION_INVALID, "volume 'source.raw' is still in use.");
        assertCode(source::wipe, ErrorCode.OPERATION_INVALID, "volume 'source.raw' is still in use.");
        assertCode(() -> source.resize(16 * MIB), ErrorCode.OPERATION_INVALID, "volume 'source.raw' is still in use.");
        for (var call : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(copy::delete,
                copy::wipe, () -> copy.resize(16 * MIB), copy::xml, () -> copy.upload(0, 0), () -> copy.download(0, 0),
                () -> pool.createVolumeFrom(volumeXml("copy2.raw", 0, "raw"), copy))) {
            assertCode(call, ErrorCode.OPERATION_INVALID, "volume 'copy.qcow2' is still being allocated.");
        }
        assertCode(() -> pool.createVolume(volumeXml("copy.qcow2", MIB, "raw")), ErrorCode.STORAGE_VOL_EXIST,
                "'copy.qcow2'");
        assertCode(pool::destroy, ErrorCode.INTERNAL_ERROR, "pool 'vk-in-use' has asynchronous jobs running.");
        assertCode(pool::refresh, ErrorCode.INTERNAL_ERROR, "pool 'vk-in-use' has asynchronous jobs running.");
        other.delete(); // what the clone does not touch can go

        qemuImg.release();
        StorageVolume made = clone.get(60, TimeUnit.SECONDS);
        assertThat(made.name()).isEqualTo("copy.qcow2");
        assertThat(made.info().capacity()).isEqualTo(8 * MIB);
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("source.raw", "copy.qcow2");
        }
        source.resize(16 * MIB);
        source.delete();
        made.delete();
        pool.refresh();
        pool.destroy();
    }

    @Test
    void aFailedCloneEndsItsJobAndLeavesNothing() throws Exception {
        StorageVolume source = pool.createVolume(volumeXml("source.raw", 8 * MIB, "raw"));
        assertCode(() -> pool.createVolumeFrom(volumeXml("copy.img", 0, "dmg"), source),
                ErrorCode.INTERNAL_ERROR, "qemu-img");
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("source.raw");
        }
        assertThat(pool.listVolumes()).extracting(StorageVolume::name).containsExactly("source.raw");
        source.delete();
        pool.refresh();
    }

    @Test
    void aStreamKeepsItsVolumeInUseUntilItEnds() throws Exception {
        StorageVolume vol = pool.createVolume(volumeXml("streamed.raw", 4 * MIB, "raw"));

        VolumeUpload up = vol.upload(0, 0);
        up.write(ByteBuffer.wrap(randomBytes((int) MIB)));
        assertCode(vol::delete, ErrorCode.OPERATION_INVALID, "volume 'streamed.raw' is still in use.");
        assertCode(vol::wipe, ErrorCode.OPERATION_INVALID, "volume 'streamed.raw' is still in use.");
        assertCode(() -> vol.resize(MIB, StorageVolumeResizeFlag.SHRINK), ErrorCode.OPERATION_INVALID,
                "volume 'streamed.raw' is still in use.");
        up.finish();
        vol.wipe();

        VolumeDownload down = vol.download(0, 0);
        VolumeDownload second = vol.download(0, MIB);
        down.abort();
        assertCode(vol::delete, ErrorCode.OPERATION_INVALID, "volume 'streamed.raw' is still in use.");
        ByteBuffer buf = ByteBuffer.allocate((int) MIB);
        while (second.read(buf.clear()) >= 0) {
            // read to the end: that ends the download
        }
        up = vol.upload(0, 0);
        up.close(); // an upload closed without finish is aborted
        vol.resize(MIB, StorageVolumeResizeFlag.SHRINK);
        vol.delete();
        assertThat(target.resolve("streamed.raw")).doesNotExist();
    }

    @Test
    void aNameOfTheBuildFilesIsRefusedAndStaleOnesGoAtRefresh() throws Exception {
        assertCode(() -> pool.createVolume(volumeXml(VolumeJobs.PARTIAL_PREFIX + "x", MIB, "raw")),
                ErrorCode.INVALID_ARG, "is reserved for volumes being built");
        Path stale = target.resolve(VolumeJobs.PARTIAL_PREFIX + "lost.img");
        Files.write(stale, randomBytes(4096));
        assertThat(pool.listVolumes()).isEmpty();
        assertCode(() -> pool.lookupVolume(stale.getFileName().toString()), ErrorCode.NO_STORAGE_VOL,
                "no storage vol with matching name");
        pool.refresh();
        assertThat(stale).doesNotExist();
    }

    /** The volume {@code name} once the pool lists it (a clone's target is listed from its start). */
    private StorageVolume awaitListed(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (StorageVolume v : pool.listVolumes()) {
                if (v.name().equals(name)) {
                    return v;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " was not listed within 30 s");
    }
}
