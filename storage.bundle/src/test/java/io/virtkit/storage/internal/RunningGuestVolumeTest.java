package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.assertCode;
import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeResizeFlag;

/**
 * A real QEMU guest (TCG, no OS: it waits in its firmware) with two of the driver's volumes as disks, one by
 * path and one as {@code <disk type='volume'>}: while it runs, core refuses to delete, wipe or shrink them
 * (libvirt's "still in use"); once it is destroyed they go. The QEMU driver's volume disks resolve through the
 * session's pools, as it is wired in tests.
 */
class RunningGuestVolumeTest {
    private static final long MIB = 1 << 20;
    private final QemuWithStorage drivers = new QemuWithStorage("vk-guest");
    private final Connection connection = drivers.connection;

    RunningGuestVolumeTest() throws Exception {
    }

    @AfterEach
    void close() {
        drivers.close();
    }

    @Test
    void volumesOfARunningGuestAreStillInUse() throws Exception {
        Path target = drivers.host.directory("vk-guest-pools").resolve("pool");
        StoragePool pool = connection.createStoragePool(dirPoolXml("vk-guest-pool", target),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD);
        StorageVolume byPath = pool.createVolume(volumeXml("by-path.raw", 4 * MIB, "raw"));
        StorageVolume byName = pool.createVolume(volumeXml("by-name.qcow2", 4 * MIB, "qcow2"));
        StorageVolume free = pool.createVolume(volumeXml("free.raw", 4 * MIB, "raw"));

        Domain guest = connection.createDomain("<domain type='qemu'><name>vk-in-use</name><uuid>" + drivers.uuid
                + "</uuid><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + byPath.path()
                + "'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/>"
                + "<source pool='vk-guest-pool' volume='by-name.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
                + "</devices></domain>");
        assertThat(guest.isActive()).isTrue();

        for (StorageVolume v : new StorageVolume[] {byPath, byName}) {
            String inUse = "volume '" + v.name() + "' is still in use.";
            assertCode(v::delete, ErrorCode.OPERATION_INVALID, inUse);
            assertCode(v::wipe, ErrorCode.OPERATION_INVALID, inUse);
            assertCode(() -> v.resize(MIB, StorageVolumeResizeFlag.SHRINK), ErrorCode.OPERATION_INVALID, inUse);
        }
        byPath.resize(8 * MIB); // growing harms no guest
        free.delete();
        assertThat(pool.listVolumes()).extracting(StorageVolume::name).containsExactly("by-name.qcow2", "by-path.raw");

        guest.destroy();
        byPath.resize(MIB, StorageVolumeResizeFlag.SHRINK);
        byPath.delete();
        byName.wipe();
        byName.delete();
        assertThat(pool.listVolumes()).isEmpty();
        pool.destroy();
    }
}
