package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.assertCode;
import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolCreateFlag;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;

/**
 * attach-device and detach-device of a {@code <disk type='volume'>} on a real QEMU guest (TCG, waiting in its
 * firmware) with the real storage driver: live, the volume's file shows in QMP's query-block under the disk's
 * alias and goes again on detach, the live XML keeping the disk as given (pool and volume) as libvirt's does,
 * and the volume is in use meanwhile; with --config, the persistent definition gains and loses it. A missing
 * volume or pool and an inactive pool are refused in libvirt's words and change nothing.
 */
class VolumeDiskHotplugTest {
    private static final long MIB = 1 << 20;
    private static final String SCSI = "<controller type='scsi' index='0' model='virtio-scsi'/>";
    private final QemuWithStorage drivers;
    private final Connection connection;
    private final Path target;
    private final StoragePool pool;

    VolumeDiskHotplugTest() throws Exception {
        drivers = new QemuWithStorage("vk-plug");
        connection = drivers.connection;
        target = drivers.host.directory("vk-plug-pools").resolve("pool");
        pool = connection.createStoragePool(dirPoolXml("vk-plug-pool", target), StoragePoolCreateFlag.WITH_BUILD);
    }

    @AfterEach
    void close() {
        drivers.close();
    }

    /** A guest of this test (its QEMU carries the test's UUID) with {@code devices}. */
    private String guestXml(String devices) {
        return "<domain type='qemu'><name>vk-plug</name><uuid>" + drivers.uuid + "</uuid><memory unit='MiB'>32"
                + "</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + devices
                + "</devices></domain>";
    }

    private static String volumeDisk(String pool, String volume, String dev) {
        return "<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='" + pool
                + "' volume='" + volume + "'/><target dev='" + dev + "' bus='scsi'/></disk>";
    }

    private static String queryBlock(Domain guest) {
        return ((QemuDomain) guest).monitorCommand("{\"execute\":\"query-block\"}").replace(" ", "");
    }

    @Test
    void aVolumeDiskIsAttachedAndDetachedLive() throws Exception {
        StorageVolume vol = pool.createVolume(volumeXml("plug.qcow2", 4 * MIB, "qcow2"));
        Domain guest = connection.createDomain(guestXml(SCSI));

        guest.attachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"), DeviceModifyFlag.LIVE);
        assertThat(queryBlock(guest)).contains("\"qdev\":\"scsi0-0-0-1\"")
                .contains(vol.path()).contains("\"drv\":\"qcow2\"");
        String live = guest.xml();
        assertThat(live).contains("<disk type='volume' device='disk'>")
                .contains("<source pool='vk-plug-pool' volume='plug.qcow2'")
                .contains("<target dev='sdb' bus='scsi'/>").contains("<alias name='scsi0-0-0-1'/>");
        assertCode(vol::delete, ErrorCode.OPERATION_INVALID, "volume 'plug.qcow2' is still in use.");
        assertCode(() -> guest.attachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb")),
                ErrorCode.OPERATION_FAILED, "target sdb already exists");

        guest.detachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"), DeviceModifyFlag.LIVE);
        assertThat(queryBlock(guest)).doesNotContain(vol.path());
        assertThat(guest.xml()).doesNotContain("plug.qcow2");
        assertCode(() -> guest.detachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb")),
                ErrorCode.DEVICE_MISSING, "disk sdb not found");

        // a second attach after a detach takes a fresh block node, and goes again too
        guest.attachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdc"));
        assertThat(queryBlock(guest)).contains(vol.path());
        guest.detachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdc"));
        assertThat(queryBlock(guest)).doesNotContain(vol.path());
        guest.destroy();
        vol.delete();
    }

    @Test
    void aMissingOrInactiveVolumeIsRefusedLiveAndInTheConfig() throws Exception {
        pool.createVolume(volumeXml("plug.qcow2", 4 * MIB, "qcow2"));
        Domain guest = connection.defineDomain(guestXml(SCSI));
        guest.start();

        assertCode(() -> guest.attachDevice(volumeDisk("vk-plug-pool", "gone.qcow2", "sdb")),
                ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name 'gone.qcow2'");
        assertCode(() -> guest.attachDevice(volumeDisk("vk-no-pool", "plug.qcow2", "sdb"),
                DeviceModifyFlag.CONFIG), ErrorCode.NO_STORAGE_POOL, "no storage pool with matching name 'vk-no-pool'");
        pool.destroy();
        StoragePool inactive = connection.defineStoragePool(dirPoolXml("vk-plug-pool", target));
        assertCode(() -> guest.attachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"), DeviceModifyFlag.LIVE,
                DeviceModifyFlag.CONFIG), ErrorCode.CONFIG_UNSUPPORTED,
                "storage pool 'vk-plug-pool' containing volume 'plug.qcow2' is not active");
        assertThat(guest.xml()).doesNotContain("<disk");
        assertThat(guest.xml(XmlFlag.INACTIVE)).doesNotContain("<disk");
        assertThat(queryBlock(guest)).doesNotContain("plug.qcow2");

        inactive.start();
        guest.attachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"), DeviceModifyFlag.CONFIG);
        assertThat(guest.xml(XmlFlag.INACTIVE)).contains("<source pool='vk-plug-pool' volume='plug.qcow2'/>");
        assertThat(guest.xml()).doesNotContain("<disk");
        assertCode(() -> guest.attachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"),
                DeviceModifyFlag.CONFIG), ErrorCode.OPERATION_INVALID, "target sdb already exists");
        guest.detachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"), DeviceModifyFlag.CONFIG);
        assertThat(guest.xml(XmlFlag.INACTIVE)).doesNotContain("<disk");
        assertCode(() -> guest.detachDevice(volumeDisk("vk-plug-pool", "plug.qcow2", "sdb"),
                DeviceModifyFlag.CONFIG), ErrorCode.DEVICE_MISSING, "no target device sdb");
        guest.destroy();
        guest.undefine();
        inactive.destroy();
        inactive.undefine();
    }

    /** A guest still in its firmware lets QEMU's SHPC bridge release the device at once. */
    @Test
    void aVirtioVolumeDiskGoesOnAFreeSlotOfTheBridge() throws Exception {
        StorageVolume vol = pool.createVolume(volumeXml("plug.raw", 4 * MIB, "raw"));
        Domain guest = connection.createDomain(
                guestXml("<controller type='pci' index='1' model='pci-bridge'/>"));
        guest.attachDevice("<disk type='volume' device='disk'><source pool='vk-plug-pool' volume='plug.raw'/>"
                + "<target dev='vdb' bus='virtio'/></disk>");
        assertThat(queryBlock(guest)).contains("\"qdev\":\"/machine/peripheral/virtio-disk1/virtio-backend\"")
                .contains(vol.path()).contains("\"drv\":\"raw\"");
        assertThat(guest.xml()).contains("<source pool='vk-plug-pool' volume='plug.raw'/>")
                .contains("<alias name='virtio-disk1'/>")
                .contains("<address type='pci' domain='0x0000' bus='0x01' slot='0x01' function='0x0'/>");
        guest.detachDevice("<disk type='volume'><source pool='vk-plug-pool' volume='plug.raw'/>"
                + "<target dev='vdb'/></disk>");
        assertThat(queryBlock(guest)).doesNotContain(vol.path());

        // QEMU refuses the device (no SCSI controller): the nodes added for it go again, the live XML is unchanged
        assertThatThrownBy(() -> guest.attachDevice("<disk type='volume'><source pool='vk-plug-pool' "
                + "volume='plug.raw'/><target dev='sdb' bus='scsi'/></disk>"))
                .isInstanceOf(VirtException.class).hasMessageContaining("scsi0.0");
        // and so do they when the format node fails (the disk says qcow2, the volume is raw)
        assertThatThrownBy(() -> guest.attachDevice(volumeDisk("vk-plug-pool", "plug.raw", "vdc")
                .replace("bus='scsi'", "bus='virtio'"))).isInstanceOf(VirtException.class)
                .hasMessageContaining("Image is not in qcow2 format");
        assertThat(((QemuDomain) guest).monitorCommand("{\"execute\":\"query-named-block-nodes\"}"))
                .doesNotContain(vol.path());
        assertThat(guest.xml()).doesNotContain("plug.raw");
        guest.destroy();
    }

    /** update-device of a CD-ROM: a volume as its medium (resolved as at attach), then ejected; libvirt's refusals. */
    @Test
    void aCdromTakesAVolumeAsItsMedium() throws Exception {
        StorageVolume media = pool.createVolume(volumeXml("media.raw", 2 * MIB, "raw"));
        Domain guest = connection.defineDomain(guestXml(SCSI
                + "<disk type='file' device='cdrom'><target dev='sdb' bus='scsi'/><readonly/></disk>"));
        guest.start();
        String insert = "<disk type='volume' device='cdrom'><source pool='vk-plug-pool' volume='media.raw'/>"
                + "<target dev='sdb' bus='scsi'/><readonly/></disk>";
        guest.updateDevice(insert, DeviceModifyFlag.LIVE);
        assertThat(queryBlock(guest)).contains("\"qdev\":\"scsi0-0-0-1\"").contains(media.path());
        assertThat(guest.xml()).contains("<disk type='volume' device='cdrom'>")
                .contains("<source pool='vk-plug-pool' volume='media.raw'/>").contains("<alias name='scsi0-0-0-1'/>");
        assertThat(guest.xml(XmlFlag.INACTIVE)).doesNotContain("media.raw");
        assertCode(media::delete, ErrorCode.OPERATION_INVALID, "volume 'media.raw' is still in use.");

        guest.updateDevice("<disk type='file' device='cdrom'><target dev='sdb' bus='scsi'/><readonly/></disk>",
                DeviceModifyFlag.LIVE);
        assertThat(queryBlock(guest)).doesNotContain(media.path());
        assertThat(guest.xml()).doesNotContain("media.raw");

        guest.updateDevice(insert, DeviceModifyFlag.CONFIG);
        assertThat(guest.xml(XmlFlag.INACTIVE)).contains("<source pool='vk-plug-pool' volume='media.raw'/>");
        assertCode(() -> guest.updateDevice(insert.replace("sdb", "sdz"), DeviceModifyFlag.CONFIG),
                ErrorCode.INVALID_ARG, "target sdz doesn't exist.");
        assertCode(() -> guest.updateDevice(insert.replace("sdb", "sdz"), DeviceModifyFlag.LIVE),
                ErrorCode.DEVICE_MISSING, "disk sdz not found");
        assertCode(() -> guest.updateDevice(insert.replace("media.raw", "gone.raw"), DeviceModifyFlag.LIVE),
                ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name 'gone.raw'");
        guest.attachDevice(volumeDisk("vk-plug-pool", "media.raw", "sdc").replace("qcow2", "raw"),
                DeviceModifyFlag.LIVE);
        assertCode(() -> guest.updateDevice("<disk type='file' device='disk'><source file='/dev/null'/>"
                + "<target dev='sdc' bus='scsi'/></disk>", DeviceModifyFlag.LIVE), ErrorCode.OPERATION_UNSUPPORTED,
                "disk source can be changed only in removable drives");
        assertCode(() -> guest.updateDevice("<sound model='ich6'/>", DeviceModifyFlag.LIVE),
                ErrorCode.OPERATION_UNSUPPORTED, "live update of device 'sound' is not supported");
        guest.destroy();
        guest.undefine();
    }
}
