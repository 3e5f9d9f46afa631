package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.assertCode;
import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolCreateFlag;
import io.virtkit.api.StorageVolume;

/**
 * {@code virsh domxml-to-native qemu-argv} of a domain with a {@code <disk type='volume'>}: as libvirt's pretend
 * start, the command line opens the volume's file with its format, and a missing or inactive pool or a missing
 * volume is refused in libvirt's words. The real storage driver behind the real QEMU driver; nothing runs.
 */
class VolumeDiskNativeTest {
    private static final long MIB = 1 << 20;
    private final QemuWithStorage drivers = new QemuWithStorage("vk-native");
    private final Connection connection = drivers.connection;

    VolumeDiskNativeTest() throws Exception {
    }

    @AfterEach
    void close() {
        drivers.close();
    }

    private static String domain(String pool, String volume, String driverType) {
        return "<domain type='qemu'><name>vk-native</name><memory unit='MiB'>32</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='volume' device='disk'>"
                + (driverType == null ? "" : "<driver name='qemu' type='" + driverType + "'/>")
                + "<source pool='" + pool + "' volume='" + volume + "'/><target dev='vda' bus='virtio'/></disk>"
                + "</devices></domain>";
    }

    @Test
    void volumeDiskBecomesTheVolumesFileWithItsFormat() throws Exception {
        Path target = drivers.host.directory("vk-native-pools").resolve("pool");
        StoragePool pool = connection.createStoragePool(dirPoolXml("vk-native-pool", target),
                StoragePoolCreateFlag.WITH_BUILD);
        StorageVolume vol = pool.createVolume(volumeXml("disk.qcow2", 4 * MIB, "qcow2"));

        String argv = connection.domainXmlToNative("qemu-argv", domain("vk-native-pool", "disk.qcow2", null));
        assertThat(argv).contains("-blockdev driver=file,filename=" + vol.path() + ",node-name=libvirt-1-storage")
                .contains("driver=qcow2,file=libvirt-1-storage");

        assertCode(() -> connection.domainXmlToNative("qemu-argv", domain("vk-native-pool", "gone.raw", null)),
                ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name 'gone.raw'");
        assertCode(() -> connection.domainXmlToNative("qemu-argv", domain("vk-no-pool", "disk.qcow2", null)),
                ErrorCode.NO_STORAGE_POOL, "no storage pool with matching name 'vk-no-pool'");
        pool.destroy();
        StoragePool inactive = connection.defineStoragePool(dirPoolXml("vk-native-pool", target));
        assertCode(() -> connection.domainXmlToNative("qemu-argv", domain("vk-native-pool", "disk.qcow2", "qcow2")),
                ErrorCode.CONFIG_UNSUPPORTED,
                "storage pool 'vk-native-pool' containing volume 'disk.qcow2' is not active");
        inactive.undefine();
    }
}
