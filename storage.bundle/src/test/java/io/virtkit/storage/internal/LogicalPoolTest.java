package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A logical pool: a real LVM volume group on a loop device. The group's life runs on any kernel; logical
 * volumes need device-mapper, so on a kernel without it (as on this project's build machine) the test asserts
 * the clear refusal instead, and where it is present it makes, resizes and removes real ones.
 */
class LogicalPoolTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private final String vgName = "vktest" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() {
        host.close();
    }

    /** A group's device; at close the group and label go, whatever the test left, before the device does. */
    private Path device() throws Exception {
        Path device = host.loopDevice(64 * MIB);
        host.atClose(() -> {
            if (HostCommand.run(List.of("vgs", vgName)).ok()) {
                HostCommand.run(List.of("vgremove", "-f", vgName));
            }
            HostCommand.run(List.of("pvremove", "-ff", "-y", device.toString()));
        });
        return device;
    }

    @Test
    void theGroupIsBuiltStartedReportedStoppedAndDeleted() throws Exception {
        Path device = device();
        Files.write(device, new byte[] {'J', 'U', 'N', 'K'}, java.nio.file.StandardOpenOption.WRITE);
        LogicalPool pool = new LogicalPool(vgName, List.of(device));
        assertThat(pool.exists()).isFalse();

        pool.build(PoolBuildMode.NO_OVERWRITE);
        assertThat(pool.exists()).isTrue();
        assertThat(DeviceProbe.contentType(device)).contains("LVM2_member");
        assertThatThrownBy(() -> new LogicalPool(vgName + "x", List.of(device)).build(PoolBuildMode.NO_OVERWRITE))
                .isInstanceOf(VirtException.class)
                .hasMessage("Storage pool already built: Device '" + device + "' already formatted using 'lvm2'");

        pool.start();
        PoolSpace space = pool.space();
        assertThat(space.capacity()).isBetween(56 * MIB, 64 * MIB); // less the label and metadata, whole extents
        assertThat(space.allocation()).isZero();
        assertThat(space.available()).isEqualTo(space.capacity());
        assertThat(pool.refresh()).isEmpty();

        pool.stop();
        pool.delete();
        assertThat(pool.exists()).isFalse();
        assertThat(DeviceProbe.contentType(device)).isEmpty();
    }

    @Test
    void aFailedBuildLeavesNoPhysicalVolume() throws Exception {
        Path device = device();
        LogicalPool bad = new LogicalPool("bad/name", List.of(device));
        assertThatThrownBy(() -> bad.build(PoolBuildMode.OVERWRITE))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("vgcreate bad/name");
        assertThat(DeviceProbe.contentType(device)).isEmpty();
    }

    @Test
    void logicalVolumesWhereDeviceMapperIsOrAClearRefusalWhereItIsNot() throws Exception {
        Path device = device();
        LogicalPool pool = new LogicalPool(vgName, List.of(device));
        pool.build(PoolBuildMode.OVERWRITE);
        pool.start();
        boolean dmsetupWorks = HostCommand.run(List.of("dmsetup", "version")).ok();
        assertThat(new DeviceMapper().available()).isEqualTo(dmsetupWorks);
        assertThatThrownBy(() -> pool.createVolume("a/b", MIB))
                .hasMessage("Requested operation is not valid: volume name 'a/b' cannot contain '/'");

        if (!dmsetupWorks) {
            assertThatThrownBy(() -> pool.createVolume("lv1", 8 * MIB))
                    .isInstanceOf(VirtException.class)
                    .hasMessage("Operation not supported: cannot create logical volume 'lv1': this kernel has no"
                            + " device-mapper (no 'device-mapper' in /proc/misc), which logical volumes need")
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_UNSUPPORTED);
            assertThat(pool.refresh()).isEmpty();
            assertThat(pool.space().allocation()).isZero();
            return;
        }
        HostVolume lv = pool.createVolume("lv1", 6 * MIB); // rounded up to two 4 MiB extents
        assertThat(lv.capacity()).isEqualTo(8 * MIB);
        assertThat(lv.path()).isEqualTo(Path.of("/dev/" + vgName + "/lv1"));
        assertThat(lv.kind()).isEqualTo(HostVolume.Kind.BLOCK);
        assertThatThrownBy(() -> pool.createVolume("lv1", MIB))
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.STORAGE_VOL_EXIST);
        assertThat(pool.space().allocation()).isEqualTo(8 * MIB);

        assertThat(pool.resizeVolume("lv1", 16 * MIB, false).capacity()).isEqualTo(16 * MIB);
        assertThatThrownBy(() -> pool.resizeVolume("lv1", 4 * MIB, false))
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
        assertThat(pool.resizeVolume("lv1", 4 * MIB, true).capacity()).isEqualTo(4 * MIB);

        pool.deleteVolume("lv1");
        assertThat(pool.refresh()).isEmpty();
        pool.stop();
        pool.delete();
    }

    @Test
    void reportsAreReadInBytes() {
        String lvs = """
                {"report": [{"lv": [
                  {"lv_name":"data", "lv_path":"/dev/vg0/data", "lv_size":"8388608", "lv_attr":"-wi-a-----"},
                  {"lv_name":"pool0", "lv_path":"", "lv_size":"4194304", "lv_attr":"twi-a-tz--"}
                ]}]}""";
        assertThat(LvmReports.volumes("vg0", lvs)).containsExactly(new HostVolume("data", Path.of("/dev/vg0/data"),
                HostVolume.Kind.BLOCK, "raw", 8 * MIB, 8 * MIB, null, null));
        assertThat(LvmReports.space("""
                {"report": [{"vg": [{"vg_name":"vg0", "vg_size":"62914560", "vg_free":"54525952"}]}]}"""))
                .isEqualTo(new PoolSpace(62914560, 8 * MIB, 54525952));
    }
}
